/**
 * What the Lambda bundles hold in place of the parts of the S3 client that GetObject
 * of an object in a general purpose bucket never runs (build/s3-get-object.ts replaces
 * each import with the export of the same name here, or with a module beside this one
 * that adds the real exports of a module it stands in for). Each one constructs as
 * the client's configuration needs and fails naming the cause if it is ever used;
 * what GetObject does run (signing, endpoint rules, response checksum validation,
 * error XML) is the SDK's own. This module imports no code, so whichever SDK module
 * loads it first, no import cycle forms, and it adds no chunk of its own to a split
 * bundle.
 */
import type { Pluggable } from '@smithy/types';

/** Code the Lambda bundles leave out of the S3 client was reached. */
export class S3PartNotPackagedError extends Error {
  constructor(readonly part: string) {
    super(
      `The S3 client reached ${part}, which the Lambda bundles leave out (build/s3-get-object.ts keeps what GetObject of a general purpose bucket runs): ` +
        'take its row out of that plugin to use it',
    );
    this.name = new.target.name;
  }
}

const XML_BODY = 'an XML request body';
const EXPRESS = 'S3 Express One Zone session auth (a directory bucket)';
const CHUNKED = 'an aws-chunked request body (a streamed upload)';

/**
 * Event streams (SelectObjectContent): the client makes its marshaller when constructed; it fails when a stream is sent or
 * read. (The protocol's own import of event streams fails first, with EventStreamsNotPackagedError: smithy-event-streams.ts;
 * not that module here, which would become a chunk of its own loaded at init: see there.)
 */
export function eventStreamSerdeProvider(): { serialize(): never; deserialize(): never } {
  const fail = (): never => {
    throw new S3PartNotPackagedError('an event stream (SelectObjectContent)');
  };
  return { serialize: fail, deserialize: fail };
}
export const resolveEventStreamSerdeConfig = <T extends { eventStreamSerdeProvider: (input: T) => unknown }>(input: T) =>
  Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });

/** The XML serializer of request bodies (XmlCodec): GetObject's input is all headers, query and path, so it writes no body. */
export class XmlShapeSerializer {
  setSerdeContext(): void {}
  write(): never {
    throw new S3PartNotPackagedError(XML_BODY);
  }
  flush(): never {
    throw new S3PartNotPackagedError(XML_BODY);
  }
}

/** S3 Express One Zone sessions (CreateSession): only a directory bucket's endpoint asks for one. */
export class S3ExpressIdentityProviderImpl {
  getS3ExpressIdentity(): never {
    throw new S3PartNotPackagedError(EXPRESS);
  }
}

export class CreateSessionCommand {
  constructor() {
    throw new S3PartNotPackagedError(EXPRESS);
  }
}

/** Signing with an S3 Express session's credentials: only with a session, which the stand-in above never makes. */
export function signS3Express(): never {
  throw new S3PartNotPackagedError(EXPRESS);
}

/** SSE-C (a customer-provided encryption key, base64-encoded with its MD5 added): a request that gives one fails before it is sent. */
export const getSsecPlugin = (): Pluggable<object, object> => ({
  applyToStack: (stack) => {
    stack.add(
      (next) => async (args) => {
        const input = args.input as { SSECustomerKey?: unknown; CopySourceSSECustomerKey?: unknown };
        if (input.SSECustomerKey || input.CopySourceSSECustomerKey) throw new S3PartNotPackagedError('an SSE-C customer key');
        return next(args);
      },
      { name: 'ssecMiddleware', step: 'initialize', override: true },
    );
  },
});

/** MD5: a request's Content-MD5 (uploads that ask for it); response checksums are CRC and SHA only. */
export class Md5 {
  constructor() {
    throw new S3PartNotPackagedError('an MD5 request checksum');
  }
}

/** aws-chunked encoding of an upload's streamed body with a trailing checksum, and its buffering. */
export function getAwsChunkedEncodingStream(): never {
  throw new S3PartNotPackagedError(CHUNKED);
}
export function createBufferedReadable(): never {
  throw new S3PartNotPackagedError(CHUNKED);
}

/** The checksum of a web ReadableStream response body: the Node HTTP handler's bodies are Node streams, checksummed by ChecksumStream. */
export function createChecksumStream(): never {
  throw new S3PartNotPackagedError('a web ReadableStream response body (the bundles use the Node HTTP handler)');
}

/** The JavaScript SHA-1 and CRC32, used only where node:crypto has no SHA-1 and node:zlib no crc32 (Node 20.15 and 22.2 have both). */
export class Sha1Js {
  constructor() {
    throw new S3PartNotPackagedError('the JavaScript SHA-1 (this Node has no native one)');
  }
}
export class Crc32Js {
  constructor() {
    throw new S3PartNotPackagedError('the JavaScript CRC32 (this Node has no zlib.crc32)');
  }
}
