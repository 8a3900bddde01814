/**
 * The aws back end holds only the services its function was packaged with
 * (packaged.ts): a service packaging left out fails each call with a located
 * reason instead of a client. Unbundled, the variable is read at run time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendContext } from '../runtime.ts';
import { awsActionsBackend } from './backend.ts';
import { ConnectCases } from './cases.ts';
import { ConnectTasks } from './connect.ts';
import { AWS_ACTION_SERVICES, packagedServiceVar, ServiceNotPackagedError } from './packaged.ts';

const ctx = {
  config: { region: 'us-east-1', casesDomainId: 'd-1', eventBusName: 'bus', emailFrom: 'rules@example.com' },
  outbox: {},
  options: { config: { casesDomainId: 'd-1' } },
} as unknown as BackendContext;

afterEach(() => {
  for (const s of AWS_ACTION_SERVICES) delete process.env[packagedServiceVar(s)];
});

describe('aws back end: packaged services', () => {
  it('holds every service when packaging named none (tests, serve)', () => {
    const { services } = awsActionsBackend(ctx);
    expect(services.cases).toBeInstanceOf(ConnectCases);
    expect(services.tasks).toBeInstanceOf(ConnectTasks);
  });

  it.each(AWS_ACTION_SERVICES)("fails every call of the '%s' service when it was packaged without it", async (service) => {
    // The methods of the service as the back end makes it when packaged, and one the
    // interface may gain later: the stand-in names none of them, each fails alike.
    const packaged = Object.getPrototypeOf(awsActionsBackend(ctx).services[service]) as object;
    const methods = [...Object.getOwnPropertyNames(packaged).filter((m) => m !== 'constructor'), 'aMethodAddedLater'];
    expect(methods.length).toBeGreaterThan(1);
    process.env[packagedServiceVar(service)] = 'no';
    const left = awsActionsBackend(ctx).services[service] as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    for (const method of methods) {
      const err = await left[method]!('an argument').catch((e: unknown) => e);
      expect(err, method).toBeInstanceOf(ServiceNotPackagedError);
      expect((err as ServiceNotPackagedError).reasonCode).toBe('ServiceNotPackaged');
      expect((err as Error).message).toContain(`without the '${service}' service`);
    }
    // Not taken for a promise: awaiting it gives the stand-in back.
    expect(await Promise.resolve(left)).toBe(left);
    // The others are still there.
    const other = AWS_ACTION_SERVICES.find((s) => s !== service)!;
    expect(Object.getPrototypeOf(awsActionsBackend(ctx).services[other])).not.toBe(Object.prototype);
  });

  it('says at start that case actions will fail without a cases domain, unless it was packaged without cases', () => {
    const domain = process.env.CONNECT_RULES_CASES_DOMAIN_ID;
    delete process.env.CONNECT_RULES_CASES_DOMAIN_ID;
    try {
      const warnings: string[] = [];
      const noDomain = { ...ctx, options: { onError: (message: string) => warnings.push(message) } } as unknown as BackendContext;
      awsActionsBackend(noDomain);
      expect(warnings).toEqual(['CONNECT_RULES_CASES_DOMAIN_ID is not set: case actions will fail']);
      process.env[packagedServiceVar('cases')] = 'no';
      awsActionsBackend(noDomain);
      expect(warnings).toHaveLength(1);
    } finally {
      if (domain !== undefined) process.env.CONNECT_RULES_CASES_DOMAIN_ID = domain;
    }
  });
});
