/**
 * README's exit-code rule, through the real binary: a command line that is itself
 * wrong (an option value the command cannot take, options that exclude each other,
 * an option another one needs) exits 1 with the command's usage, before anything
 * starts, whichever of commander or the command finds it; an input that is invalid
 * or not there exits 2 (engine-events-local.test.ts: an outbox event not there).
 */
import { describe, expect, it } from 'vitest';
import { runCli, scratch } from '../support/cli.ts';

/** An endpoint nothing listens on: a command line that got through would fail there, with another message. */
const CLOSED = 'http://127.0.0.1:9';
const CONNECT_EXAMPLE = 'expected a URL such as http://127.0.0.1:3000 (the rules API URL `connect-rules serve` prints)';
const DYNAMODB_EXAMPLE = 'expected a URL such as http://127.0.0.1:8000 (the DynamoDB Local endpoint `connect-rules serve` prints)';

describe('a command line that is itself wrong: exit 1, the message, then the usage', () => {
  it.each<[string, string[], string]>([
    // options that exclude each other: commander's conflicts(), as every other command-line mistake
    ['contacts search', ['contacts', 'search', '--instance-id', 'i-1', '--endpoint', CLOSED, '--data-dir', 'x'], "error: option '--endpoint <url>' cannot be used with option '--data-dir <dir>'"],
    ['contacts describe', ['contacts', 'describe', 'c-1', '--instance-id', 'i-1', '--data-dir', 'x', '--endpoint', CLOSED], "error: option '--endpoint <url>' cannot be used with option '--data-dir <dir>'"],
    ['replay', ['replay', 'examples/events', '--rules', 'examples/rules', '--endpoint', CLOSED, '--data-dir', 'x'], "error: option '--endpoint <url>' cannot be used with option '--data-dir <dir>'"],
    ['outbox', ['outbox', '--endpoint', CLOSED, '--data-dir', 'x'], "error: option '--endpoint <url>' cannot be used with option '--data-dir <dir>'"],
    ['serve', ['serve', '--endpoint', CLOSED, '--data-dir', 'x'], "error: option '--endpoint <url>' cannot be used with option '--data-dir <dir>'"],
    ['serve', ['serve', '--endpoint', CLOSED, '--dynamodb-port', '8000'], "error: option '--endpoint <url>' cannot be used with option '--dynamodb-port <n>'"],
    // one of two options needed
    ['outbox', ['outbox'], 'error: give --endpoint (a running serve) or --data-dir (the folder of a replay or serve --data-dir)'],
    ['export', ['export', '--rules', 'examples/rules', '--format', 'cloudformation'], 'error: --format cloudformation needs --instance-arn'],
    ['export', ['export', '--rules', 'examples/rules', '--format', 'json'], 'error: --format json needs --out <dir>'],
    // an option value the command cannot take, with the example its --endpoint wants
    ['pull', ['pull', '--instance-id', 'i-1', '--out', 'x', '--endpoint', '127.0.0.1:18080'], `error: option '--endpoint <url>' argument '127.0.0.1:18080' is invalid. ${CONNECT_EXAMPLE}`],
    ['push', ['push', '--instance-id', 'i-1', '--rules', 'x', '--endpoint', 'localhost:3000'], `error: option '--endpoint <url>' argument 'localhost:3000' is invalid. ${CONNECT_EXAMPLE}`],
    ['contacts search', ['contacts', 'search', '--instance-id', 'i-1', '--endpoint', '127.0.0.1:3000'], `error: option '--endpoint <url>' argument '127.0.0.1:3000' is invalid. ${CONNECT_EXAMPLE}`],
    ['outbox', ['outbox', '--endpoint', '127.0.0.1:8000'], `error: option '--endpoint <url>' argument '127.0.0.1:8000' is invalid. ${DYNAMODB_EXAMPLE}`],
    ['replay', ['replay', 'examples/events', '--rules', 'examples/rules', '--endpoint', '127.0.0.1:8000'], `error: option '--endpoint <url>' argument '127.0.0.1:8000' is invalid. ${DYNAMODB_EXAMPLE}`],
    ['contacts reindex', ['contacts', 'reindex', '--endpoint', 'file:///tmp/x'], `error: option '--endpoint <url>' argument 'file:///tmp/x' is invalid. ${DYNAMODB_EXAMPLE}`],
    ['serve', ['serve', '--endpoint', '127.0.0.1:8000'], `error: option '--endpoint <url>' argument '127.0.0.1:8000' is invalid. ${DYNAMODB_EXAMPLE}`],
    ['serve', ['serve', '--log-level', 'LOUD'], "error: option '--log-level <level>' argument 'LOUD' is invalid. Allowed choices are DEBUG, INFO, WARN, ERROR, SILENT."],
    ['serve', ['serve', '--host', '0.0.0.0', '--port', '0'], 'error: --host 0.0.0.0 is not a loopback address'],
    ['pull', ['pull', '--instance-id', 'i-1', '--out', 'x', '--format', 'yaml'], "error: option '--format <format>' argument 'yaml' is invalid. Allowed choices are json, text."],
    ['export', ['export', '--rules', 'examples/rules', '--format', 'xml'], "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are cloudformation, json, text."],
    ['export', ['export', '--rules', 'examples/rules', '--format', 'cloudformation', '--instance-arn', 'arn:aws:connect:x'], "error: option '--instance-arn <arn>' argument 'arn:aws:connect:x' is invalid. expected arn:aws:connect:<region>:<account>:instance/<id>"],
    ['fmt', ['fmt', 'examples/rules/post-call-account-cancellation.json', '--to', 'yaml'], "error: option '--to <form>' argument 'yaml' is invalid. Allowed choices are json, text."],
    ['fmt', ['fmt', 'examples/rules/post-call-account-cancellation.json', '--indent', '11'], "error: option '--indent <n>' argument '11' is invalid. expected a whole number from 0 to 10"],
  ])('%s %j', (command, args, message) => {
    const r = runCli(args);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`${message}`)).toBe(true);
    expect(r.stderr).toContain(`\nUsage: connect-rules ${command} [options]`);
    expect(r.status).toBe(1);
  });

  it('a log level from POWERTOOLS_LOG_LEVEL is read as --log-level is, whatever its case', () => {
    const r = runCli(['serve', '--host', '0.0.0.0'], { env: { POWERTOOLS_LOG_LEVEL: 'chatty' } });
    expect(r.stderr).toMatch(/^error: option '--log-level <level>' value 'chatty' from env 'POWERTOOLS_LOG_LEVEL' is invalid\. Allowed choices are DEBUG, INFO, WARN, ERROR, SILENT\./);
    expect(r.status).toBe(1);
  });
});

describe('an input that is not what it should be: exit 2, one line naming it, nothing started', () => {
  const file = scratch({ 'data.json': '{}' })('data.json');
  it.each<[string, string[]]>([
    ['serve', ['serve', '--port', '0']],
    ['replay', ['replay', 'examples/events', '--rules', 'examples/rules']],
    ['outbox', ['outbox', '--instance', 'i-1']],
    ['contacts search', ['contacts', 'search', '--instance-id', 'i-1']],
  ])('%s --data-dir <a file>, or a path through a file', (command, args) => {
    const prefix = command === 'serve' ? 'connect-rules serve: ' : '';
    const onFile = runCli([...args, '--data-dir', file]);
    expect(onFile).toEqual({ status: 2, stdout: '', stderr: `${prefix}--data-dir ${file}: a file, not a folder (the folder DynamoDB Local keeps its data in)\n` });
    const under = runCli([...args, '--data-dir', `${file}/data`]);
    expect(under).toEqual({ status: 2, stdout: '', stderr: `${prefix}--data-dir ${file}/data: a part of the path is a file, not a folder\n` });
  });
});
