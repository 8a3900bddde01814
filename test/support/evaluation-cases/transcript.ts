/**
 * Cases of the conversation conditions the Contact Lens sources share: exact,
 * pattern and semantic match of words and phrases, the natural-language semantic
 * match, and the AI agent condition (docs/canonical-events.md, "Transcript matching"). The same conversation serves voice and chat: only the
 * period filter's name and what can be negated differ, and each source's table
 * passes those by hand.
 */
import type { EventSourceName } from '../../../grammar/catalogue/types.ts';
import {
  and,
  caseMaker,
  contactEvent,
  filter,
  item,
  leaf,
  negated,
  quartet,
  role,
  type EvalCase,
  type Json,
  type JsonObject,
} from './support.ts';

/**
 * A support call, 60 s long (the analysis says so in TotalConversationDurationMillis;
 * the last utterance ends at 56 s).
 */
export const CONVERSATION: JsonObject[] = [
  item('a1', 'AGENT', 'Thank you for calling Example Bank, this is Alice. How may I help you?', 0, 4200),
  item('c1', 'CUSTOMER', "Hi. I was charged twice for my order, and I'd like a refund.", 4800, 9600),
  item('a2', 'AGENT', 'I can help with refunds. Our policies allow a refund within 30 days.', 10000, 15500),
  item('c2', 'CUSTOMER', 'Great. Also I want to cancel my account after that.', 16000, 21000),
  item('a3', 'AGENT', 'Done. Is there anything else I can do for you today?', 48000, 52000),
  item('c3', 'CUSTOMER', 'No, thank you. Goodbye.', 53000, 56000),
];
export const CONVERSATION_MILLIS = 60000;

export interface TranscriptSource {
  readonly source: EventSourceName;
  readonly prefix: string;
  /** `PostCallContactPeriodSeconds` / `PostChatContactPeriodSeconds`; absent in real time. */
  readonly periodFilter?: string;
  /** Whether `Negate: true` is documented on the words-or-phrases conditions. */
  readonly negatable: boolean;
}

