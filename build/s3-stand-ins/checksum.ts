/** `@smithy/core/checksum` as the S3 client's shared runtime config imports it, MD5 left out (parts.ts). */
export { Sha256 } from '@smithy/core/checksum';
export { Md5 } from './parts.ts';
