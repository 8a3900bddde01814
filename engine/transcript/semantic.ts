/**
 * Semantic match (`*.SemanticMatch.Transcript` and `*.SemanticMatch.Phrase`).
 * Contact Lens decides these with a language model that no one can run locally, so
 * the engine evaluates them through a pluggable `SemanticMatcher`. The built-in
 * default, `lemma-overlap`, is a lexical stand-in; its `description` says so, and the
 * explain output should print it.
 */
import type { FunctionDocument, RuleNode } from '../../grammar/ast.ts';
import { tokenize } from './tokenize.ts';
import type { PreparedItem, TranscriptMatch, TranscriptMatcher } from './types.ts';

export interface SemanticSentenceResult {
  readonly matched: boolean;
  /** Why, in a sentence a supervisor can read (goes into the explain output). */
  readonly detail: string;
}

export interface SemanticMatcher {
  readonly name: string;
  /** What the matcher does and how far it can be trusted. */
  readonly description: string;
  /** `SemanticMatch.Transcript` operands: the first item that means one of the phrases. */
  compilePhrases(phrases: readonly string[]): TranscriptMatcher;
  /** `SemanticMatch.Phrase`: whether the conversation (the given items) is what the sentence describes. */
  compileSentence(sentence: string): (items: readonly PreparedItem[]) => SemanticSentenceResult;
}

/**
 * Function words carrying no content for the lemma-overlap matcher. Built by a call
 * marked pure with no arguments, so a bundle without transcript matching (packaged
 * without it: engine/compile/transcript-packaged.ts) drops it and this module whole;
 * a bare `new Set(text.split())` would stay, as esbuild keeps a call it cannot prove pure.
 */
const STOP_WORDS: ReadonlySet<string> = /* @__PURE__ */ stopWords();

