/**
 * Whether a packaged function holds transcript matching. Packaging sets
 * CONNECT_RULES_PACKAGED_TRANSCRIPT to 'no' for a function whose sources (with their
 * cascades) have no transcript condition in the catalogue (deploy/packaged-transcript.ts,
 * in deploy/actions.ts `packagedFunctionDefine`), and each place that reaches the
 * transcript code tests `process.env.CONNECT_RULES_PACKAGED_TRANSCRIPT` itself (esbuild
 * folds a replaced expression, not a variable holding it), so the bundle drops
 * engine/transcript and the transcript leaves (31 KB of the Cases, metrics and
 * third-party functions). Unbundled (tests, the CLI) it is never set.
 */
import type { ReaderCompiler } from './reader.ts';

/** The variable packaging replaces ('no': not packaged); the places that test it spell it out, for esbuild to fold. */
export const PACKAGED_TRANSCRIPT_VAR = 'CONNECT_RULES_PACKAGED_TRANSCRIPT';

/** The catalogue's value kinds that read the transcript. */
type TranscriptKind = keyof typeof import('./transcript-leaves.ts').TRANSCRIPT_READERS;

/**
 * A transcript condition reached a function packaged without transcript matching.
 * Its sources have no such condition, so only a rule stored against the catalogue
 * could; the rule then fails to compile with this error.
 */
export class TranscriptNotPackagedError extends Error {
  constructor(readonly kind: string) {
    super(
      `this function was packaged without transcript matching (its event sources have no transcript condition: deploy/packaged-transcript.ts), but a rule has a '${kind}' condition`,
    );
    this.name = new.target.name;
  }
}

const notPackaged = (kind: string) => () => {
  throw new TranscriptNotPackagedError(kind);
};

/** The transcript readers' stand-ins. */
export const TRANSCRIPT_NOT_PACKAGED: { [K in TranscriptKind]: ReaderCompiler<K> } = {
  transcript: notPackaged('transcript'),
  semanticPhrase: notPackaged('semanticPhrase'),
  windowedSentiment: notPackaged('windowedSentiment'),
};
