/** `@smithy/core/serde` as the S3 client's shared runtime config and the flexible-checksums middleware import it, streamed uploads left out (parts.ts). */
export { fromBase64, fromUtf8, sdkStreamMixin, toBase64, toUtf8 } from '@smithy/core/serde';
export { createBufferedReadable, getAwsChunkedEncodingStream } from './parts.ts';
