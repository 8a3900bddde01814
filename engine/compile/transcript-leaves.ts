/**
 * Conditions on the conversation itself: words and phrases (exact, pattern,
 * semantic), the natural-language semantic match, and the real-time sentiment
 * over a trailing window. Transcript items are prepared once per event
 * (`prepareTranscript` is memoised), whatever the number of rules; exact match reads
 * their texts in place, the other matchers their words (tokenised on first use).
 */
import type { JsonValue } from '../../grammar/ast.ts';
import type { ValueSpec } from '../../grammar/catalogue/types.ts';
import { compileGetter } from './access.ts';
import { getterWith, type FieldCache } from './field-cache.ts';
import { ASK_OWN, NOT_APPLICABLE, type LeafInput, type ReaderCompiler, type ValueReader } from './reader.ts';
import { compileValueTest } from './operators.ts';
import { forgetPrepared, prepareTranscript } from '../transcript/prepare.ts';
import { patternLanguageOf, wordLanguageOf } from '../transcript/language.ts';
import type { PhraseIndex, PhraseQuery } from '../transcript/phrase-index.ts';
import { compileSelection, select, windowedSentimentState, type Selection } from '../transcript/select.ts';
import { compileExactMatcher } from '../transcript/exact.ts';
import type { PreparedItem, TranscriptItem, TranscriptMatch, UnbuiltTranscript } from '../transcript/types.ts';
import type { WordLanguage } from '../transcript/language.ts';
import { pendingInput } from '../context/lazy.ts';
import { compilePatternMatcher } from '../transcript/pattern.ts';
import { getSemanticMatcher, type SemanticMatcher } from '../transcript/semantic.ts';

/** The compile's semantic matcher; the registered default when none was given. */
const semanticOf = (input: LeafInput): SemanticMatcher => input.semantic ?? getSemanticMatcher();

const PERIOD_FILTERS = ['PostCallContactPeriodSeconds', 'PostChatContactPeriodSeconds'];

function selectionOf(filters: ReadonlyMap<string, JsonValue>): Selection {
  const role = filters.get('ParticipantRole') as string | undefined;
  let period: { First?: number; Last?: number } | undefined;
  for (const name of PERIOD_FILTERS) period ??= filters.get(name) as typeof period;
  return compileSelection({ role, first: period?.First, last: period?.Last });
}

