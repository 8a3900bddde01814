/**
 * Exact match on a contact in a language written without spaces (fidelity F15):
 * `connect-rules eval` on the project's Japanese analysis file
 * (test/fixtures/analysis/voice-japanese-refund.json): the real binary for the first
 * case and the long items, its command body in-process for the rest. The words
 * are ICU's segments of the contact's language (engine/transcript/language.ts,
 * segmented.ts); an operand matches its text at word boundaries.
 */
import { describe, expect, it } from 'vitest';
import { runCli, scratch, type CliResult } from '../support/cli.ts';
import { runInProcess } from '../support/cli-in-process.ts';
import { fixture } from '../support/fixtures.ts';

/** A post-call rule function: exact match of `phrases`, said by `role`. */
const exactRule = (phrases: string[], role: string) => ({
  Version: '2022-11-25',
  RuleFunction: {
    Operator: 'AND',
    Operands: [
      {
        Operator: 'CONTAINS_ANY',
        Operands: phrases,
        ComparisonValue: '$.ContactLens.PostCall.ExactMatch.Transcript',
        FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'ParticipantRole', Data: role }] },
        Negate: false,
      },
    ],
  },
});

/** `eval --explain`'s output, from its command body in-process (test/support/cli-in-process.ts). */
const explain = async (fn: unknown, event: unknown = fixture('analysis/voice-japanese-refund.json')) => {
  const file = scratch({ 'fn.json': fn, 'event.json': event });
  return expectRan(await runInProcess(['eval', '--function', file('fn.json'), '--event', file('event.json'), '--explain']));
};

/**
 * The same through the real binary: where a regression could hang (ICU on a long
 * item), a child process ends at runCli's timeout where an in-process run would block
 * the test's worker; and once to show the bundle segments as the source does.
 */
const explainCli = (fn: unknown, event: unknown = fixture('analysis/voice-japanese-refund.json')) => {
  const file = scratch({ 'fn.json': fn, 'event.json': event });
  return expectRan(runCli(['eval', '--function', file('fn.json'), '--event', file('event.json'), '--explain']));
};

const expectRan = (r: CliResult) => {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
};

describe('exact match on a Japanese call (LanguageCode ja-JP)', () => {
  it('finds a word the customer said inside a sentence with no spaces, and explain quotes it', () => {
    const out = explainCli(exactRule(['解約', '返金'], 'CUSTOMER'));
    expect(out).toMatch(/^MATCHED/);
    expect(out).toContain('matched "返金" in item 8a6c4e2f-0002-4a5b-8c6d-000000000002 (CUSTOMER, 00:05): "返金"');
  });

  it('does not match a word nobody said', async () => {
    expect(await explain(exactRule(['解約', 'キャンセル'], 'ANY'))).toMatch(/^NOT MATCHED/);
  });

  it('does not match part of a word ("金" inside "返金"), as "fun" does not match inside "refund"', async () => {
    expect(await explain(exactRule(['金'], 'ANY'))).toMatch(/^NOT MATCHED/);
  });

  it('matches a phrase of several words, quoting it as said', async () => {
    const out = await explain(exactRule(['お電話ありがとうございます'], 'AGENT'));
    expect(out).toMatch(/^MATCHED/);
    expect(out).toContain('(AGENT, 00:00): "お電話ありがとうございます"');
  });

  it('ignores spaces written in the operand; a word between the operand\'s words still counts', async () => {
    const out = await explain(exactRule(['注文 番号'], 'CUSTOMER'));
    expect(out).toContain('(CUSTOMER, 00:19): "注文番号"');
    expect(await explain(exactRule(['返金お願い'], 'CUSTOMER'))).toMatch(/^NOT MATCHED/);
  });

  it('keeps the space between two Latin words: "visa card" does not match "VISAcard", as on an English call', async () => {
    const saying = (content: string) => {
      const event = fixture('analysis/voice-japanese-refund.json');
      event.Transcript[1].Content = content;
      return event;
    };
    expect(await explain(exactRule(['visa card'], 'CUSTOMER'), saying('VISAcard で払いました'))).toMatch(/^NOT MATCHED/);
    expect(await explain(exactRule(['visa card'], 'CUSTOMER'), saying('VISA card で払いました'))).toMatch(/^MATCHED/);
    // next to a Japanese word there is no space to keep: "VISAで" is VISA | で
    expect(await explain(exactRule(['visaで'], 'CUSTOMER'), saying('VISA で払いました'))).toMatch(/^MATCHED/);
  });

  it('reads cmn-CN (Mandarin, an ISO 639-3 code) as Chinese, written without spaces', async () => {
    const mandarin = fixture('analysis/voice-japanese-refund.json');
    mandarin.LanguageCode = 'cmn-CN';
    expect(await explain(exactRule(['返金'], 'CUSTOMER'), mandarin)).toMatch(/^MATCHED/);
  });

  it('reads every code AWS gives a Chinese, Japanese or Thai contact (zh-HK, zh-TW, yue-HK...) as written without spaces, and Korean (spaced) not', async () => {
    const inLanguage = (code: string) => {
      const event = fixture('analysis/voice-japanese-refund.json');
      event.LanguageCode = code;
      return event;
    };
    // AWS lists zh-CN, zh-HK (Cantonese; Transcribe: "zh-HK (yue-HK)"), zh-TW; wuu (Wu) is an ISO 639-3 code of Chinese other tools write
    for (const code of ['zh-HK', 'zh-TW', 'yue-HK', 'wuu-CN']) expect(await explain(exactRule(['返金'], 'CUSTOMER'), inLanguage(code)), code).toMatch(/^MATCHED/);
    // Korean is written with spaces: the run "返金をお願いしたいのですが" is one word, as on an English call
    expect(await explain(exactRule(['返金'], 'CUSTOMER'), inLanguage('ko-KR'))).toMatch(/^NOT MATCHED/);
  });

  it('reads full-width letters and digits, and half-width katakana, as their plain forms (NFKC), both in the rule and the transcript', async () => {
    const saying = (content: string) => {
      const event = fixture('analysis/voice-japanese-refund.json');
      event.Transcript[1].Content = content;
      return event;
    };
    const out = await explain(exactRule(['visa'], 'CUSTOMER'), saying('ＶＩＳＡカードで払いました'));
    expect(out).toMatch(/^MATCHED/);
    expect(out).toContain('(CUSTOMER, 00:05): "ＶＩＳＡ"'); // quoted as said
    expect(await explain(exactRule(['ＶＩＳＡ'], 'CUSTOMER'), saying('VISAカードで払いました'))).toMatch(/^MATCHED/);
    expect(await explain(exactRule(['12345'], 'CUSTOMER'), saying('注文番号は１２３４５です'))).toMatch(/^MATCHED/);
    expect(await explain(exactRule(['カード'], 'CUSTOMER'), saying('ｶｰﾄﾞで払いました'))).toMatch(/^MATCHED/);
    // still whole words: full-width "ＶＩＳＡＸ" is the word "visax", not "visa"
    expect(await explain(exactRule(['visa'], 'CUSTOMER'), saying('ＶＩＳＡＸカードで払いました'))).toMatch(/^NOT MATCHED/);
    expect(await explain(exactRule(['1234'], 'CUSTOMER'), saying('注文番号は１２３４５です'))).toMatch(/^NOT MATCHED/);
  });

  it('segments by the contact’s language: the same file said to be English has one "word" per run of letters', async () => {
    const english = fixture('analysis/voice-japanese-refund.json');
    english.LanguageCode = 'en-US';
    expect(await explain(exactRule(['返金'], 'CUSTOMER'), english)).toMatch(/^NOT MATCHED/);
  });
});

