/**
 * Exact match's singular and plural in Spanish, Portuguese and French contacts: the
 * regular forms of a word, and which words of a phrase change in number.
 *
 * INTERPRETATION (fidelity F16): AWS's "Exact Match is an exact word match, which can be
 * either singular or plural" (admin guide, *How to use a Word or phrase condition in a
 * Contact Lens rule*, docs.aws.amazon.com/connect/latest/adminguide/exact-match-pattern-match-semantic-match.html)
 * names no language, and speaks of a word, not of which word of a phrase. These three languages form a noun's plural by rules written in the
 * word itself (its ending and written accent), so those rules are made here as
 * English's are in plural.ts; irregular plurals (fr `œil` → `yeux`, pt `álcool` →
 * `álcoois`) and plurals of words whose stress the spelling does not show are not made.
 * Other languages (German `Kind` → `Kinder`, Italian `rimborso` → `rimborsi`) get the
 * word as written (language.ts).
 *
 * | language | word ends in | plural |
 * | --- | --- | --- |
 * | `es` | an unaccented vowel, `á`, `é`, `ó` | + `s` (reembolso → reembolsos, café → cafés) |
 * | `es` | `í`, `ú` | + `s` and + `es` (menú → menús, rubí → rubíes) |
 * | `es` | `s`, `x` in a word of one syllable or stressed on the last (written accent) | + `es`, the accent dropped (mes → meses, autobús → autobuses, país → países: an accent on `í`/`ú` after a vowel stays) |
 * | `es` | `s`, `x` otherwise (stressed before the last syllable) | none: the plural is the word (crisis, lunes, tórax) |
 * | `es` | `z` | `z` → `ces` (vez → veces, lápiz → lápices) |
 * | `es` | `n` after an accented vowel | + `es`, the accent dropped (transacción → transacciones, jardín → jardines) |
 * | `es` | `n` otherwise | + `es`; in a word of two syllables or more with no accent, the stress written on the syllable before the last (examen → exámenes, orden → órdenes; pan → panes) |
 * | `es` | `l`, `r`, `d`, `j`, `y`, `ch` | + `es` (factor → factores, ciudad → ciudades, ley → leyes), and + `s` for borrowed words (email → emails) |
 * | `es` | another consonant (borrowed words) | + `s` (chat → chats, ticket → tickets) |
 * | `pt` | `ão` | `ões`, `ães`, `ãos` (all three made: the spelling does not say which; transação → transações, pão → pães, mão → mãos) |
 * | `pt` | another vowel | + `s` (reembolso → reembolsos, café → cafés) |
 * | `pt` | `m` | `m` → `ns` (item → itens) |
 * | `pt` | `r`, `z` | + `es` (valor → valores, luz → luzes) |
 * | `pt` | `s`, `x` in a word of one syllable or stressed on the last | + `es`, the accent dropped as in Spanish (mês → meses, português → portugueses, país → países) |
 * | `pt` | `s`, `x` otherwise | none (lápis, ônibus, tórax) |
 * | `pt` | `al`, `ol`, `ul` | `l` → `is`, `ol` → `óis` (real → reais, anzol → anzóis, azul → azuis) |
 * | `pt` | `el`, `il` | in a word with a written accent `el`/`il` → `eis` (nível → níveis, fácil → fáceis), else `el` → `éis`, `il` → `is` (papel → papéis, perfil → perfis) |
 * | `pt` | another consonant (borrowed words) | + `s` (chat → chats; e-mail → e-mails: `l` words get + `s` too) |
 * | `fr` | `s`, `x`, `z` | none (the plural is the word) |
 * | `fr` | `au`, `eau` | + `x` (bureau → bureaux) |
 * | `fr` | `eu` | + `x` and + `s` (jeu → jeux, pneu → pneus) |
 * | `fr` | `al` | `al` → `aux` and + `s` (journal → journaux, festival → festivals) |
 * | `fr` | `ail`, `ou` | + `s`, and `ail` → `aux`, `ou` → `oux` (détail → détails, travail → travaux; trou → trous, bijou → bijoux) |
 * | `fr` | anything else | + `s` (remboursement → remboursements) |
 *
 * Where the spelling allows two plurals both are accepted: a form nobody says (`cartãos`)
 * is never in a transcript, so it costs nothing; a plural missed would be a match missed.
 *
 * **Which words of a phrase change** (romancePhraseForms): these languages put the noun
 * first and inflect it and the adjectives agreeing with it, not a complement after `de`:
 * `tarjeta de crédito` → `tarjetas de crédito`, `carte bancaire` → `cartes bancaires`,
 * `cartão de crédito` → `cartões de crédito`. So the words before the first linking
 * word (`de`, `del`, `da`, `do`, `du`, `des`, `a`, `à`, `en`, `em`, `para`, `pour`...; all
 * the words when there is none; at most 4) may each be as written or in the other number,
 * articles and possessives too (`mi pedido` → `mis pedidos`, `pagar factura` → `pagar
 * facturas`, `la crisis` → `las crisis`), and the rest stay as written.
 */

