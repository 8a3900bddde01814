/**
 * An esbuild plugin for the Lambda bundles: the AWS SDK's browser User-Agent provider
 * (never used in Node: the clients take the Node one) loads `bowser` with `import()`.
 * esbuild bundles what an `import()` names even when the code making it is dropped,
 * and with code splitting (build/lambda-chunks.ts) that was a 33 KB chunk in every
 * zip. That import becomes build/bowser-not-packaged.ts, which fails naming the cause.
 */
import { standIn } from './stand-in.ts';

/** The module whose `createUserAgentStringParsingProvider` makes the import. */
const BROWSER_USER_AGENT = /[\\/]@aws-sdk[\\/]core[\\/]dist-es[\\/]submodules[\\/]client[\\/]util-user-agent-browser[\\/]/;

export const sdkBrowserUserAgent = standIn('sdk-browser-user-agent', /^bowser$/, './bowser-not-packaged.ts', BROWSER_USER_AGENT);