const at = (match: TranscriptMatch): string => {
  const s = Math.floor(match.beginOffsetMillis / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

const describeMatch = (m: TranscriptMatch | undefined): string | undefined =>
  m ? `matched "${m.phrase}" in item ${m.itemId} (${m.role}, ${at(m)}): "${m.text}"` : undefined;

/** Reads the transcript items (or the items of `member`) that pass the role and period filters. */
function itemsReader(input: LeafInput, member?: string): (frame: { event: any }) => readonly PreparedItem[] | undefined {
  // (prepare.ts keeps the last transcripts prepared: let go of them with the event)
  input.fieldCache?.onRelease(forgetPrepared);
  const getBody = getterWith(input.fieldCache, input.docPath.slice(0, -1));
  const key = member ?? input.docPath[input.docPath.length - 1];
  const selection = selectionOf(input.filters);
  return ({ event }) => {
    const body = getBody(event) as any;
    const items = body?.[key];
    if (!Array.isArray(items) || items.length === 0) return undefined;
    const selected = select(prepareTranscript(items, wordLanguageOf(body.LanguageCode)), selection, body.TotalConversationDurationMillis);
    return selected.length ? selected : undefined;
  };
}

/**
 * A pattern with a `PatternMatchLanguageFilter` applies only to a contact in that
 * language (the primary subtag of its LanguageCode: `EN` for `en-US`; `ZH` for a
 * Chinese variety's code, `yue-HK`: language.ts); a contact whose language is unknown
 * is matched anyway.
 */
function languageGate(input: LeafInput): ((frame: { event: any }) => string | undefined) | undefined {
  const language = input.filters.get('PatternMatchLanguageFilter');
  if (typeof language !== 'string') return undefined;
  const getBody = getterWith(input.fieldCache, input.docPath.slice(0, -1));
  return ({ event }) => {
    const code = (getBody(event) as any)?.LanguageCode;
    if (typeof code !== 'string' || code === '') return undefined;
    return patternLanguageOf(code) === language ? undefined : `the contact's language is ${code}, the pattern's ${language}`;
  };
}

const transcript: ReaderCompiler<'transcript'> = (input, value) => {
  const phrases = input.operands;
  const exact = value.match === 'exact' ? compileExactMatcher(phrases.map(String)) : undefined;
  const semantic = value.match === 'semantic' ? semanticOf(input) : undefined;
  const matcher =
    exact ?? (semantic ? semantic.compilePhrases(phrases.map(String)) : compilePatternMatcher(phrases as any));
  // Exact match reads the items' texts in place; the others need their words.
  const own = exact ? (items: readonly PreparedItem[]) => exact.test(items) : (items: readonly PreparedItem[]) => matcher.find(items) !== undefined;
  const readItems = itemsReader(input);
  const otherLanguage = languageGate(input);
  return {
    read: otherLanguage ? (frame) => (otherLanguage(frame) ? NOT_APPLICABLE : readItems(frame)) : readItems,
    notApplicable: otherLanguage ? (frame) => otherLanguage(frame) ?? '' : undefined,
    test: (items) => own(items as readonly PreparedItem[]),
    // No language gate: whether the condition holds is whether a kept item matches.
    ...(otherLanguage ? {} : matchesKept(input, exact ? input.phraseIndex : undefined, own)),
    // A semantic verdict always says what judged it: the built-in matcher is a lexical stand-in, not Contact Lens's model.
    describe: (items) => {
      const found = describeMatch(matcher.find(items as readonly PreparedItem[]));
      if (!semantic) return found;
      const judge = `semantic matcher: ${semantic.name}: ${semantic.description}`;
      return found ? `${found}; ${judge}` : judge;
    },
    show: (items) => `${(items as unknown[]).length} transcript item(s)`,
    note: partialUtteranceNote(input, matcher, readItems),
  };
};

/** No transcript (one shared array: `forget` runs at the end of every match). */
const NO_ITEMS: readonly TranscriptItem[] = [];

/** What an IndexedTranscript found of the event's transcript. */
const ABSENT = 0;
const INDEXED = 1;

/**
 * A transcript as a rule set's exact-match conditions ask the phrase index about it:
 * the body holding it, its language (whose forms the index matches; a language written
 * without spaces is left to each condition's matcher), and what it reads (the transcript unbuilt, or its items), found by
 * the first condition asked in an evaluation and shared by the others on the same path
 * (a 500-rule set asks ~24 per event: each finding them again, through its own closure,
 * cost cache misses: docs/performance.md, session 12).
 */
class IndexedTranscript {
  private epoch = -1;
  private root: unknown;
  private state = ASK_OWN;
  private transcript: readonly TranscriptItem[] | UnbuiltTranscript = NO_ITEMS;
  private totalMillis: number | undefined;
  private language: WordLanguage | undefined;

  constructor(
    private readonly index: PhraseIndex,
    private readonly evaluations: FieldCache,
    private readonly getBody: (event: unknown) => unknown,
    private readonly key: string,
  ) {
    evaluations.onRelease(() => this.forget());
  }

  /** Lets go of the event and its transcript (FieldCache.release, at the end of a match). */
  private forget(): void {
    this.epoch = -1;
    this.root = undefined;
    this.transcript = NO_ITEMS;
    this.totalMillis = undefined;
  }

  /** 1 or 0: whether an item the query's filters keep holds one of its operands; ASK_OWN when the index does not answer (a language written without spaces). */
  ask(event: unknown, query: PhraseQuery): number {
    if (this.epoch !== this.evaluations.epoch || this.root !== event) this.find(event);
    return this.state === INDEXED ? (this.index.anyKept(this.transcript, query, this.totalMillis, this.language!) ? 1 : 0) : this.state;
  }

  /** Finds what the conditions ask about; remembered only once found (a read that throws is tried again by the next condition, as the field cache does). */
  private find(event: unknown): void {
    const body = this.getBody(event) as any;
    let state = ASK_OWN;
    const language = wordLanguageOf(body?.LanguageCode);
    // (a language written without spaces: each condition segments its words, segmented.ts)
    if (!language.segmenter) {
      this.language = language;
      state = ABSENT;
      if (typeof body === 'object' && body !== null) {
        // A transcript not built yet is read without building its items (context/analysis-file.ts).
        const unbuilt = (pendingInput(body, this.key) as { unbuilt?: UnbuiltTranscript } | undefined)?.unbuilt;
        const transcript = unbuilt ?? body[this.key];
        if (unbuilt ? unbuilt.texts.length > 0 : Array.isArray(transcript) && transcript.length > 0) {
          this.transcript = transcript;
          this.totalMillis = body.TotalConversationDurationMillis;
          state = INDEXED;
        }
      }
    }
    this.state = state;
    this.epoch = this.evaluations.epoch;
    this.root = event;
  }
}

/** The IndexedTranscript of each path, per phrase index (one per rule set). */
const indexedTranscripts = new WeakMap<PhraseIndex, Map<string, IndexedTranscript>>();

function indexedTranscript(index: PhraseIndex, evaluations: FieldCache, docPath: readonly string[]): IndexedTranscript {
  let byPath = indexedTranscripts.get(index);
  if (!byPath) indexedTranscripts.set(index, (byPath = new Map()));
  const key = docPath.join('\u0000');
  let shared = byPath.get(key);
  if (!shared) byPath.set(key, (shared = new IndexedTranscript(index, evaluations, getterWith(evaluations, docPath.slice(0, -1)), docPath[docPath.length - 1])));
  return shared;
}

/**
 * The hot path of a transcript condition: whether an item its filters keep matches,
 * without building the list of kept items when a rule set's phrase index answers
 * (the filters are applied to the items holding the operands; `phrase` lets the rule
 * set's evaluator ask the index without this closure). Missing and empty
 * transcripts give false, as `test` on a missing value does. The index matches the
 * forms of the contact's language; one written without spaces is matched by the condition's own matcher.
 */
function matchesKept(input: LeafInput, index: PhraseIndex | undefined, own: (items: readonly PreparedItem[]) => boolean): Pick<ValueReader, 'matches' | 'phrase'> {
  input.fieldCache?.onRelease(forgetPrepared);
  const getBody = getterWith(input.fieldCache, input.docPath.slice(0, -1));
  const key = input.docPath[input.docPath.length - 1];
  const selection = selectionOf(input.filters);
  const query = index?.query(input.operands.map(String), selection);
  const source = query === undefined || !input.fieldCache ? undefined : indexedTranscript(index!, input.fieldCache, input.docPath);
  const matches = ({ event }: { event: any }): boolean => {
    if (source) {
      const answer = source.ask(event, query!);
      if (answer !== ASK_OWN) return answer === 1;
    }
    const body = getBody(event) as any;
    const items = body?.[key];
    if (!Array.isArray(items) || items.length === 0) return false;
    const kept = select(prepareTranscript(items, wordLanguageOf(body.LanguageCode)), selection, body.TotalConversationDurationMillis);
    return kept.length > 0 && own(kept);
  };
  return { matches, phrase: source && { source, query: query! } };
}

/**
 * Real time: when the words were said only in a partial utterance, the trace says so
 * rather than leave the reader to think the transcript lacks them. Connect evaluates
 * completed transcript segments (undocumented; chosen because a partial is revised by
 * the final segment of its turn — context/realtime.ts).
 */
function partialUtteranceNote(
  input: LeafInput,
  matcher: { find(items: readonly PreparedItem[]): TranscriptMatch | undefined },
  readItems: (frame: { event: any }) => readonly PreparedItem[] | undefined,
): ((frame: { event: any }) => string | undefined) | undefined {
  if (input.docPath[0] !== 'ContactLens' || !String(input.docPath[1]).startsWith('RealTime')) return undefined;
  const readPartials = itemsReader(input, 'PartialUtterances');
  return (frame) => {
    const partials = readPartials(frame);
    if (!partials) return undefined;
    const finals = readItems(frame);
    if (finals && matcher.find(finals)) return undefined;
    const m = matcher.find(partials);
    return m
      ? `"${m.phrase}" only in a partial utterance (${m.role}, ${at(m)}: "${m.text}"), ignored: Connect evaluates completed transcript segments`
      : undefined;
  };
}

const semanticPhrase: ReaderCompiler<'semanticPhrase'> = (input) => {
  const semantic = semanticOf(input);
  const sentence = semantic.compileSentence(String(input.operands[0]));
  return {
    read: itemsReader(input),
    test: (items) => sentence(items as readonly PreparedItem[]).matched,
    describe: (items) => `${semantic.name}: ${sentence(items as readonly PreparedItem[]).detail}; semantic matcher: ${semantic.name}: ${semantic.description}`,
    show: (items) => `${(items as unknown[]).length} transcript item(s)`,
  };
};

/** The roles whose windows a `ParticipantRole` of ANY (or none) reads: the condition holds when one of them satisfies it, as a role map's ANY does. */
const WINDOW_ROLES = ['AGENT', 'CUSTOMER'] as const;

/**
 * Real-time sentiment state of a role over the trailing `Past` window
 * (docs/canonical-events.md, `windowedSentimentState`): the state every item of the role
 * in the window has. While no role read has been present for the whole window the
 * condition does not apply (AWS: "remained negative for a set period of time"; "the time
 * period set here applies to when participant was present"). A role present that long
 * with no item in the window reads as `missingAs` (neutral).
 */
const windowedSentiment: ReaderCompiler<'windowedSentiment'> = (input, { missingAs }) => {
  const getItems = compileGetter(input.docPath);
  // a chat tells when each role joined: presence counts from then (engine/context/realtime.ts joinedOffsets)
  const getJoined = compileGetter([...input.docPath.slice(0, -1), 'JoinedOffsetMillis']);
  const role = input.filters.get('ParticipantRole') as string | undefined;
  const roles: readonly string[] = role === undefined || role === 'ANY' ? WINDOW_ROLES : [role];
  const past = (input.filters.get('RealTimeCallContactPeriodSeconds') as { Past?: number } | undefined)?.Past;
  const windows = (event: unknown) => {
    const items = getItems(event);
    const joined = getJoined(event) as Readonly<Record<string, number>> | undefined;
    return roles.map((r) => (Array.isArray(items) ? windowedSentimentState(items, r, past, joined?.[r]) : undefined));
  };
  const valueTest = compileValueTest(input.operator, input.operands, input.spec.forms.find((f) => f.operator === input.operator)!.operands);
  const single = roles.length === 1;
  return {
    read: ({ event }) => {
      const states = windows(event).flatMap((w) => (w?.elapsed ? [w.state ?? missingAs?.value] : []));
      if (states.length === 0) return NOT_APPLICABLE;
      return single ? states[0] : states;
    },
    test: single ? valueTest : (states) => (states as unknown[]).some(valueTest),
    notApplicable: ({ event }) =>
      `${windows(event)
        .map((w, i) => (w ? `${roles[i]} present for ${Math.floor(w.presentMillis / 1000)} s` : `${roles[i]} not heard yet`))
        .join(', ')} of ${past === undefined ? 'the conversation' : `the ${past} s window`} (AWS: "has remained negative for a set period of time"; "the time period set here applies to when participant was present")`,
    note: ({ event }) => {
      const ws = windows(event);
      const notes = ws.flatMap((w, i) => {
        if (!w?.elapsed) return [];
        if (w.state === 'MIXED') return [`${roles[i]}: the items in the window are not all of one state (MIXED)`];
        if (w.state === undefined && missingAs) return [`${roles[i]}: no sentiment in the window: read as ${JSON.stringify(missingAs.value)} (${missingAs.why})`];
        return [];
      });
      return notes.length ? notes.join('; ') : undefined;
    },
  };
};

export const TRANSCRIPT_READERS = { transcript, semanticPhrase, windowedSentiment };