function stopWords(): Set<string> {
  return new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between
  both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from
  further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
  how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most mustn't my myself no
  nor not of off on once only or other ought our ours ourselves out over own same shan't she she'd she'll she's
  should shouldn't so some such than that that's the their theirs them themselves then there there's these they
  they'd they'll they're they've this those through to too under until up very was wasn't we we'd we'll we're we've
  were weren't what what's when when's where where's which while who who's whom why why's will with won't would
  wouldn't you you'd you'll you're you've your yours yourself yourselves uh um okay ok yeah also get got please
  like well oh hi hello thanks thank`.split(/\s+/),
  );
}

const DOUBLED = /([bcdfghjklmnpqrstvz])\1$/;

/**
 * A crude suffix stemmer, the same on both sides: `refunds`, `refunding`, `refunded`
 * → `refund`; `policies` → `policy`; `changed`, `changing`, `change` → `chang`;
 * `cancelled`, `cancel` → `cancel` (a final doubled consonant is undoubled).
 */
export function lemma(word: string): string {
  let w = word.replace(/'s$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('ied')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && /(ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (DOUBLED.test(w)) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** The distinct content lemmas of a text, in order; all its words when every one is a stop word. */
export function contentLemmas(text: string): string[] {
  const words = tokenize(text).filter((w) => !w.startsWith('['));
  const content = words.filter((w) => !STOP_WORDS.has(w));
  return [...new Set((content.length > 0 ? content : words).map(lemma))];
}

const itemLemmas = new WeakMap<PreparedItem, ReadonlySet<string>>();
function lemmasOf(p: PreparedItem): ReadonlySet<string> {
  let set = itemLemmas.get(p);
  if (!set) {
    set = new Set(p.words.map(lemma));
    itemLemmas.set(p, set);
  }
  return set;
}

const conversationLemmas = new WeakMap<readonly PreparedItem[], ReadonlySet<string>>();
function lemmasOfAll(items: readonly PreparedItem[]): ReadonlySet<string> {
  let set = conversationLemmas.get(items);
  if (!set) {
    const all = new Set<string>();
    for (const p of items) for (const l of lemmasOf(p)) all.add(l);
    set = all;
    conversationLemmas.set(items, set);
  }
  return set;
}

/** Share of a sentence's content lemmas that must occur in the conversation. */
export const SENTENCE_THRESHOLD = 0.6;

export const lemmaOverlapMatcher: SemanticMatcher = {
  name: 'lemma-overlap',
  // a getter: a top-level expression that computes (the percent) is code esbuild keeps in
  // every bundle importing this module, so functions packaged without transcript matching kept it all
  get description() {
    return (
      'Built-in lexical stand-in for the Contact Lens semantic model: lower-case words, stop words dropped, ' +
      'crude suffix stemming. A phrase matches an utterance or message holding all its content lemmas, in any ' +
      `order; a sentence matches when at least ${SENTENCE_THRESHOLD * 100}% of its content lemmas occur in the ` +
      'conversation. It does not understand synonyms or paraphrases: plug in a real matcher with setSemanticMatcher().'
    );
  },
  compilePhrases(phrases: readonly string[]): TranscriptMatcher {
    const compiled = phrases.map((phrase) => ({ phrase, lemmas: contentLemmas(phrase) })).filter((c) => c.lemmas.length > 0);
    return {
      find(items: readonly PreparedItem[]): TranscriptMatch | undefined {
        for (const p of items) {
          const have = lemmasOf(p);
          for (const c of compiled) {
            if (c.lemmas.every((l) => have.has(l))) {
              return {
                phrase: c.phrase,
                itemId: p.item.Id,
                role: p.item.ParticipantRole,
                beginOffsetMillis: p.item.BeginOffsetMillis,
                text: p.item.Content,
              };
            }
          }
        }
        return undefined;
      },
    };
  },
  compileSentence(sentence: string) {
    const wanted = contentLemmas(sentence);
    return (items: readonly PreparedItem[]): SemanticSentenceResult => {
      if (wanted.length === 0) return { matched: false, detail: 'the sentence has no word to look for' };
      const have = lemmasOfAll(items);
      const found = wanted.filter((l) => have.has(l));
      const missing = wanted.filter((l) => !have.has(l));
      const share = found.length / wanted.length;
      const matched = share >= SENTENCE_THRESHOLD;
      const percent = Math.round(share * 100);
      return {
        matched,
        detail:
          `${found.length} of ${wanted.length} content words of the sentence occur in the conversation ` +
          `(${percent}% ${matched ? '≥' : '<'} ${SENTENCE_THRESHOLD * 100}%)` +
          (found.length ? `; found: ${found.join(', ')}` : '') +
          (missing.length ? `; missing: ${missing.join(', ')}` : ''),
      };
    };
  },
};

let current: SemanticMatcher = lemmaOverlapMatcher;

/** Replaces the semantic matcher used from now on (e.g. one backed by a model). */
export function setSemanticMatcher(matcher: SemanticMatcher | undefined): void {
  current = matcher ?? lemmaOverlapMatcher;
}

export function getSemanticMatcher(): SemanticMatcher {
  return current;
}

/** Whether a function has a semantic-match condition (a rule whose verdicts the stand-in may get wrong). */
export function hasSemanticCondition(document: FunctionDocument): boolean {
  const walk = (node: RuleNode): boolean => (node.kind === 'condition' ? isSemanticPath(node.comparisonValue) : node.operands.some(walk));
  return walk(document.root);
}

/** Whether a ComparisonValue is a semantic-match condition's (`*.SemanticMatch.Transcript`, `*.SemanticMatch.Phrase`). */
export const isSemanticPath = (path: string | undefined): boolean => path !== undefined && path.includes('.SemanticMatch.');

/**
 * The one line `eval`, `backtest`, `replay` and `test` print once a run when a semantic
 * condition took part in a verdict and the matcher is the built-in stand-in (none once a
 * real matcher is plugged in with setSemanticMatcher). AWS's own documented pairs
 * ("upset" / "not happy") are the kind of match it cannot make.
 */
export function semanticStandInWarning(matcher: SemanticMatcher = current): string | undefined {
  if (matcher !== lemmaOverlapMatcher) return undefined;
  return (
    `semantic match conditions were judged by ${matcher.name}, a lexical stand-in, not Contact Lens's semantic model: ` +
    'it does not understand synonyms or paraphrases, so their verdicts may differ from Connect\'s (see --explain)'
  );
}
