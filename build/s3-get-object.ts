/**
 * esbuild plugins for the Lambda bundles: the S3 client as the file readers use it,
 * GetObject of an object in a general purpose bucket (engine/ingest/s3-reader.ts).
 * Each row replaces one import, made only from the SDK module named, with the export
 * of the same name in build/s3-stand-ins/parts.ts, which fails naming the cause if
 * it is ever used (or with a module there that adds the real module's other exports
 * the importer takes). What GetObject runs stays the SDK's: SigV4 signing, the
 * endpoint rules, response checksum validation (CRC32, CRC32C, CRC64NVME, SHA-1,
 * SHA-256), error XML. build/s3-get-object.test.ts reads an object, a missing one and
 * a checksummed one through a bundle built with these, against an HTTP server
 * answering as S3 does.
 */
import type { Plugin } from 'esbuild';
import { sdkModule, standIn } from './stand-in.ts';

const PARTS = './s3-stand-ins/parts.ts';

/** [what it is, the import, the module that makes it, the stand-in module]. */
const ROWS: readonly (readonly [string, RegExp, RegExp, string])[] = [
  // Event streams (SelectObjectContent only): the configuration makes a marshaller, which fails when used.
  ['s3-event-streams', /^@smithy\/core\/event-streams$/, sdkModule('@aws-sdk/client-s3', 'runtimeConfig'), PARTS],
  ['s3-event-streams-config', /^@smithy\/core\/event-streams$/, sdkModule('@aws-sdk/client-s3', 'S3Client'), PARTS],
  // The XML serializer of request bodies: GetObject's input is headers, query and path only.
  ['xml-request-bodies', /^\.\/XmlShapeSerializer$/, sdkModule('@aws-sdk/core', 'submodules/protocols/xml/XmlCodec'), PARTS],
  // S3 Express One Zone session auth: asked for only by a directory bucket's endpoint.
  ['s3-express-sessions', /^\.\.\/middleware-s3-express\/classes\/S3ExpressIdentityProviderImpl$/, sdkModule('@aws-sdk/middleware-sdk-s3', 'submodules/s3/middleware-s3-configuration/s3Configuration'), PARTS],
  ['s3-express-create-session', /^\.\/commands\/CreateSessionCommand$/, sdkModule('@aws-sdk/client-s3', 'S3Client'), PARTS],
  ['s3-express-signing', /^\.\/signS3Express$/, sdkModule('@aws-sdk/middleware-sdk-s3', 'submodules/s3/middleware-s3-express/functions/s3ExpressHttpSigningMiddleware'), PARTS],
  // SSE-C customer keys: the readers give none (a request that does fails before it is sent).
  ['s3-sse-c', /^@aws-sdk\/middleware-sdk-s3\/s3$/, sdkModule('@aws-sdk/client-s3', 'commandBuilder'), './s3-stand-ins/middleware.ts'],
  // MD5 (Content-MD5 of uploads) and aws-chunked upload bodies: requests with a body only.
  ['s3-md5', /^@smithy\/core\/checksum$/, sdkModule('@aws-sdk/client-s3', 'runtimeConfig.shared'), './s3-stand-ins/checksum.ts'],
  ['s3-aws-chunked', /^@smithy\/core\/serde$/, sdkModule('@aws-sdk/client-s3', 'runtimeConfig.shared'), './s3-stand-ins/serde.ts'],
  ['s3-buffered-upload', /^@smithy\/core\/serde$/, sdkModule('@aws-sdk/checksums', 'submodules/flexible-checksums/flexibleChecksumsMiddleware'), './s3-stand-ins/serde.ts'],
  // Checksums of a web ReadableStream body: the Node HTTP handler's responses are Node streams.
  ['s3-web-checksum-stream', /^\.\/createChecksumStream\.browser$/, sdkModule('@smithy/core', 'submodules/serde/util-stream/checksum/createChecksumStream'), PARTS],
  // The JavaScript SHA-1 and CRC32 behind the native ones that Node 20.19 and 22.12 have.
  ['sha1-js', /^\.\/Sha1Js$/, sdkModule('@aws-sdk/checksums', 'submodules/sha/sha1/Sha1Node'), PARTS],
  ['crc32-js', /^\.\/Crc32Js$/, sdkModule('@smithy/core', 'submodules/checksum/crc32/Crc32Node'), PARTS],
];

export const s3GetObject: readonly Plugin[] = ROWS.map(([name, filter, importer, file]) => standIn(name, filter, file, importer));

/** The SDK modules (paths under node_modules/) that leave a bundle with these stand-ins: the tests look for them in bundles and zips. */
export const LEFT_OUT_MODULES: readonly string[] = [
  '@smithy/core/dist-es/submodules/event-streams/',
  '@aws-sdk/core/dist-es/submodules/protocols/xml/XmlShapeSerializer.js',
  '@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-s3-express/classes/S3ExpressIdentityProviderImpl.js',
  '@aws-sdk/client-s3/dist-es/commands/CreateSessionCommand.js',
  '@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-s3-express/functions/signS3Express.js',
  '@aws-sdk/middleware-sdk-s3/dist-es/submodules/s3/middleware-ssec/',
  '@smithy/core/dist-es/submodules/checksum/md5/',
  '@aws-sdk/checksums/dist-es/submodules/sha/sha1/Sha1Js.js',
  '@smithy/core/dist-es/submodules/checksum/crc32/Crc32Js.js',
  '@smithy/core/dist-es/submodules/serde/util-stream/getAwsChunkedEncodingStream',
  '@smithy/core/dist-es/submodules/serde/util-stream/createBufferedReadable',
  '@smithy/core/dist-es/submodules/serde/util-stream/checksum/createChecksumStream.browser.js',
];
