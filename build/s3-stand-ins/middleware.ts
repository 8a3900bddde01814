/** `@aws-sdk/middleware-sdk-s3/s3` as the S3 client's command builder imports it, SSE-C left out (parts.ts). */
export { getCheckContentLengthHeaderPlugin, getLocationConstraintPlugin, getS3ExpiresMiddlewarePlugin, getThrow200ExceptionsPlugin } from '@aws-sdk/middleware-sdk-s3/s3';
export { getSsecPlugin } from './parts.ts';