describe('a very long item on a Japanese call (work bounded whatever the item)', () => {
  // Node 20's ICU does not return from segmenting some 65,536 characters of Japanese at
  // once; the engine gives it pieces (tokenize.ts, SEGMENT_PIECE). These runs finish
  // within the runner's timeout on Node 20 and 22 alike, and still find the words.
  const withItem = (content: string) => {
    const event = fixture('analysis/voice-japanese-refund.json');
    event.Transcript[1].Content = content;
    return event;
  };

  it('matches a word at the end of a 70,000-character item of sentences', () => {
    const out = explainCli(exactRule(['払い戻し'], 'CUSTOMER'), withItem('返金をお願いします。'.repeat(7_000) + '払い戻し'));
    expect(out).toMatch(/^MATCHED/);
    expect(out).toContain('matched "払い戻し" in item 8a6c4e2f-0002-4a5b-8c6d-000000000002');
  });

  it('matches a word after a 70,000-character run with no space or punctuation', () => {
    expect(explainCli(exactRule(['払い戻し'], 'CUSTOMER'), withItem('あ'.repeat(70_000) + '。払い戻し'))).toMatch(/^MATCHED/);
  });

  it('cuts a long item between sentences, never inside a word that straddles the 4,096th character', () => {
    // "解" is the 4,096th character and "約" the 4,097th: a piece ending at 4,096 would cut the word
    const item = 'い'.repeat(4_000) + '。' + 'え'.repeat(94) + '解約します。';
    expect(explainCli(exactRule(['解約'], 'CUSTOMER'), withItem(item))).toMatch(/^MATCHED/);
    // were it cut, "約" would begin a word there and match
    expect(explainCli(exactRule(['約'], 'CUSTOMER'), withItem(item))).toMatch(/^NOT MATCHED/);
  });
});

describe('pattern match on a Japanese call (PatternMatchLanguageFilter JA)', () => {
  // AWS's API reference (OnRealTimeCallAnalysisAvailable) lists JA and ZH among the filter's values.
  const patternRule = (values: object[]) => ({
    Version: '2022-11-25',
    RuleFunction: {
      Operator: 'AND',
      Operands: [
        {
          Operator: 'CONTAINS_ANY',
          Operands: [values],
          ComparisonValue: '$.ContactLens.PostCall.PatternMatch.Transcript',
          FilterClause: {
            LogicOperator: 'AND',
            Filters: [
              { Type: 'ParticipantRole', Data: 'CUSTOMER' },
              { Type: 'PatternMatchLanguageFilter', Data: 'JA' },
            ],
          },
          Negate: false,
        },
      ],
    },
  });

  it('matches a PLAIN value of several words written without spaces, as exact match does', async () => {
    // "返金をお願いしたいのですが": 返金 | を | お願い | し | たい ...
    const out = await explain(patternRule([{ Type: 'PLAIN', Value: '返金をお願い' }]));
    expect(out).toMatch(/^MATCHED/);
    expect(out).toContain('(CUSTOMER, 00:05): "返金をお願い"');
  });

  it('reads a PLAIN value word by word: its words must stand consecutively, and a prefix works on the last', async () => {
    expect(await explain(patternRule([{ Type: 'PLAIN', Value: '返金お願い' }]))).toMatch(/^NOT MATCHED/);
    expect(await explain(patternRule([{ Type: 'PLAIN', Value: '返金を' }, { Type: 'PROXIMITY', Value: { Distance: 1, IsWithin: true } }, { Type: 'PLAIN', Value: 'し*' }]))).toMatch(
      /^MATCHED/,
    );
  });
});