/** Exact-match cases of `src`. */
export function exactMatchCases(src: TranscriptSource): EvalCase[] {
  const { source, prefix, periodFilter } = src;
  const path = `${prefix}.ExactMatch.Transcript`;
  const ev = (items?: JsonObject[], extra: JsonObject = {}) =>
    contactEvent(source, { ...(items ? { Transcript: items } : {}), TotalConversationDurationMillis: CONVERSATION_MILLIS, ...extra });
  const said = (...texts: string[]) => ev(texts.map((t, i) => item(`x${i + 1}`, 'CUSTOMER', t, i * 5000, i * 5000 + 4000)));
  const inLanguage = (LanguageCode: string, text: string) => ev([item('x1', 'CUSTOMER', text, 0, 4000)], { LanguageCode });
  const exact = (operands: string[], r: 'AGENT' | 'CUSTOMER' | 'ANY', more: JsonObject[] = []) =>
    leaf(path, 'CONTAINS_ANY', operands, { filters: [role(r), ...more] });
  const c = caseMaker(source, 'Exact match: ');

  const cases: EvalCase[] = [
    ...quartet(
      source,
      'Exact match "refund" by the customer',
      exact(['refund'], 'CUSTOMER'),
      { match: ev(CONVERSATION), noMatch: said('I was charged twice for my order.'), missing: ev() },
      { negatable: src.negatable },
    ),
    c('the agent said "refunds" and "refund"', exact(['refund'], 'AGENT'), ev(CONVERSATION), true),
    c('"refund" matches the plural "refunds"', exact(['refund'], 'ANY'), said('Refunds take five days.'), true),
    // AWS (admin guide, exact-match-pattern-match-semantic-match): "Exact Match is an exact
    // word match, which can be either singular or plural": both ways.
    c('"refunds" matches the singular "refund"', exact(['refunds'], 'ANY'), said('I want a refund.'), true),
    c('"policies" matches the singular "policy"', exact(['policies'], 'ANY'), said('What is the policy?'), true),
    c('"credit cards" matches "credit card"', exact(['credit cards'], 'ANY'), said('My credit card was charged.'), true),
    // AWS: "Exact Match is an exact word match, which can be either singular or plural" (no language named).
    // Plurals follow the contact's language (engine/transcript/language.ts, plural.ts): English's rules,
    // Spanish, Portuguese and French regular -s/-es ones, else the words as said.
    c('"refund" matches "refunds" on an en-GB contact', exact(['refund'], 'ANY'), inLanguage('en-GB', 'Refunds take five days.'), true),
    c('"reembolso" matches "reembolsos" on an es-ES contact', exact(['reembolso'], 'ANY'), inLanguage('es-ES', 'Los reembolsos tardan cinco días.'), true),
    c('"reembolsos" matches "reembolso" on an es-ES contact', exact(['reembolsos'], 'ANY'), inLanguage('es-ES', 'Quiero un reembolso.'), true),
    c('"reembolso" matches itself on an es-ES contact', exact(['reembolso'], 'ANY'), inLanguage('es-ES', 'Quiero un reembolso.'), true),
    c('"factor" matches "factores" on an es-MX contact (consonant: + es)', exact(['factor'], 'ANY'), inLanguage('es-MX', 'Hay dos factores.'), true),
    c('"vez" matches "veces" on an es-ES contact (z: ces)', exact(['vez'], 'ANY'), inLanguage('es-ES', 'Llamé tres veces.'), true),
    c('"remboursement" matches "remboursements" on a fr-FR contact', exact(['remboursement'], 'ANY'), inLanguage('fr-FR', 'Les remboursements prennent cinq jours.'), true),
    c('"itens" matches "item" on a pt-BR contact (m: ns)', exact(['itens'], 'ANY'), inLanguage('pt-BR', 'Falta um item.'), true),
    c('"policy" does not match "policies" on an es-ES contact (the -ies rule is English\'s)', exact(['policy'], 'ANY'), inLanguage('es-ES', 'Las policies nuevas.'), false),
    c('"Kind" does not match "Kinder" on a de-DE contact (German does not add -s/-es)', exact(['Kind'], 'ANY'), inLanguage('de-DE', 'Die Kinder sind hier.'), false),
    c('"rimborso" does not match "rimborsos" on an it-IT contact (Italian does not add -s)', exact(['rimborso'], 'ANY'), inLanguage('it-IT', 'Due rimborsos.'), false),
    // Spelling rules beyond -s/-es (engine/transcript/romance-plural.ts): a word ending in -s, accents that move, -ão, -al.
    c('"mes" matches "meses" on an es-ES contact (one syllable ending in s: + es)', exact(['mes'], 'ANY'), inLanguage('es-ES', 'Llevo tres meses esperando.'), true),
    c('"países" matches "país" on an es-MX contact', exact(['países'], 'ANY'), inLanguage('es-MX', 'Llamo desde otro país.'), true),
    c('"crisis" is its own plural on an es-ES contact: it does not match "crisises"', exact(['crisis'], 'ANY'), inLanguage('es-ES', 'Dos crisises.'), false),
    c('"transacción" matches "transacciones" on an es-US contact (the accent dropped)', exact(['transacción'], 'ANY'), inLanguage('es-US', 'No reconozco estas transacciones.'), true),
    c('"orden" matches "órdenes" on an es-ES contact (the accent written)', exact(['orden'], 'ANY'), inLanguage('es-ES', 'Tengo dos órdenes pendientes.'), true),
    c('"transação" matches "transações" on a pt-BR contact (ão: ões)', exact(['transação'], 'ANY'), inLanguage('pt-BR', 'Não reconheço essas transações.'), true),
    c('"real" matches "reais" on a pt-BR contact (al: ais)', exact(['real'], 'ANY'), inLanguage('pt-BR', 'Foram cem reais.'), true),
    c('"meses" matches "mês" on a pt-PT contact', exact(['meses'], 'ANY'), inLanguage('pt-PT', 'Paguei no mês passado.'), true),
    c('"mal" does not match "mais" ("more") on a pt-BR contact', exact(['mal atendido', 'mal'], 'ANY'), inLanguage('pt-BR', 'Quero mais informações sobre a minha conta.'), false),
    c('"mal" matches "males" on a pt-BR contact', exact(['mal'], 'ANY'), inLanguage('pt-BR', 'São males necessários.'), true),
    c('"mão" does not match "mães" on a pt-BR contact', exact(['mão'], 'ANY'), inLanguage('pt-BR', 'As mães ligaram.'), false),
    c('"mai" does not match "mais" ("but") on a fr-FR contact', exact(['mai'], 'ANY'), inLanguage('fr-FR', 'Oui, mais non.'), false),
    c('"journal" matches "journaux" on a fr-FR contact (al: aux)', exact(['journal'], 'ANY'), inLanguage('fr-FR', 'Les journaux sont arrivés.'), true),
    // Spanish, Portuguese and French inflect the noun and its adjectives, before "de" (romance-plural.ts), not the last word.
    c('"tarjeta de crédito" matches "tarjetas de crédito" on an es-ES contact', exact(['tarjeta de crédito'], 'ANY'), inLanguage('es-ES', 'Tengo dos tarjetas de crédito.'), true),
    c('"tarjetas de crédito" matches "tarjeta de crédito" on an es-ES contact', exact(['tarjetas de crédito'], 'ANY'), inLanguage('es-ES', 'Mi tarjeta de crédito no funciona.'), true),
    c('"tarjeta de crédito" does not match "tarjeta de créditos" (the complement keeps its number)', exact(['tarjeta de crédito'], 'ANY'), inLanguage('es-ES', 'Una tarjeta de créditos.'), false),
    c('"cuenta bancaria" matches "cuentas bancarias" on an es-ES contact (noun and adjective together)', exact(['cuenta bancaria'], 'ANY'), inLanguage('es-ES', 'Tengo dos cuentas bancarias.'), true),
    c('"pagar factura" matches "pagar facturas" on an es-ES contact (the verb keeps its form)', exact(['pagar factura'], 'ANY'), inLanguage('es-ES', 'Quiero pagar facturas atrasadas.'), true),
    c('"cancelar la suscripción" matches "cancelar las suscripciones" on an es-US contact', exact(['cancelar la suscripción'], 'ANY'), inLanguage('es-US', 'Quiero cancelar las suscripciones.'), true),
    c('"cancelar assinatura" matches "cancelar assinaturas" on a pt-BR contact', exact(['cancelar assinatura'], 'ANY'), inLanguage('pt-BR', 'Quero cancelar assinaturas.'), true),
    c('"la crisis" matches "las crisis" on an es-ES contact (the noun is its own plural)', exact(['la crisis'], 'ANY'), inLanguage('es-ES', 'Las crisis pasan.'), true),
    c('"crisis" does not match an invented singular "crisi" on an es-ES contact', exact(['crisis'], 'ANY'), inLanguage('es-ES', 'Una crisi.'), false),
    c('"colis" does not match an invented singular "coli" on a fr-FR contact', exact(['colis'], 'ANY'), inLanguage('fr-FR', 'Le coli.'), false),
    c('"le colis" matches "les colis" on a fr-FR contact', exact(['le colis'], 'ANY'), inLanguage('fr-FR', 'Je voudrais suivre les colis.'), true),
    c('"cargo extra" matches "cargos extra" on an es-ES contact (an invariable adjective)', exact(['cargo extra'], 'ANY'), inLanguage('es-ES', 'Tengo dos cargos extra.'), true),
    c('"mi pedido" matches "mis pedidos" on an es-ES contact (the possessive with its noun)', exact(['mi pedido'], 'ANY'), inLanguage('es-ES', '¿Dónde están mis pedidos?'), true),
    c('"cartão de crédito" matches "cartões de crédito" on a pt-BR contact', exact(['cartão de crédito'], 'ANY'), inLanguage('pt-BR', 'Tenho dois cartões de crédito.'), true),
    c('"carte de crédit" matches "cartes de crédit" on a fr-FR contact', exact(['carte de crédit'], 'ANY'), inLanguage('fr-FR', 'J\'ai deux cartes de crédit.'), true),
    c('"carte bancaire" matches "cartes bancaires" on a fr-CA contact', exact(['carte bancaire'], 'ANY'), inLanguage('fr-CA', 'Mes cartes bancaires sont bloquées.'), true),
    c('"credit card" still changes its last word only on an en-US contact: no match for "credits card"', exact(['credit card'], 'ANY'), inLanguage('en-US', 'Two credits card.'), false),
    // Languages written without spaces: ICU's word segments of the contact's language (engine/transcript/segmented.ts).
    c('"返金" in a ja-JP sentence with no spaces', exact(['返金'], 'ANY'), inLanguage('ja-JP', '返金をお願いします。'), true),
    c('"金" is not matched inside the word "返金" (ja-JP)', exact(['金'], 'ANY'), inLanguage('ja-JP', '返金をお願いします。'), false),
    c('"退款" in a zh-CN sentence with no spaces', exact(['退款'], 'ANY'), inLanguage('zh-CN', '我要退款，谢谢。'), true),
    c('"refunds" does not match "refunding"', exact(['refunds'], 'ANY'), said('I am refunding the charge now.'), false),
    c('"refund" does not match "refunding"', exact(['refund'], 'ANY'), said('I am refunding the charge now.'), false),
    c('"refund" does not match "refunded"', exact(['refund'], 'ANY'), said('It was refunded yesterday.'), false),
    c('"fun" does not match inside "refund"', exact(['fun'], 'ANY'), ev(CONVERSATION), false),
    c('"policy" matches "policies"', exact(['policy'], 'AGENT'), ev(CONVERSATION), true),
    c('case-insensitive', exact(['CANCEL MY ACCOUNT'], 'ANY'), ev(CONVERSATION), true),
    c('a phrase within one item', exact(['cancel my account'], 'CUSTOMER'), ev(CONVERSATION), true),
    c('a phrase said by the other role', exact(['cancel my account'], 'AGENT'), ev(CONVERSATION), false),
    c('a phrase split across two items', exact(['cancel my account'], 'ANY'), said('I want to cancel', 'my account, please.'), false),
    c('punctuation between the words of a phrase', exact(['cancel my account'], 'ANY'), said('Please cancel... my account!'), true),
    c('the words of a phrase out of order', exact(['cancel my account'], 'ANY'), said('My account, cancel it.'), false),
    c('an apostrophe belongs to its word', exact(["I'd like a refund"], 'CUSTOMER'), ev(CONVERSATION), true),
    c('"id like" is not "I\'d like"', exact(['id like a refund'], 'CUSTOMER'), ev(CONVERSATION), false),
    c('any of several operands', exact(['double charge', 'charged twice'], 'CUSTOMER'), ev(CONVERSATION), true),
    c('none of several operands', exact(['close my account', 'speak to a manager'], 'ANY'), ev(CONVERSATION), false),
    c('an empty transcript is a missing value', exact(['refund'], 'ANY'), ev([]), false),
    c(
      'no item of the role is a missing value',
      exact(['thank you'], 'CUSTOMER'),
      ev([item('a1', 'AGENT', 'Thank you for calling.', 0, 2000)]),
      false,
    ),
  ];
  if (src.negatable) {
    cases.push(
      c(
        'negated, no item of the role: the customer never said it',
        negated(exact(['thank you'], 'CUSTOMER')),
        ev([item('a1', 'AGENT', 'Thank you for calling.', 0, 2000)]),
        true,
      ),
    );
  }
  if (periodFilter) {
    const first = (n: number) => filter(periodFilter, { First: n });
    const last = (n: number) => filter(periodFilter, { Last: n });
    cases.push(
      c('First 10 s: the customer asked for a refund at 4.8 s', exact(['refund'], 'CUSTOMER', [first(10)]), ev(CONVERSATION), true),
      c('First 16 s: an item beginning at exactly 16 s is out', exact(['cancel my account'], 'CUSTOMER', [first(16)]), ev(CONVERSATION), false),
      c('First 17 s: an item beginning at 16 s is in', exact(['cancel my account'], 'CUSTOMER', [first(17)]), ev(CONVERSATION), true),
      c('Last 10 s: "goodbye" at the end of the call', exact(['goodbye'], 'ANY', [last(10)]), ev(CONVERSATION), true),
      c('Last 10 s: the refund was asked for earlier', exact(['refund'], 'CUSTOMER', [last(10)]), ev(CONVERSATION), false),
      c(
        'Last 40 s of a 60 s conversation: an item ending at 21 s is in',
        exact(['cancel my account'], 'CUSTOMER', [last(40)]),
        ev(CONVERSATION),
        true,
      ),
      c(
        'Last 39 s of a 60 s conversation (not of the 56 s the items span): an item ending at 21 s is out',
        exact(['cancel my account'], 'CUSTOMER', [last(39)]),
        ev(CONVERSATION),
        false,
      ),
    );
    if (src.negatable) {
      const greeting = negated(exact(['thank you for calling', 'how may I help'], 'AGENT', [first(30)]));
      cases.push(
        c('negated greeting in the first 30 s: the agent greeted', greeting, ev(CONVERSATION), false),
        c(
          'negated greeting in the first 30 s: the agent did not',
          greeting,
          ev([item('a1', 'AGENT', 'Yes?', 0, 1000), item('c1', 'CUSTOMER', 'Thank you for calling me back.', 1500, 4000)]),
          true,
        ),
        c(
          'negated greeting in the first 30 s: greeted only after 30 s',
          greeting,
          ev([item('c1', 'CUSTOMER', 'Hello?', 0, 1000), item('a1', 'AGENT', 'Sorry! Thank you for calling.', 31000, 34000)]),
          true,
        ),
      );
    }
  }
  return cases;
}

