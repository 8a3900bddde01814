/**
 * `backtest --csv` rows on a hand-made subject: values that a spreadsheet would run
 * as a formula are written with a leading `'` (CSV injection), the rest as read.
 */
import { describe, expect, it } from 'vitest';
import type { SubjectResult } from '../../engine/backtest/group.ts';
import { csvRows } from './text.ts';

const subject = (queueName: string): SubjectResult => ({
  subject: 'c-1',
  contactId: 'c-1',
  sources: ['OnPostCallAnalysisAvailable'],
  time: '2025-03-12T10:00:00.000Z',
  queueId: 'q-1',
  queueName,
  actions: [],
  errors: [],
  matched: ['r'],
});

/** The queue_name cell of the one row. */
const queueCell = (name: string) => csvRows(subject(name), () => 'OnPostCallAnalysisAvailable').trimEnd().split(',')[5];

describe('backtest --csv cells', () => {
  it("a value starting =, +, -, @, tab or CR is prefixed with ' (not run by a spreadsheet)", () => {
    expect(queueCell('=1+1')).toBe("'=1+1");
    expect(queueCell('+44 line')).toBe("'+44 line");
    expect(queueCell('-2')).toBe("'-2");
    expect(queueCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(queueCell('\tx')).toBe("'\tx");
    expect(csvRows(subject('\r=1'), () => 's')).toContain(`,"'\r=1",`);
    expect(csvRows(subject('=HYPERLINK("http://x","y")'), () => 's')).toContain(`,"'=HYPERLINK(""http://x"",""y"")",`);
  });

  it('other values are written as read', () => {
    expect(queueCell('Billing = 1')).toBe('Billing = 1');
    expect(csvRows(subject('Sales'), () => 'OnPostCallAnalysisAvailable')).toBe('r,OnPostCallAnalysisAvailable,c-1,2025-03-12T10:00:00.000Z,q-1,Sales,,[]\n');
  });
});