const LETTER = /^\p{L}$/u;
const VOWEL_RUNS = /[aeiouáéíóúâêôàèìòùãõü]+/g;
const ACCENTED = /[áéíóúâêô]/;
const UNACCENT: Readonly<Record<string, string>> = { á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u', â: 'a', ê: 'e', ô: 'o' };
const ACUTE: Readonly<Record<string, string>> = { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú' };
const CIRCUMFLEX: Readonly<Record<string, string>> = { a: 'â', e: 'ê', o: 'ô' };
const STRONG = /[aeo]/;

/** The runs of vowels of a word (each a syllable's nucleus, diphthongs kept together), with where each begins. */
function vowelRuns(word: string): { run: string; at: number }[] {
  const runs: { run: string; at: number }[] = [];
  for (const m of word.matchAll(VOWEL_RUNS)) runs.push({ run: m[0], at: m.index });
  return runs;
}

/**
 * Whether a word ending in a consonant is stressed on its last syllable by its spelling:
 * one syllable, or a written accent in the last one.
 */
function stressedOnLast(word: string): boolean {
  const runs = vowelRuns(word);
  return runs.length === 1 || (runs.length > 1 && ACCENTED.test(runs[runs.length - 1].run));
}

/**
 * The word with the written accent of its last syllable dropped (`autobús` → `autobus`),
 * except an accent on `í` or `ú` after a vowel, which marks two syllables and stays
 * (`país` → `países`).
 */
function withoutLastAccent(word: string): string {
  const runs = vowelRuns(word);
  const last = runs[runs.length - 1];
  if (last === undefined) return word;
  for (let k = 0; k < last.run.length; k++) {
    const plain = UNACCENT[last.run[k]];
    if (plain === undefined) continue;
    if ((last.run[k] === 'í' || last.run[k] === 'ú') && k > 0) return word;
    const at = last.at + k;
    return word.slice(0, at) + plain + word.slice(at + 1);
  }
  return word;
}

/**
 * The word with an accent (`ACUTE` or `CIRCUMFLEX`) written on its syllable `fromEnd`
 * (1: the last; 2: the one before, `examen` → `exámen`): on that syllable's strong vowel
 * (`a`, `e`, `o`: `canción`'s `ió` → `ó`), else its last vowel.
 */
function withAccent(word: string, fromEnd: 1 | 2, accents: Readonly<Record<string, string>> = ACUTE): string {
  const runs = vowelRuns(word);
  const syllable = runs[runs.length - fromEnd];
  if (syllable === undefined) return word;
  let k = syllable.run.search(STRONG);
  if (k < 0) k = syllable.run.length - 1;
  const accented = accents[syllable.run[k]];
  if (accented === undefined) return word;
  const at = syllable.at + k;
  return word.slice(0, at) + accented + word.slice(at + 1);
}

/** `s`/`x`: + `es` where the last syllable is stressed, else none (the plural is the word). */
const sibilantPlurals = (w: string): string[] => (stressedOnLast(w) ? [`${withoutLastAccent(w)}es`] : []);

const SPANISH = (w: string): string[] => {
  if (/[aeiouáéó]$/.test(w)) return [`${w}s`];
  if (/[íú]$/.test(w)) return [`${w}s`, `${w}es`];
  if (/[sx]$/.test(w)) return sibilantPlurals(w);
  if (w.endsWith('z')) return [`${w.slice(0, -1)}ces`];
  if (w.endsWith('n')) {
    if (ACCENTED.test(w)) return [`${withoutLastAccent(w)}es`, `${w}s`];
    return [`${vowelRuns(w).length > 1 ? withAccent(w, 2) : w}es`, `${w}s`];
  }
  if (/([lrdjy]|ch)$/.test(w)) return [`${w}es`, `${w}s`];
  return [`${w}s`];
};

const PORTUGUESE = (w: string): string[] => {
  if (w.endsWith('ão')) return [`${w.slice(0, -2)}ões`, `${w.slice(0, -2)}ães`, `${w}s`];
  if (/[aeiouáéíóúâêôãõ]$/.test(w)) return [`${w}s`];
  if (w.endsWith('m')) return [`${w.slice(0, -1)}ns`];
  if (/[rz]$/.test(w)) return [`${w}es`];
  if (/[sx]$/.test(w)) return sibilantPlurals(w);
  if (w.endsWith('al') || w.endsWith('ul')) return [`${w.slice(0, -1)}is`, `${w}s`];
  if (w.endsWith('ol')) return [`${w.slice(0, -2)}óis`, `${w}s`];
  if (w.endsWith('el')) return [`${w.slice(0, -2)}${ACCENTED.test(w) ? 'eis' : 'éis'}`, `${w}s`];
  if (w.endsWith('il')) return [ACCENTED.test(w) ? `${w.slice(0, -2)}eis` : `${w.slice(0, -1)}s`, `${w}s`];
  return [`${w}s`];
};

const FRENCH = (w: string): string[] => {
  if (/[sxz]$/.test(w)) return [];
  if (w.endsWith('au')) return [`${w}x`];
  if (w.endsWith('eu')) return [`${w}x`, `${w}s`];
  if (w.endsWith('al')) return [`${w.slice(0, -2)}aux`, `${w}s`];
  if (w.endsWith('ail')) return [`${w}s`, `${w.slice(0, -3)}aux`];
  if (w.endsWith('ou')) return [`${w}s`, `${w}x`];
  return [`${w}s`];
};

const PLURALS: Readonly<Record<string, (word: string) => string[]>> = { es: SPANISH, pt: PORTUGUESE, fr: FRENCH };

/**
 * Words whose regular plural would be another frequent word, with their real plurals
 * (`word:plural`; none: no plural): pt `mal` → `males`, not `mais` ("more"); `mão` →
 * `mãos`, not `mães` ("mothers"); fr `mai` is not `mais` ("but"), `moi` not `mois`;
 * es `ante` is not `antes`; es `dio` ("gave", a verb) has no plural, and `dios` ("god")
 * is a singular whose plural is `dioses`, so neither is a form of the other. Plurals
 * whose stress moves, which the spelling rules cannot make: es `régimen` → `regímenes`,
 * `espécimen` → `especímenes`, `carácter` → `caracteres` (pt `caráter` → `caracteres`);
 * a listed plural finds its singular too. And words that are their own plural whose
 * spelling reads as a plural (`colis`, not of `coli`; `lunes`; fr `fois`, "time(s)",
 * never `foi`, "faith", whose plural nobody says), which get no singular.
 */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  es: 'ante lunes martes miércoles jueves viernes dio dios:dioses régimen:regímenes espécimen:especímenes carácter:caracteres',
  pt: 'mal:males mão:mãos caráter:caracteres',
  fr: 'mai moi frais colis devis avis refus abus fois foi',
};

/**
 * The endings a plural of the table may end in, with what the singular ended in: undone
 * to find a plural's singular candidates, each kept only when its plurals give the
 * plural back (so both directions follow the one table).
 */
const UNDO = pairs('s: es: x: ces:z ns:m ões:ão ães:ão is:l is:il óis:ol éis:el eis:el eis:il aux:al aux:ail');

/**
 * Words that join a noun to its complement: the noun and its adjectives stand before the
 * first (after the phrase's first word; `y`/`et`/`e` are not among them: `nombre y
 * apellido` → `nombres y apellidos`).
 */
const LINKING: Readonly<Record<string, string>> = {
  es: 'de del a al en con para por sin sobre',
  pt: 'de do da dos das a ao em no na nos nas com para por pelo pela sem sobre',
  fr: 'de du des à au aux en pour par avec sans sur',
};

/**
 * Articles and possessives before a noun, singular and plural, which the rules above do
 * not make (`el` → `los`, `la` → `les`): a phrase's head changes them with its noun
 * (`mi pedido` → `mis pedidos`, `la facture` → `les factures`).
 */
const DETERMINERS: Readonly<Record<string, string>> = {
  es: 'el:los la:las un:unos una:unas mi:mis tu:tus su:sus este:estos esta:estas ese:esos esa:esas',
  pt: 'o:os a:as um:uns uma:umas meu:meus minha:minhas seu:seus sua:suas este:estes esta:estas',
  fr: 'le:les la:les un:des une:des mon:mes ma:mes ton:tes ta:tes son:ses sa:ses ce:ces cet:ces cette:ces notre:nos votre:vos leur:leurs',
};

/**
 * A table written as `one:other` pairs separated by spaces (`'el:los la:las'`; an empty
 * side after the colon is the empty string): the tables of this module are strings because
 * every Lambda that reads a transcript carries them (written as arrays they cost ~450 bytes
 * more of a budget of 600 KB).
 */
function pairs(table: string): (readonly [string, string])[] {
  return table.split(' ').map((pair) => {
    const [one, other] = pair.split(':');
    return [one, other ?? ''] as const;
  });
}

/** Each determiner's forms in the other number, both ways (`les` → `le`, `la`). */
function otherNumbers(pairs: readonly (readonly [string, string])[]): ReadonlyMap<string, readonly string[]> {
  const map = new Map<string, string[]>();
  const add = (from: string, to: string) => {
    const list = map.get(from);
    if (list === undefined) map.set(from, [to]);
    else if (!list.includes(to)) list.push(to);
  };
  for (const [one, many] of pairs) {
    add(one, many);
    add(many, one);
  }
  return map;
}

/**
 * At most this many words change, and at most this many forms of the phrase
 * are made: an operand of thousands of words (bounded work whatever a rule says) changes
 * its first word only.
 */
const MOST_HEAD_WORDS = 4;
const MOST_PHRASE_FORMS = 256;

/** A form of a phrase: its words but the last, then any of `lasts`. */
export interface PhraseForm {
  readonly prefix: readonly string[];
  readonly lasts: readonly string[];
}

/** What exact match accepts for an operand in a language: a word's forms (itself first), and a phrase's. */
export interface ExactForms {
  (word: string): string[];
  /** The forms of a phrase of two words or more (the words as written first). */
  readonly phrase: (words: readonly string[]) => PhraseForm[];
}

/**
 * The forms exact match accepts in a contact of language `code` (a primary subtag): for
 * a word, itself, its plurals and its singulars; for a phrase, itself and the phrase
 * with its noun and adjectives in the other number (module comment). Undefined for a
 * language without such rules here.
 */
export function romanceExactForms(code: string): ExactForms | undefined {
  const pluralsOf = PLURALS[code];
  if (pluralsOf === undefined) return undefined;
  const linking = new Set(LINKING[code].split(' '));
  const determiners = otherNumbers(pairs(DETERMINERS[code]));
  const exceptions = new Map(EXCEPTIONS[code].split(' ').map((e) => [e.split(':')[0], e.split(':').slice(1)]));
  const plurals = (w: string): string[] => exceptions.get(w) ?? (w.length < 3 || /[\d'[]/.test(w) || !LETTER.test(w[w.length - 1]) ? [] : pluralsOf(w));
  // es/pt: a singular in unstressed `i`/`u` is not made from `crisis`, `análisis`, `ônibus`, `lápis`,
  // their own plurals (such singulars, `taxi`, `tribu`, are rarer than these words)
  const invented = (c: string) => code !== 'fr' && /[iu]$/.test(c) && vowelRuns(c).length > 1 && (code === 'es' || ACCENTED.test(c));
  const singulars = (word: string): string[] => {
    const found: string[] = [];
    if (exceptions.has(word)) return found;
    for (const [one, many] of exceptions) if (many.includes(word)) found.push(one);
    for (const [ending, was] of UNDO) {
      if (!word.endsWith(ending)) continue;
      const stem = word.slice(0, word.length - ending.length) + was;
      // the plural may have dropped the singular's last accent (canciones → canción) or written one before it (exámenes → examen)
      for (const c of [stem, withAccent(stem, 1), withAccent(stem, 1, CIRCUMFLEX), withoutAnyAccent(stem)]) if (!found.includes(c) && !invented(c) && plurals(c).includes(word)) found.push(c);
    }
    return found;
  };
  const forms = (word: string): string[] => {
    const all = [word];
    for (const f of [...plurals(word), ...singulars(word)]) if (!all.includes(f)) all.push(f);
    return all;
  };
  const phrase = (words: readonly string[]): PhraseForm[] => {
    const asWritten: PhraseForm = { prefix: words.slice(0, -1), lasts: [words[words.length - 1]] };
    let head = words.findIndex((w, k) => k > 0 && (linking.has(w) || /^[dl]'/.test(w)));
    if (head < 0) head = words.length;
    if (head > MOST_HEAD_WORDS) head = 1;
    // each head word as written or in its other number, on its own: a verb (`pagar factura`
    // → `pagar facturas`) or an invariable word (`las crisis`, `cargos extra`) keeps its form
    let choices = words.slice(0, head).map((w) => [w, ...(determiners.get(w) ?? forms(w).slice(1))]);
    if (choices.reduce((n, c) => n * c.length, 1) > MOST_PHRASE_FORMS) choices = choices.slice(0, 1);
    const rest = words.slice(choices.length);
    const result = [asWritten];
    let combos: string[][] = [[]];
    for (const c of choices) combos = combos.flatMap((before) => c.map((w) => [...before, w]));
    for (const changed of combos.slice(1)) {
      const all = [...changed, ...rest];
      result.push({ prefix: all.slice(0, -1), lasts: [all[all.length - 1]] });
    }
    return result;
  };
  return Object.assign(forms, { phrase });
}

const withoutAnyAccent = (stem: string): string => stem.replace(/[áéíóúâêô]/g, (c) => UNACCENT[c]);