const plain = (value: string): JsonObject => ({ Type: 'PLAIN', Value: value });
const proximity = (distance: number, isWithin: boolean): JsonObject => ({
  Type: 'PROXIMITY',
  Value: { Distance: distance, IsWithin: isWithin },
});
const list = (...values: string[]): JsonObject => ({ Type: 'LIST', Value: values.map(plain) });
const numerical = (decimal: boolean): JsonObject => ({ Type: 'NUMERICAL', Value: { Decimal: decimal } });

/** Pattern-match cases of `src`. */
export function patternMatchCases(src: TranscriptSource): EvalCase[] {
  const { source, prefix, periodFilter } = src;
  const path = `${prefix}.PatternMatch.Transcript`;
  const ev = (items?: JsonObject[]) =>
    contactEvent(source, { ...(items ? { Transcript: items } : {}), TotalConversationDurationMillis: CONVERSATION_MILLIS });
  const said = (...texts: string[]) => ev(texts.map((t, i) => item(`p${i + 1}`, 'CUSTOMER', t, i * 5000, i * 5000 + 4000)));
  const inLanguage = (LanguageCode: string, text: string) =>
    contactEvent(source, { LanguageCode, Transcript: [item('p1', 'CUSTOMER', text, 0, 4000)], TotalConversationDurationMillis: CONVERSATION_MILLIS });
  const pattern = (operands: Json[][], filters: JsonObject[] = [role('ANY'), filter('PatternMatchLanguageFilter', 'EN')]) =>
    leaf(path, 'CONTAINS_ANY', operands, { filters });
  const c = caseMaker(source, 'Pattern match: ');
  const creditNotNearCard = pattern([[plain('credit*'), proximity(1, false), plain('card*')]]);
  const cancelNearAccount = pattern([[plain('cancel'), proximity(2, true), plain('account')]]);
  const orderNumber = pattern([[plain('order number'), numerical(false)]]);

  const cases: EvalCase[] = [
    ...quartet(
      source,
      'Pattern match "refund*" by the customer',
      pattern([[plain('refund*')]], [role('CUSTOMER')]),
      { match: ev(CONVERSATION), noMatch: said('I was charged twice.'), missing: ev() },
      { negatable: src.negatable },
    ),
    c('"refund*" matches "refunding" (a prefix, unlike exact match)', pattern([[plain('refund*')]]), said('I am refunding you.'), true),
    c('"credit*" matches "creditor"', pattern([[plain('credit*')]]), said('The creditor called me.'), true),
    c('"credit*" does not match "discredit"', pattern([[plain('credit*')]]), said('That would discredit us.'), false),
    c('credit* not within 1 word of card*: "credit card"', creditNotNearCard, said('My credit card was declined.'), false),
    c('credit* not within 1 word of card*: three words apart', creditNotNearCard, said('I used store credit on the gift card.'), true),
    // AWS (admin guide, exact-match-pattern-match-semantic-match): credit* [is not within 0 to 1
    // word apart] card* finds contacts where "credit" was mentioned but not "credit card".
    c('credit* not within 1 word of card*: no card at all', creditNotNearCard, said('I need more credit.'), true),
    c('credit* not within 1 word of card*: card but no credit', creditNotNearCard, said('My card was declined.'), false),
    c('credit* not within 1 word of card*: card only before credit', creditNotNearCard, said('The card gave me credit.'), true),
    c('cancel within 2 words of account: one word between', cancelNearAccount, ev(CONVERSATION), true),
    c('cancel within 2 words of account: four words between', cancelNearAccount, said('Cancel the order on my account.'), false),
    c('LIST: close my account', pattern([[list('cancel', 'close'), plain('my account')]]), said('I want to close my account.'), true),
    c('LIST: open is not in the list', pattern([[list('cancel', 'close'), plain('my account')]]), said('I want to open my account.'), false),
    // The language filter: a pattern applies only to a contact in its language; Negate does not make it apply.
    c('language ES on an en-US contact: does not apply', pattern([[plain('refund*')]], [role('ANY'), filter('PatternMatchLanguageFilter', 'ES')]), inLanguage('en-US', 'I want a refund.'), false),
    ...(src.negatable
      ? [
          c(
            'language ES on an en-US contact, negated: still does not apply',
            leaf(path, 'CONTAINS_ANY', [[plain('reembolso*')]], { filters: [role('ANY'), filter('PatternMatchLanguageFilter', 'ES')], negate: true }),
            inLanguage('en-US', 'I want a refund.'),
            false,
          ),
        ]
      : []),
    c('language ES on an es-ES contact', pattern([[plain('reembolso*')]], [role('ANY'), filter('PatternMatchLanguageFilter', 'ES')]), inLanguage('es-ES', 'Quiero un reembolso.'), true),
    // A Chinese variety's ISO 639-3 code is Chinese: its words are segmented as Chinese, and a ZH pattern applies (engine/transcript/language.ts).
    c('language ZH on a yue-HK contact (Cantonese) applies', pattern([[plain('退款')]], [role('ANY'), filter('PatternMatchLanguageFilter', 'ZH')]), inLanguage('yue-HK', '我要退款，谢谢。'), true),
    c('language ZH on a cmn-CN contact applies', pattern([[plain('退款')]], [role('ANY'), filter('PatternMatchLanguageFilter', 'ZH')]), inLanguage('cmn-CN', '我要退款，谢谢。'), true),
    c('language JA on a yue-HK contact does not apply', pattern([[plain('退款')]], [role('ANY'), filter('PatternMatchLanguageFilter', 'JA')]), inLanguage('yue-HK', '我要退款，谢谢。'), false),
    c(
      'a PLAIN word does not match its plural on an es-ES contact',
      pattern([[plain('reembolso')]], [role('ANY'), filter('PatternMatchLanguageFilter', 'ES')]),
      inLanguage('es-ES', 'Quiero dos reembolsos.'),
      false,
    ),
    c('a PLAIN word matches its plural on an en-US contact', pattern([[plain('refund')]]), inLanguage('en-US', 'Two refunds, please.'), true),
    c('language EN on a contact of unknown language: applies', pattern([[plain('refund*')]]), said('I want a refund.'), true),
    c('NUMERICAL: order number 45123', orderNumber, said('Yes, order number 45123 please.'), true),
    c('NUMERICAL: order number twelve', orderNumber, said('It is order number twelve.'), true),
    c('NUMERICAL: no number after "order number"', orderNumber, said('The order number is on the receipt.'), false),
    c('NUMERICAL Decimal: charged 12.50', pattern([[plain('charged'), numerical(true)]]), said('I was charged 12.50 twice.'), true),
    c('NUMERICAL whole numbers only: charged 12.50', pattern([[plain('charged'), numerical(false)]]), said('I was charged 12.50 twice.'), false),
    c(
      'any of several operands',
      pattern([[plain('close my account')], [plain('cancel'), plain('my account')]]),
      ev(CONVERSATION),
      true,
    ),
    c('role filter: only the customer said refund', pattern([[plain('refund*')]], [role('AGENT')]), said('I want a refund.'), false),
  ];
  if (periodFilter) {
    cases.push(
      c('First 10 s: "goodbye" came at the end', pattern([[plain('goodbye')]], [role('ANY'), filter(periodFilter, { First: 10 })]), ev(CONVERSATION), false),
      c('Last 10 s: "goodbye" at the end', pattern([[plain('goodbye')]], [role('ANY'), filter(periodFilter, { Last: 10 })]), ev(CONVERSATION), true),
    );
  }
  return cases;
}

