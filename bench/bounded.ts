/**
 * Bounded work on hostile input (issue 11): the CPU time to refuse a 256 KiB unknown
 * ComparisonValue (the "did you mean" once made it 17 s), and to evaluate a pattern
 * with a huge Distance and many WITHIN elements over a long utterance.
 */
import { compilePatternMatcher } from '../engine/transcript/pattern.ts';
import { prepareTranscript } from '../engine/transcript/prepare.ts';
import { checkFunction } from '../grammar/index.ts';

const cpuMs = (f: () => void): number => {
  const t0 = process.cpuUsage();
  f();
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1000;
};

export function boundedWorkBench(): void {
  const body = JSON.stringify({
    Version: '2022-11-25',
    RuleFunction: {
      Operator: 'AND',
      Operands: [{ Operator: 'EQUALS', Operands: ['x'], ComparisonValue: `$.ContactLens.PostCall.${'x'.repeat(256 * 1024 - 300)}`, Negate: false }],
    },
  });
  const refuse = cpuMs(() => checkFunction(body, 'OnPostCallAnalysisAvailable'));
  const words = Array.from({ length: 5000 }, (_, i) => ['credit', 'the', 'card', 'my'][i % 4]).join(' ');
  const items = prepareTranscript([{ Id: 'i', ParticipantRole: 'CUSTOMER', Content: words, BeginOffsetMillis: 0, EndOffsetMillis: 1 }]).items;
  const near = { Type: 'PROXIMITY', Value: { Distance: 1e12, IsWithin: true } };
  const operand = [{ Type: 'PLAIN', Value: 'credit*' }, ...Array.from({ length: 20 }, () => [near, { Type: 'PLAIN', Value: '*' }]).flat(), { Type: 'PLAIN', Value: 'nothing' }];
  const matcher = compilePatternMatcher([operand]);
  const pattern = cpuMs(() => matcher.find(items));
  console.log(`Bounded work: refusing a 256 KiB unknown ComparisonValue ${refuse.toFixed(1)} ms CPU; a 41-element pattern with Distance 1e12 over 5,000 words ${pattern.toFixed(1)} ms CPU.\n`);
}
