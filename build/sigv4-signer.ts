/**
 * What the Lambda bundles hold in place of @aws-sdk/signature-v4-multi-region's
 * SignatureV4MultiRegion, the signer (and, through `sigv4aDependency`, part of the
 * auth-scheme choice) of the S3, EventBridge and SES clients: SigV4 alone
 * (build/sdk-unreached.ts). The other half, SigV4a, is asked only by the endpoint of
 * an S3 Multi-Region Access Point, an EventBridge global endpoint or an SES
 * multi-region endpoint (an `EndpointId`), none of which a function sends to (their
 * buckets are S3 notifications' bucket names); and it needs a SigV4a implementation
 * (@aws-sdk/signature-v4-crt or @aws-sdk/signature-v4a) that no bundle holds, so
 * there the real signer fails too. This one fails naming the cause.
 */
import type { HttpRequest, RequestPresigningArguments, RequestSigningArguments } from '@smithy/types';
import { SignatureV4 } from '@smithy/signature-v4';
import { SdkPartNotPackagedError } from './sdk-not-packaged.ts';

/** SigV4a's Region: every Region. */
const sigv4aAsked = (options: { signingRegion?: string }): void => {
  if (options.signingRegion === '*') {
    throw new SdkPartNotPackagedError('SigV4a signing (an S3 Multi-Region Access Point, an EventBridge global endpoint or an SES multi-region endpoint)');
  }
};

export class SignatureV4MultiRegion {
  /** As the real one answers without a SigV4a implementation: the clients then take SigV4 where an endpoint offers both. */
  static sigv4aDependency(): 'none' {
    return 'none';
  }

  private readonly sigv4: SignatureV4;

  constructor(options: ConstructorParameters<typeof SignatureV4>[0]) {
    this.sigv4 = new SignatureV4(options);
  }

  sign(request: HttpRequest, options: RequestSigningArguments = {}): Promise<HttpRequest> {
    sigv4aAsked(options);
    return this.sigv4.sign(request, options);
  }

  presign(request: HttpRequest, options: RequestPresigningArguments = {}): Promise<HttpRequest> {
    sigv4aAsked(options);
    return this.sigv4.presign(request, options);
  }
}
