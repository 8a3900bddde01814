/**
 * What build/sdk-endpoint-nodes.ts writes into the Lambda bundles in place of the S3
 * client's endpoint rules' conditions and results (a literal of 11.5 KB minified): their
 * JSON, deflated (raw) and in base64 (3.4 KB), parsed when the module loads. node:zlib
 * is taken with `process.getBuiltinModule` when called: the S3 client loads it anyway (its
 * CRC32 checksums), so this costs no module load.
 */
export const inflatedJson = (data: string): unknown =>
  JSON.parse(process.getBuiltinModule('node:zlib').inflateRawSync(Buffer.from(data, 'base64')).toString('utf8'));
