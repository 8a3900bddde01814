/**
 * One hierarchy: the errors that word a user's input, of every layer (storage below
 * grammar, the engine, the functions), are UserErrors, so a front end catches one class
 * (cli/io.ts isUserError, the REPL, rule tests) and shows the message, not a stack.
 */
import { describe, expect, it } from 'vitest';
import { CfnMappingError } from '../engine/rulefiles/cloudformation.ts';
import { YamlSyntaxError } from '../engine/rulefiles/cfn-yaml.ts';
import { DuplicateRuleNameError, UnknownRuleError } from '../engine/ruleset/index.ts';
import { RemoteHostRefusedError } from '../functions/local-server.ts';
import { UserError as FromGrammar } from '../grammar/errors.ts';
import { InvalidEndpointError } from '../storage/endpoints.ts';
import { JavaNotFoundError, LocalDynamoDbStartError } from '../storage/local-dynamodb.ts';
import { RuleSyntaxError, RuleValidationError, UNKNOWN_SPAN } from '../grammar/errors.ts';
import { UserError } from './user-error.ts';

describe('UserError', () => {
  it('is the one class grammar/errors.ts gives too', () => {
    expect(FromGrammar).toBe(UserError);
  });

  it.each([
    new InvalidEndpointError('localhost:8000'),
    new YamlSyntaxError('t.yaml:2:7: not valid YAML: ...'),
    new CfnMappingError('t.yaml', []),
    new UnknownRuleError('NOPE'),
    new DuplicateRuleNameError([{ name: 'a', positions: [0, 1] }]),
    new RemoteHostRefusedError('0.0.0.0'),
    new RuleSyntaxError('not valid JSON', UNKNOWN_SPAN),
    new RuleValidationError('unknown path', UNKNOWN_SPAN),
    new JavaNotFoundError(),
    new LocalDynamoDbStartError('DynamoDB Local exited: the port is taken', true),
  ])('$name is one, named by its class', (err) => {
    expect(err).toBeInstanceOf(UserError);
    expect(err.name).toBe(err.constructor.name);
  });
});
