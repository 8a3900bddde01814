/**
 * An esbuild plugin for the Lambda bundles: the SDK's HTTP protocols load
 * `@smithy/core/event-streams` (11 KB) with an `import()` made only for an operation
 * whose input or output is an event stream, and esbuild bundles it all the same. That
 * import becomes build/event-streams-not-packaged.ts, which fails naming the cause.
 * Only that import: a client that imports the module itself for its configuration
 * (S3) keeps it there.
 */
import { standIn } from './stand-in.ts';

/** The module whose `loadEventStreamCapability` makes the import. */
const HTTP_PROTOCOL = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]protocols[\\/]HttpProtocol\.js$/;

export const smithyEventStreams = standIn('smithy-event-streams', /^@smithy\/core\/event-streams$/, './event-streams-not-packaged.ts', HTTP_PROTOCOL);
