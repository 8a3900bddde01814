import { describe, expect, it } from 'vitest';
import { parseCfnYaml } from './cfn-yaml.ts';

const RULE = `Resources:
  R:
    Type: AWS::Connect::Rule
    Properties:
      Name: x
`;

describe('parseCfnYaml on hostile YAML', () => {
  it('refuses an alias bomb in one located line, not a ReferenceError with a stack', () => {
    const levels = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]`);
    const text = `${levels.join('\n')}\n${RULE}      Function: *a9\n`;
    expect(() => parseCfnYaml(text, 'bomb.yaml')).toThrow(
      expect.objectContaining({ name: 'YamlSyntaxError', message: 'bomb.yaml:2:10: not valid YAML: too many aliases (Excessive alias count indicates a resource exhaustion attack)' }),
    );
    // placed as yaml places its own errors (its LineCounter): CRLF lines, a first alias after a comment line
    expect(() => parseCfnYaml(`# bomb\r\n${text.replaceAll('\n', '\r\n')}`, 'bomb.yaml')).toThrow(expect.objectContaining({ message: expect.stringMatching(/^bomb\.yaml:3:10: /) }));
  });

  it('refuses a tag it does not know (!!js/function) in one located line instead of printing a warning with a stack', () => {
    const text = `${RULE}      Function: !!js/function "function () {}"\n`;
    const warn = process.emitWarning;
    const emitted: unknown[] = [];
    process.emitWarning = (w: unknown) => void emitted.push(w);
    try {
      expect(() => parseCfnYaml(text, 'tag.yaml')).toThrow(expect.objectContaining({ name: 'YamlSyntaxError', message: expect.stringMatching(/^tag\.yaml:6:17: not valid YAML: .*js\/function/) }));
    } finally {
      process.emitWarning = warn;
    }
    expect(emitted).toEqual([]);
  });
});
