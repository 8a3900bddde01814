import { describe, expect, it } from 'vitest';
import { InputFormatError } from './errors.ts';
import { Reader } from './json.ts';

const r = new Reader('call.json');

function refusal(read: () => unknown): { message: string; pointer: string } {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(InputFormatError);
    return { message: (err as Error).message, pointer: (err as InputFormatError).pointer };
  }
  throw new Error('not refused');
}

describe('Reader', () => {
  it('reads absent and null as undefined', () => {
    for (const read of ['object', 'array', 'string', 'number', 'stringMap', 'instant'] as const) {
      expect(r[read](undefined, '/x')).toBeUndefined();
      expect(r[read](null, '/x')).toBeUndefined();
    }
    for (const read of ['objectAt', 'arrayAt', 'stringAt', 'numberAt'] as const) {
      expect(r[read](undefined, '/T', 0, 'x')).toBeUndefined();
      expect(r[read](null, '/T', 0, 'x')).toBeUndefined();
    }
  });

  it('reads what is valid, numbers written as strings and instants in every form', () => {
    expect(r.number('12.5', '/n')).toBe(12.5);
    expect(r.number(3, '/n')).toBe(3);
    expect(r.numberAt(' 7 ', '/T', 0, 'Begin')).toBe(7);
    const item = { Id: 'a' };
    expect(r.objectAt(item, '/T', 0)).toBe(item);
    expect(r.stringMap({ a: 'x', b: null }, '/m')).toEqual({ a: 'x' });
    expect(r.instant('2025-03-13T12:05:09.118Z', '/t')).toBe(Date.parse('2025-03-13T12:05:09.118Z'));
    expect(r.instant(1741867509, '/t')).toBe(1741867509000);
    expect(r.instant(1741867509118, '/t')).toBe(1741867509118);
    expect(r.instant(new Date(5e12), '/t')).toBe(5e12);
    // the first and last instants a contact can have
    expect(r.instant('2000-01-01T00:00:00Z', '/t')).toBe(Date.UTC(2000, 0, 1));
    expect(r.instant('9999-12-31T23:59:59.999Z', '/t')).toBe(Date.UTC(10000, 0, 1) - 1);
    expect(r.offsetAt(0, '/T', 0, 'BeginOffsetMillis')).toBe(0);
    expect(() => r.spanAt(5, 5, 5, '/T', 0)).not.toThrow();
  });

  it.each<[string, () => unknown, string, string]>([
    ['an object that is a string', () => r.object('x', '/Categories'), 'expected an object, got the string "x"', '/Categories'],
    ['an array that is an object', () => r.array({}, '/Transcript'), 'expected an array, got an object', '/Transcript'],
    ['a string that is a number', () => r.string(42, '/Transcript/3/Content'), 'expected a string, got the number 42', '/Transcript/3/Content'],
    ['a string that is a list, by member', () => r.stringAt([], '/Transcript', 3, 'Id'), 'expected a string, got an array', '/Transcript/3/Id'],
    ['an object that is a number, by escaped key', () => r.objectAt(1, '/SegmentAttributes', 'a/b~c'), 'expected an object, got the number 1', '/SegmentAttributes/a~1b~0c'],
    ['an array that is text, by member', () => r.arrayAt('80', '/Transcript', 1, 'LoudnessScore'), 'expected an array, got the string "80"', '/Transcript/1/LoudnessScore'],
    ['a number that is text', () => r.number('abc', '/n'), 'expected a number, got the string "abc"', '/n'],
    ['a number that is empty text', () => r.number(' ', '/n'), 'expected a number, got the string " "', '/n'],
    ['a number that is a boolean, by index', () => r.numberAt(true, '/L', 2), 'expected a number, got boolean true', '/L/2'],
    ['a number in a list of a member', () => r.numberAt('x', '/Transcript', 1, 'LoudnessScore', 2), 'expected a number, got the string "x"', '/Transcript/1/LoudnessScore/2'],
    ['a map value that is a number', () => r.stringMap({ 'a/b': 1 }, '/Attributes'), 'expected a string, got the number 1', '/Attributes/a~1b'],
    ['a map that is a list', () => r.stringMap([], '/Attributes'), 'expected an object, got an array', '/Attributes'],
    ['an instant that is not one', () => r.instant('yesterday', '/t'), 'expected a date-time (ISO-8601 text or epoch number), got the string "yesterday"', '/t'],
    ['an invalid Date', () => r.instant(new Date(NaN), '/t'), 'expected a date-time (ISO-8601 text or epoch number), got an object', '/t'],
    ['an epoch number no date holds (a RangeError when turned into one)', () => r.instant(8.64e15 + 1, '/t'), 'expected a date-time (ISO-8601 text or epoch number), got the number 8640000000000001', '/t'],
    ['an epoch number that is the first seconds of 1970', () => r.instant(5, '/LastUpdateTimestamp'), 'expected a date-time from 2000 to 9999, got the number 5 (1970-01-01T00:00:05.000Z)', '/LastUpdateTimestamp'],
    ['a date of year zero', () => r.instant('0000-01-01T00:00:00Z', '/t'), 'expected a date-time from 2000 to 9999, got the string "0000-01-01T00:00:00Z" (0000-01-01T00:00:00.000Z)', '/t'],
    ['the farthest date a Date holds', () => r.instant(8.64e15, '/t'), 'expected a date-time from 2000 to 9999, got the number 8640000000000000 (+275760-09-13T00:00:00.000Z)', '/t'],
    ['a pair of instants reversed', () => r.notBefore(1, 1, '/DisconnectTimestamp', 2000, 'InitiationTimestamp'), 'expected a date-time at or after InitiationTimestamp 1970-01-01T00:00:02.000Z, got the number 1', '/DisconnectTimestamp'],
    ['a negative offset', () => r.offsetAt(-5, '/Transcript', 3, 'EndOffsetMillis'), 'expected an offset of 0 or more milliseconds, got the number -5', '/Transcript/3/EndOffsetMillis'],
    ['a negative offset written as text', () => r.offsetAt('-1', '/Transcript', 0, 'BeginOffsetMillis'), 'expected an offset of 0 or more milliseconds, got the string "-1"', '/Transcript/0/BeginOffsetMillis'],
    ['an end before its begin', () => r.spanAt(6100, 6090, 6090, '/Transcript', 3), 'expected an offset at or after BeginOffsetMillis 6100, got the number 6090', '/Transcript/3/EndOffsetMillis'],
    ['a long string', () => r.number('x'.repeat(50), '/n'), `expected a number, got the string "${'x'.repeat(40)}…"`, '/n'],
  ])('refuses %s, at its pointer', (_, read, problem, pointer) => {
    expect(refusal(read)).toEqual({ message: `call.json: ${problem} (at ${pointer})`, pointer });
  });

  it('fails with a message of its caller', () => {
    expect(refusal(() => r.fail('/InstanceId', 'missing InstanceId'))).toEqual({ message: 'call.json: missing InstanceId (at /InstanceId)', pointer: '/InstanceId' });
  });
});
