/**
 * An esbuild plugin for the Lambda bundles: the rule language's "did you mean"
 * (grammar/catalogue/suggest.ts) becomes build/suggest-not-packaged.ts, which suggests
 * nothing. A function compiles only rules already checked, with suggestions, where they
 * were written (build/suggest-not-packaged.ts says why it is left out).
 */
import { standIn } from './stand-in.ts';

export const catalogueSuggest = standIn('catalogue-suggest', /(?:^|\/)suggest\.ts$/, './suggest-not-packaged.ts', /[\\/]grammar[\\/]/);
