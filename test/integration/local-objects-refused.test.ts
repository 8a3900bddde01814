/**
 * The `local` stage reads S3 objects from a folder (CONNECT_RULES_S3_DIR). A file there
 * that the bounded reader refuses unread (a named pipe, a file over the event limit)
 * is bad input naming the object and its file, as every refused read is worded: not a
 * retryable failure logged as "input failed" with only the reason. DynamoDB Local and
 * the pipeline's own ingestor on a DirectoryObjectReader.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryObjectReader } from '../../engine/ingest/object-reader.ts';
import { INPUT_LIMITS } from '../../engine/rulefiles/read-input.ts';
import { analysisKey, BUCKET, s3Notification } from '../support/lambda-envelopes.ts';
import { pipelineHarness } from '../support/pipeline-harness.ts';

const objects = mkdtempSync(join(tmpdir(), 'local-objects-'));
afterAll(() => rmSync(objects, { recursive: true, force: true }));

const fileOf = (key: string) => {
  const path = join(objects, BUCKET, key);
  mkdirSync(dirname(path), { recursive: true });
  return path;
};

describe('an S3 object of the local stage that is refused unread', () => {
  it('is bad input naming the object, its file and why (a named pipe, a file over the limit), not a logged failure', async () => {
    const pipe = analysisKey('Voice', 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a');
    execFileSync('mkfifo', [fileOf(pipe)]);
    const big = analysisKey('Chat', '9e8d7c6b-5a4f-4e3d-b2c1-0a9b8c7d6e5f');
    writeFileSync(fileOf(big), '');
    truncateSync(fileOf(big), INPUT_LIMITS.event + 1024 * 1024);
    const h = await pipelineHarness({ reader: new DirectoryObjectReader(objects), exampleRules: false });
    const results = [];
    for (const key of [pipe, big]) results.push(...(await h.rt.pipeline.ingestor.dispatch(s3Notification({ key }), { label: key })));
    expect(results.map((r) => [r.status, r.error])).toEqual([
      ['error', { reason: 'invalid-payload', message: `s3://${BUCKET}/${pipe} (file ${fileOf(pipe)}): a named pipe, not a regular file` }],
      ['error', { reason: 'invalid-payload', message: `s3://${BUCKET}/${big} (file ${fileOf(big)}): 257 MiB, over the limit of 256 MiB for an event file` }],
    ]);
    expect(h.loggedErrors).toEqual([]);
  });
});
