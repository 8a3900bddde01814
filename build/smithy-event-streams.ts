/**
 * An esbuild plugin for the Lambda bundles: the SDK's HTTP protocols load
 * `@smithy/core/event-streams` (11 KB) with an `import()` made only for an operation
 * whose input or output is an event stream, and esbuild bundles it all the same. That
 * import becomes build/event-streams-not-packaged.ts, which fails naming the cause.
 * Only that import: the S3 client's own imports of the module (its configuration)
 * take the stand-ins of build/s3-stand-ins/parts.ts (build/s3-get-object.ts), not
 * this one. One module for both would be in the bundle and in the `import()`'s chunk,
 * and esbuild then splits it into a chunk of its own, which every S3 bundle loads at
 * init.
 */
import { standIn } from './stand-in.ts';

/** The module whose `loadEventStreamCapability` makes the import. */
const HTTP_PROTOCOL = /[\\/]@smithy[\\/]core[\\/]dist-es[\\/]submodules[\\/]protocols[\\/]HttpProtocol\.js$/;

export const smithyEventStreams = standIn('smithy-event-streams', /^@smithy\/core\/event-streams$/, './event-streams-not-packaged.ts', HTTP_PROTOCOL);
