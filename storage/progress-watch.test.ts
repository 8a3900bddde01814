/**
 * The rules that give up on a child by its own work (a fake clock and samples): the
 * CPU limit, no progress while not stopped, the wall bound, and what counts as progress.
 */
import { describe, expect, it } from 'vitest';
import { describeGiveUp, ProgressWatch, type ProgressLimits, type ProgressSample } from './progress-watch.ts';

const LIMITS: ProgressLimits = { cpuMs: 10_000, stallMs: 5_000, progressCpuMs: 100, wallMs: 60_000 };

/** A watch on a fake clock: `step(ms, sample)` advances the clock, then observes. */
function watched(limits = LIMITS) {
  let now = 0;
  const watch = new ProgressWatch(limits, () => now);
  return (ms: number, sample: ProgressSample | undefined) => {
    now += ms;
    return watch.observe(sample);
  };
}

describe('ProgressWatch', () => {
  it('keeps waiting on a child that uses CPU slowly (a loaded host), then gives up at the CPU limit', () => {
    const step = watched();
    let cpu = 0;
    for (let t = 0; t < 50_000; t += 1_000) {
      cpu += 150; // 15 % of a core
      expect(step(1_000, { cpuMs: cpu, stopped: false })).toBeUndefined();
    }
    const giveUp = step(1_000, { cpuMs: 10_000, stopped: false });
    expect(giveUp).toMatchObject({ rule: 'cpu', cpuMs: 10_000, wallMs: 51_000 });
    expect(describeGiveUp(giveUp!, LIMITS)).toBe('it used 10.0 s of CPU (the limit is 10.0 s) in 51.0 s');
  });

  it('gives up on a child that uses no CPU for the stall time', () => {
    const step = watched();
    expect(step(1_000, { cpuMs: 500, stopped: false })).toBeUndefined();
    for (let i = 0; i < 4; i++) expect(step(1_000, { cpuMs: 550, stopped: false })).toBeUndefined();
    const giveUp = step(1_000, { cpuMs: 590, stopped: false });
    expect(giveUp).toMatchObject({ rule: 'no-progress', quietMs: 5_000 });
    expect(describeGiveUp(giveUp!, LIMITS)).toBe(
      'it made no progress (less than 0.1 s of CPU, no output) for 5.0 s while not stopped (the limit is 5.0 s), 0.6 s of CPU in 6.0 s in all',
    );
  });

  it('does not count the time a child is stopped (SIGSTOP) against it; continued, the quiet time goes on from where it was', () => {
    const step = watched();
    expect(step(1_000, { cpuMs: 500, stopped: false })).toBeUndefined();
    expect(step(2_000, { cpuMs: 500, stopped: false })).toBeUndefined();
    expect(step(1_000, { cpuMs: 500, stopped: false })).toBeUndefined();
    for (let i = 0; i < 40; i++) expect(step(1_000, { cpuMs: 500, stopped: true })).toBeUndefined();
    expect(step(1_000, { cpuMs: 500, stopped: false })).toBeUndefined();
    expect(step(1_000, { cpuMs: 500, stopped: false })).toMatchObject({ rule: 'no-progress', quietMs: 5_000 });
  });

  it('counts a long gap between samples (this process not running) as a short one', () => {
    const step = watched();
    expect(step(1_000, { cpuMs: 500, stopped: false })).toBeUndefined();
    expect(step(30_000, { cpuMs: 500, stopped: false })).toBeUndefined();
    expect(step(2_000, { cpuMs: 500, stopped: false })).toBeUndefined();
    expect(step(500, { cpuMs: 500, stopped: false })).toMatchObject({ rule: 'no-progress', quietMs: 5_000 });
  });

  it('takes new output as progress', () => {
    const step = watched();
    for (let i = 1; i <= 20; i++) expect(step(1_000, { cpuMs: 500, stopped: false, outputBytes: i * 10 })).toBeUndefined();
    expect(step(5_000, { cpuMs: 500, stopped: false, outputBytes: 200 })).toBeUndefined();
  });

  it('gives up at the wall bound whatever else: a child stopped for good', () => {
    const step = watched();
    for (let t = 1_000; t < 60_000; t += 1_000) expect(step(1_000, { cpuMs: 500, stopped: true })).toBeUndefined();
    const giveUp = step(1_000, { cpuMs: 500, stopped: true });
    expect(giveUp).toMatchObject({ rule: 'wall', wallMs: 60_000 });
    expect(describeGiveUp(giveUp!, LIMITS)).toBe('60.0 s passed (the limit is 60.0 s), in which it used 0.5 s of CPU');
  });

  it('without samples (no /proc), only the wall bound applies', () => {
    const step = watched();
    expect(step(59_999, undefined)).toBeUndefined();
    expect(step(1, undefined)).toMatchObject({ rule: 'wall', cpuMs: 0 });
  });
});
