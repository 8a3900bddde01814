import { describe, expect, it } from 'vitest';
import { pipelineConfigFromEnv } from './config.ts';

describe('pipelineConfigFromEnv CONNECT_RULES_STATE_TTL_SECONDS', () => {
  it('keeps per-contact state 14 days unless told, and takes any TTL from 8 days', () => {
    expect(pipelineConfigFromEnv({}).stateTtlSeconds).toBe(1_209_600);
    expect(pipelineConfigFromEnv({ CONNECT_RULES_STATE_TTL_SECONDS: '691200' }).stateTtlSeconds).toBe(691_200);
  });

  it('refuses a TTL shorter than a contact may last (a 7-day chat would lose its transcript chunks), naming the setting and why', () => {
    expect(() => pipelineConfigFromEnv({ CONNECT_RULES_STATE_TTL_SECONDS: '86400' })).toThrow(
      "CONNECT_RULES_STATE_TTL_SECONDS must be an integer of at least 691200 (8 days: a contact's state must outlast the contact, and an Amazon Connect chat lasts up to 7 days), got '86400'",
    );
    expect(() => pipelineConfigFromEnv({ CONNECT_RULES_STATE_TTL_SECONDS: '691199' })).toThrow(/at least 691200/);
  });
});