/** Semantic-match cases (words and phrases, and the natural-language sentence) of `src` (post-contact only). */
export function semanticMatchCases(src: TranscriptSource): EvalCase[] {
  const { source, prefix, periodFilter } = src;
  const path = `${prefix}.SemanticMatch.Transcript`;
  const ev = (items?: JsonObject[]) =>
    contactEvent(source, { ...(items ? { Transcript: items } : {}), TotalConversationDurationMillis: CONVERSATION_MILLIS });
  const semantic = (operands: string[], r: 'AGENT' | 'CUSTOMER' | 'ANY', more: JsonObject[] = []) =>
    leaf(path, 'CONTAINS_ANY', operands, { filters: [role(r), ...more] });
  const unrelated = ev([
    item('a1', 'AGENT', 'Good morning, how can I help?', 0, 2000),
    item('c1', 'CUSTOMER', 'What are your opening hours on Sunday?', 2500, 6000),
  ]);
  const sentence = (text: string) => leaf(`${prefix}.SemanticMatch.Phrase`, 'EQUALS', [text]);

  const cases: EvalCase[] = [
    ...quartet(
      source,
      'Semantic match "cancel my account" by the customer',
      semantic(['cancel my account', 'close my account'], 'CUSTOMER'),
      { match: ev(CONVERSATION), noMatch: unrelated, missing: ev() },
      { negatable: true },
    ),
    {
      source,
      name: 'Semantic match: the agent never asked to cancel',
      condition: semantic(['cancel my account'], 'AGENT'),
      event: ev(CONVERSATION),
      expected: false,
    },
    ...quartet(
      source,
      'Natural-language semantic match',
      sentence('The customer wants a refund for an order they were charged twice for.'),
      { match: ev(CONVERSATION), noMatch: unrelated, missing: ev() },
      { negatable: true },
    ),
  ];
  if (periodFilter) {
    cases.push({
      source,
      name: 'Semantic match: the refund request is not in the last 10 s',
      condition: semantic(['I would like a refund'], 'CUSTOMER', [filter(periodFilter, { Last: 10 })]),
      event: ev(CONVERSATION),
      expected: false,
    });
  }
  return cases;
}

