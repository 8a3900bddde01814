import { describe, expect, it } from 'vitest';
import { romanceExactForms } from './romance-plural.ts';

/** Singular and plural as a Spanish, Portuguese or French grammar gives them. */
const PAIRS: Record<'es' | 'pt' | 'fr', [string, string][]> = {
  es: [
    ['reembolso', 'reembolsos'], ['café', 'cafés'], ['mes', 'meses'], ['autobús', 'autobuses'], ['país', 'países'], ['inglés', 'ingleses'],
    ['vez', 'veces'], ['lápiz', 'lápices'], ['canción', 'canciones'], ['jardín', 'jardines'], ['examen', 'exámenes'], ['orden', 'órdenes'],
    ['imagen', 'imágenes'], ['pan', 'panes'], ['factor', 'factores'], ['ciudad', 'ciudades'], ['ley', 'leyes'], ['chat', 'chats'], ['email', 'emails'],
    // the stress moves (the exceptions table): the accent is written on another syllable
    ['régimen', 'regímenes'], ['espécimen', 'especímenes'], ['carácter', 'caracteres'], ['dios', 'dioses'],
  ],
  pt: [
    ['reembolso', 'reembolsos'], ['transação', 'transações'], ['cartão', 'cartões'], ['pão', 'pães'], ['mão', 'mãos'], ['item', 'itens'],
    ['valor', 'valores'], ['luz', 'luzes'], ['mês', 'meses'], ['português', 'portugueses'], ['real', 'reais'], ['azul', 'azuis'],
    ['anzol', 'anzóis'], ['papel', 'papéis'], ['nível', 'níveis'], ['fácil', 'fáceis'], ['perfil', 'perfis'], ['chat', 'chats'], ['caráter', 'caracteres'],
  ],
  fr: [
    ['remboursement', 'remboursements'], ['bureau', 'bureaux'], ['jeu', 'jeux'], ['pneu', 'pneus'], ['journal', 'journaux'], ['festival', 'festivals'],
    ['détail', 'détails'], ['travail', 'travaux'], ['trou', 'trous'], ['bijou', 'bijoux'],
  ],
};

/** Words whose plural is the word itself. */
const SAME: Record<'es' | 'pt' | 'fr', string[]> = {
  es: ['crisis', 'lunes', 'tórax', 'análisis', 'virus', 'tesis'],
  pt: ['lápis', 'ônibus', 'vírus', 'tênis'],
  fr: ['frais', 'prix', 'nez', 'colis', 'devis', 'fois'],
};

describe.each(['es', 'pt', 'fr'] as const)('exact match forms in %s', (code) => {
  const forms = romanceExactForms(code)!;

  it.each(PAIRS[code])('%s and %s accept each other', (one, many) => {
    expect(forms(one)).toContain(many);
    expect(forms(many)).toContain(one);
  });

  it.each(SAME[code])('%s is its own singular and plural: no other form', (word) => {
    expect(forms(word)).toEqual([word]);
  });
});

describe('frequent words that are not singular and plural of each other are never made forms of each other', () => {
  const FREQUENT: Record<'es' | 'pt' | 'fr', string[]> = {
    es: ['ante', 'antes', 'más', 'mas', 'no', 'es', 'un', 'unos', 'mes', 'dio', 'dios'],
    pt: ['mal', 'mais', 'mão', 'mães', 'mas', 'um', 'uns', 'mês'],
    fr: ['mai', 'mais', 'moi', 'mois', 'mes', 'un', 'une', 'fois', 'foi'],
  };
  it.each(Object.entries(FREQUENT))('%s', (code, words) => {
    const forms = romanceExactForms(code)!;
    for (const w of words) expect([w, forms(w).filter((f) => f !== w && words.includes(f))]).toEqual([w, []]);
  });

  it('pt mal and mão keep their own plurals', () => {
    const forms = romanceExactForms('pt')!;
    expect(forms('mal')).toEqual(['mal', 'males']);
    expect(forms('males')).toContain('mal');
    expect(forms('mão')).toEqual(['mão', 'mãos']);
    expect(forms('mãos')).toContain('mão');
  });
});

describe('which words of a phrase change', () => {
  const phrasesOf = (code: string, text: string) => romanceExactForms(code)!.phrase(text.split(' ')).map((f) => [...f.prefix, ...f.lasts].join(' '));

  it('the noun before "de" changes, the complement keeps its number', () => {
    expect(phrasesOf('es', 'tarjeta de crédito')).toEqual(['tarjeta de crédito', 'tarjetas de crédito']);
    expect(phrasesOf('fr', 'cartes de crédit')).toEqual(['cartes de crédit', 'carte de crédit']);
    expect(phrasesOf('pt', 'cartão de crédito')).toContain('cartões de crédito');
    expect(phrasesOf('pt', 'cartão de crédito')).not.toContain('cartão de créditos');
  });

  it('a noun and its adjectives, article or possessive change number', () => {
    expect(phrasesOf('es', 'cuenta bancaria')).toContain('cuentas bancarias');
    expect(phrasesOf('es', 'mi pedido')).toContain('mis pedidos');
    expect(phrasesOf('fr', 'la facture')).toContain('les factures');
  });

  it('each head word changes on its own: a verb keeps its form, its object changes', () => {
    expect(phrasesOf('es', 'pagar factura')).toContain('pagar facturas');
    expect(phrasesOf('pt', 'cancelar assinatura')).toContain('cancelar assinaturas');
    expect(phrasesOf('es', 'cancelar la suscripción')).toContain('cancelar las suscripciones');
  });

  it('a phrase of 100,000 words is compiled in two forms (work bounded whatever the operand)', () => {
    const forms = romanceExactForms('es')!.phrase(Array.from({ length: 100_000 }, () => 'palabra'));
    expect(forms).toHaveLength(2);
    expect(forms[1].prefix[0]).toBe('palabras');
    expect(forms[1].prefix[1]).toBe('palabra');
  });
});
