/**
 * `resources.Outputs`: the engine bus, the alarm topic, every table's name and every
 * dead-letter queue's URL, what an operator or another stack looks up.
 */
import { TABLES } from '../storage/tables.ts';
import { ALARM_TOPIC_OUTPUTS } from './alarms.ts';
import { ENGINE_BUS_OUTPUTS } from './event-buses.ts';
import { dlqLogicalId, logicalName, type FunctionSpec } from './spec.ts';
import { hasDeadLetterQueue } from './triggers.ts';

export function stackOutputs(specs: readonly FunctionSpec[]): Record<string, unknown> {
  const outputs: Record<string, unknown> = { ...ENGINE_BUS_OUTPUTS, ...ALARM_TOPIC_OUTPUTS };
  for (const def of Object.values(TABLES)) {
    outputs[`${def.logicalId}Name`] = { Description: `DynamoDB table '${def.key}' (${def.envVar})`, Value: { Ref: def.logicalId } };
  }
  for (const spec of specs.filter(hasDeadLetterQueue)) {
    outputs[`${logicalName(spec.key)}DeadLetterQueueUrl`] = { Description: `Dead-letter queue of ${spec.key}`, Value: { Ref: dlqLogicalId(spec.key) } };
  }
  return outputs;
}