export const AI_AGENT = {
  selfService: '30682191-2312-4c27-9fc1-752e7a399d52',
  assistant: 'b6c1d7e2-3f4a-4b5c-8d9e-0f1a2b3c4d5e',
};

/** AI agent cases (`AiAgent.IdWithVersion`) of a post-contact source. */
export function aiAgentCases(source: EventSourceName, prefix: string): EvalCase[] {
  const path = `${prefix}.AiAgent.IdWithVersion`;
  const U = AI_AGENT.selfService;
  const agents = (...list: JsonObject[]) => contactEvent(source, { AiAgent: list });
  const agentOf = (Id: string, Version: string | undefined, UseCase: string, EscalatedToHuman: boolean): JsonObject => ({
    Id,
    ...(Version === undefined ? {} : { Version }),
    UseCase,
    EscalatedToHuman,
  });
  const useCase = (value: string) => filter('AiAgentUseCase', { Value: value });
  const escalated = (value: 'TRUE' | 'FALSE') => filter('AiAgentEscalatedToHuman', value);
  const ai = (operands: string[], filters: JsonObject[]) => leaf(path, 'CONTAINS_ANY', operands, { filters });
  const c = caseMaker(source, 'AI agent: ');
  const v3 = agents(agentOf(U, '3', 'SelfService', false));

  return [
    ...quartet(
      source,
      'AI agent, bare UUID (any version), self-service',
      ai([U], [useCase('SelfService')]),
      { match: v3, noMatch: agents(agentOf(AI_AGENT.assistant, '1', 'SelfService', false)), missing: contactEvent(source) },
      { negatable: false },
    ),
    c('uuid:1 or uuid:2, the contact had version 3', ai([`${U}:1`, `${U}:2`], [useCase('SelfService')]), v3, false),
    c('uuid:1 or uuid:2, the contact had version 2', ai([`${U}:1`, `${U}:2`], [useCase('SelfService')]), agents(agentOf(U, '2', 'SelfService', false)), true),
    c('uuid:2, the contact record gives no version', ai([`${U}:2`], [useCase('SelfService')]), agents(agentOf(U, undefined, 'SelfService', false)), false),
    c('the agent ran as AgentAssistance, the rule asks SelfService', ai([U], [useCase('SelfService')]), agents(agentOf(U, '3', 'AgentAssistance', false)), false),
    c('the agent ran as AgentAssistance, the rule asks AgentAssistance', ai([U], [useCase('AgentAssistance')]), agents(agentOf(U, '3', 'AgentAssistance', false)), true),
    c(
      'the matching id is the other use case of two agents',
      ai([U], [useCase('SelfService')]),
      agents(agentOf(U, '3', 'AgentAssistance', false), agentOf(AI_AGENT.assistant, '1', 'SelfService', false)),
      false,
    ),
    c('escalated to a human: TRUE, it was not', ai([U], [useCase('SelfService'), escalated('TRUE')]), v3, false),
    c('escalated to a human: TRUE, it was', ai([U], [useCase('SelfService'), escalated('TRUE')]), agents(agentOf(U, '3', 'SelfService', true)), true),
    c('escalated to a human: FALSE, it was not', ai([U], [useCase('SelfService'), escalated('FALSE')]), v3, true),
    c('escalated to a human: FALSE, it was', ai([U], [useCase('SelfService'), escalated('FALSE')]), agents(agentOf(U, '3', 'SelfService', true)), false),
    c(
      'spec example H: versions 1 or 2, self-service, escalated',
      ai([`${U}:1`, `${U}:2`], [useCase('SelfService'), escalated('TRUE')]),
      agents(agentOf(U, '2', 'SelfService', true)),
      true,
    ),
    c('no AI agent took part (empty list)', ai([U], [useCase('SelfService')]), agents(), false),
    c(
      'a version given as a number',
      ai([`${U}:2`], [useCase('SelfService')]),
      contactEvent(source, { AiAgent: [{ Id: U, Version: 2, UseCase: 'SelfService', EscalatedToHuman: false }] }),
      true,
    ),
  ];
}

