/**
 * The users seed file (`--users`, examples/users.json) is checked before anything is
 * stored: a file that is not one names itself, the member that is wrong and the shape
 * expected, as a UserError (the CLI prints it, no stack). Storing the users is tested
 * against DynamoDB Local in test/integration/actions-local.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../grammar/errors.ts';
import { scratch } from '../../../test/support/cli.ts';
import { LocalUsers } from './users.ts';

/** Never reached: every file here is refused before a user is stored. */
const NO_TABLE = new LocalUsers(undefined as never, 'users');

async function refusal(content: unknown): Promise<Error> {
  const path = scratch({ 'users.json': content });
  const err = await NO_TABLE.load(path('users.json')).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!err) throw new Error('the file was accepted');
  return err;
}

describe('users seed file', () => {
  it('a file without a list of Users names the file and the shape', async () => {
    for (const doc of [{}, { InstanceId: 'i', Users: {} }]) {
      const err = await refusal(doc);
      expect(err.message).toMatch(/users\.json/);
      expect(err.message).toContain('{"InstanceId": "...", "Users": [...]}');
    }
  });

  it('names each user member that is wrong, and is a UserError', async () => {
    const err = await refusal({ InstanceId: 'i', Users: [{ Id: 'a', Username: 'x' }, { Username: 5, Tags: { Team: 1 } }] });
    expect(err).toBeInstanceOf(UserError);
    expect(err.message.split('\n')).toEqual([
      expect.stringMatching(/users\.json: not a users file \{"InstanceId": "\.\.\.", "Users": \[\.\.\.\]\}$/),
      '  Users[1].Id: is required',
      '  Users[1].Username: must be a string, got the number 5',
      '  Users[1].Tags["Team"]: must be a string, got the number 1',
    ]);
  });

  it('a file that is not JSON names the file', async () => {
    const err = await refusal('{"Users": [');
    expect(err).toBeInstanceOf(UserError);
    // Placed, and the token named rather than V8's excerpt of the text.
    expect(err.message).toMatch(/users\.json:1:12: not valid JSON: unexpected end of the text$/);
  });

  it('without an instance given, the file must name one', async () => {
    expect((await refusal({ Users: [] })).message).toContain('InstanceId: is required');
  });
});
