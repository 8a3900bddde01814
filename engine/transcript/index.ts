export type { TranscriptItem, PreparedItem, TranscriptMatch, TranscriptMatcher } from './types.ts';
export { tokenize, tokenizeWithOffsets } from './tokenize.ts';
export { exactWordForms, pluralForms, singularForms, wordForms } from './plural.ts';
export { prepareTranscript, type PreparedTranscript } from './prepare.ts';
export { selectItems, windowedSentimentState, type SelectOptions, type SentimentState } from './select.ts';
export { compileExactMatcher, type ExactMatcher } from './exact.ts';
export {
  compilePatternMatcher,
  PatternOperandError,
  type PatternMatcher,
  type PatternElement,
  type PatternOperand,
  type PlainPattern,
} from './pattern.ts';
export {
  getSemanticMatcher,
  setSemanticMatcher,
  lemmaOverlapMatcher,
  lemma,
  contentLemmas,
  SENTENCE_THRESHOLD,
  type SemanticMatcher,
  type SemanticSentenceResult,
} from './semantic.ts';