/** The post-contact sentiment cases (state, overall score, score shift) of `src`. */
export function sentimentCases(source: EventSourceName, prefix: string): EvalCase[] {
  const ev = (sentiment?: JsonObject) => contactEvent(source, sentiment ? { Sentiment: sentiment } : {});
  const state = (r: 'AGENT' | 'CUSTOMER' | 'ANY', value: string) =>
    leaf(`${prefix}.Sentiment.State`, 'EQUALS', [value], { filters: [role(r)] });
  const unhappyCustomer = ev({ State: { CUSTOMER: 'NEGATIVE', AGENT: 'POSITIVE' } });
  const c = caseMaker(source);
  const overall = (op: string, bound: number, r: 'AGENT' | 'CUSTOMER' | 'ANY') =>
    leaf(`${prefix}.Sentiment.OverallScore`, op, [bound], { filters: [role(r)] });
  const scores = (o: Record<string, number>) => ev({ OverallScore: o });
  const beginning = (op: string, bound: number, r: 'AGENT' | 'CUSTOMER' | 'ANY' = 'CUSTOMER') =>
    leaf(`${prefix}.Sentiment.Score.Beginning`, op, [bound], { filters: [role(r)] });
  const end = (op: string, bound: number, r: 'AGENT' | 'CUSTOMER' | 'ANY' = 'CUSTOMER') =>
    leaf(`${prefix}.Sentiment.Score.End`, op, [bound], { filters: [role(r)] });
  const improved = and(beginning('NumberLessOrEqualTo', -2), end('NumberGreaterOrEqualTo', 2));
  const shift = (b: Record<string, number>, e: Record<string, number>) => ev({ Score: { Beginning: b, End: e } });

  return [
    ...quartet(
      source,
      'Sentiment state NEGATIVE of the customer',
      state('CUSTOMER', 'NEGATIVE'),
      { match: unhappyCustomer, noMatch: ev({ State: { CUSTOMER: 'NEUTRAL', AGENT: 'NEGATIVE' } }), missing: ev({ State: { AGENT: 'NEGATIVE' } }) },
      { negatable: false },
    ),
    c('Sentiment state NEGATIVE of the agent: the customer was the negative one', state('AGENT', 'NEGATIVE'), unhappyCustomer, false),
    c('Sentiment state NEGATIVE of any role', state('ANY', 'NEGATIVE'), unhappyCustomer, true),
    c('Sentiment state NEUTRAL of any role: neither was neutral', state('ANY', 'NEUTRAL'), unhappyCustomer, false),
    c('Sentiment state: no sentiment at all', state('ANY', 'POSITIVE'), ev(), false),

    c('Sentiment overall score of the customer ≥ 2: 2', overall('NumberGreaterOrEqualTo', 2, 'CUSTOMER'), scores({ AGENT: 4.2, CUSTOMER: 2 }), true),
    c('Sentiment overall score of the customer ≥ 2: 1.7 (not rounded up)', overall('NumberGreaterOrEqualTo', 2, 'CUSTOMER'), scores({ AGENT: 4.2, CUSTOMER: 1.7 }), false),
    c('Sentiment overall score of the customer ≥ 1: 1.7', overall('NumberGreaterOrEqualTo', 1, 'CUSTOMER'), scores({ AGENT: 4.2, CUSTOMER: 1.7 }), true),
    c('Sentiment overall score of the customer ≤ -1: -1', overall('NumberLessOrEqualTo', -1, 'CUSTOMER'), scores({ AGENT: 4.2, CUSTOMER: -1 }), true),
    c('Sentiment overall score of the customer ≤ -1: -0.9', overall('NumberLessOrEqualTo', -1, 'CUSTOMER'), scores({ AGENT: -4.2, CUSTOMER: -0.9 }), false),
    // AWS (admin guide, build-rules-for-contact-lens, Sentiment – Entire contact / Time period):
    // "When rules are applied to contacts that don't have sentiment data, neutral sentiment is used".
    c('Sentiment overall score of the customer ≤ 5: only the agent is scored, the customer reads 0 (neutral)', overall('NumberLessOrEqualTo', 5, 'CUSTOMER'), scores({ AGENT: 1.4 }), true),
    c('Sentiment overall score of the customer ≥ 1: no sentiment data reads 0 (neutral)', overall('NumberGreaterOrEqualTo', 1, 'CUSTOMER'), ev(), false),
    c('Sentiment overall score of any role ≤ 0: no sentiment data reads 0 (neutral)', overall('NumberLessOrEqualTo', 0, 'ANY'), ev(), true),
    c('Sentiment state NEUTRAL of the customer: no sentiment data is neutral', state('CUSTOMER', 'NEUTRAL'), ev(), true),
    c('Sentiment state NEUTRAL of any role: no sentiment data is neutral', state('ANY', 'NEUTRAL'), ev(), true),
    c('Sentiment state NEUTRAL of the customer: only the agent has sentiment', state('CUSTOMER', 'NEUTRAL'), ev({ State: { AGENT: 'NEGATIVE' } }), true),
    c('Sentiment shift, customer from ≤ 0 to ≥ 0: no scores read 0 to 0 (neutral)', and(beginning('NumberLessOrEqualTo', 0), end('NumberGreaterOrEqualTo', 0)), ev(), true),
    c('Sentiment overall score of any role ≥ 1: the agent', overall('NumberGreaterOrEqualTo', 1, 'ANY'), scores({ AGENT: 1.4, CUSTOMER: -2 }), true),
    c('Sentiment overall score of any role ≤ -2: the customer', overall('NumberLessOrEqualTo', -2, 'ANY'), scores({ AGENT: 1.4, CUSTOMER: -2 }), true),
    c('Sentiment overall score of any role ≤ -3: neither', overall('NumberLessOrEqualTo', -3, 'ANY'), scores({ AGENT: 1.4, CUSTOMER: -2 }), false),

    c('Sentiment shift, customer from ≤ -2 to ≥ 2: -3 to 2.5', improved, shift({ CUSTOMER: -3, AGENT: 1 }, { CUSTOMER: 2.5, AGENT: 1 }), true),
    c('Sentiment shift, customer from ≤ -2 to ≥ 2: exactly -2 to 2', improved, shift({ CUSTOMER: -2 }, { CUSTOMER: 2 }), true),
    c('Sentiment shift, customer from ≤ -2 to ≥ 2: began at -1.9', improved, shift({ CUSTOMER: -1.9 }, { CUSTOMER: 3 }), false),
    c('Sentiment shift, customer from ≤ -2 to ≥ 2: ended at 1.99', improved, shift({ CUSTOMER: -4 }, { CUSTOMER: 1.99 }), false),
    c('Sentiment shift, customer from ≤ -2 to ≥ 2: only the agent has an end score', improved, shift({ CUSTOMER: -4 }, { AGENT: 3 }), false),
    c('Sentiment shift, customer from ≤ -2 to ≥ 2: no scores', improved, ev({ OverallScore: { CUSTOMER: 0 } }), false),
    c(
      'Sentiment shift, agent from ≥ 1 to ≤ -1: exactly 1 to -1',
      and(beginning('NumberGreaterOrEqualTo', 1, 'AGENT'), end('NumberLessOrEqualTo', -1, 'AGENT')),
      shift({ AGENT: 1, CUSTOMER: -5 }, { AGENT: -1, CUSTOMER: 5 }),
      true,
    ),
    c(
      'Sentiment shift, agent from ≥ 1 to ≤ -1: the customer got worse, not the agent',
      and(beginning('NumberGreaterOrEqualTo', 1, 'AGENT'), end('NumberLessOrEqualTo', -1, 'AGENT')),
      shift({ AGENT: 0, CUSTOMER: 3 }, { AGENT: 2, CUSTOMER: -3 }),
      false,
    ),
  ];
}
