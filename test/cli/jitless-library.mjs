/**
 * Run by jitless.test.ts, with and without `node --jitless`: the built library
 * (its path the first argument) evaluates every rule of examples/rules, as one rule
 * set, on the example calls, and prints one JSON line: whether this process has
 * WebAssembly, and the names of the rules each call matches.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [library, examples] = process.argv.slice(2);
const { buildTriggerEvent, compileRuleSet } = await import(library);
const json = (file) => JSON.parse(readFileSync(join(examples, file), 'utf8'));

// A rule file's Function is the JSON text CreateRule takes, or that JSON written out as an object.
const rules = readdirSync(join(examples, 'rules')).map((file) => {
  const rule = json(join('rules', file));
  const fn = typeof rule.Function === 'string' ? rule.Function : JSON.stringify(rule.Function);
  return { name: rule.Name, source: rule.TriggerEventSource.EventSourceName, function: fn };
});
const ruleSet = compileRuleSet(rules);

/** Each call: its payload, then its contact record when it has one. */
const CALLS = {
  voice: ['events/04-analysis-voice-cancellation.json', 'events/05-ctr-voice-cancellation.json'],
  chat: ['events/07-analysis-chat-billing.json', 'events/06-ctr-chat-billing.json'],
  redactedVoice: ['events/08-analysis-voice-redacted.json'],
  realtimeChat: ['events/03-realtime-chat-billing.json'],
};
const matched = {};
for (const [call, [event, contact]] of Object.entries(CALLS)) {
  matched[call] = ruleSet.match(buildTriggerEvent({ event: json(event), contact: contact === undefined ? undefined : json(contact) }));
}
console.log(JSON.stringify({ webAssembly: typeof WebAssembly, matched }));
