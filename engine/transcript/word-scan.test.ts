import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tokenize } from './tokenize.ts';
import { reading, WordDictionary } from './word-scan.ts';
import { assemble } from './word-scan-wasm-assembly.ts';
import { hashTableOf, MAX_SLOTS_PER_WORD, replaceWasmWordReader, SPANS_STRIDE, WasmWordReader, wasmWordReader, type TextsInMemory } from './word-scan-wasm.ts';

/** What `read` must leave: the dictionary id of each token tokenize.ts finds. */
const expected = (dictionary: WordDictionary, text: string): number[] => tokenize(text).map((w) => dictionary.id(w));

/** The ids `read` leaves in `reading`, -1 when it answers -1; and the marked words' positions. */
const readOf = (dictionary: WordDictionary, text: string, inMemory?: TextsInMemory, k = 0): { ids: number[]; marks: number[] } | -1 => {
  const count = dictionary.read(text, inMemory, k);
  if (count < 0) return -1;
  const { ids, idsAt, marks, marksAt, marked } = reading;
  return { ids: [...ids.subarray(idsAt, idsAt + count)], marks: [...marks.subarray(marksAt, marksAt + marked)] };
};
const idsOf = (dictionary: WordDictionary, text: string): number[] | -1 => {
  const read = readOf(dictionary, text);
  return read === -1 ? -1 : read.ids;
};

// Characters where word boundaries are decided: joiners, decimal marks, masks, case,
// non-ASCII (two UTF-8 bytes, three, a surrogate pair, a lone surrogate).
const ASCII = ['a', 'b', 'R', 'E', 'f', 's', '3', '5', '0', "'", '-', '.', ',', '[', ']', '_', 'P', 'I', ' ', ' ', '\n', '!'];
const CHARS = [...ASCII, '’', '‐', 'é', '😀', '\ud83d'];
// Up to 90 characters: texts of 32 and more are read as two halves at once, from the first space at or after the middle.
// `size: 'max'`: at fast-check's default size an array stops near 10 elements, and no text reached a split.
// Half the texts plain ASCII: a long text of any character almost always holds a non-ASCII one, answered -1 unread.
const text = fc
  .oneof(fc.array(fc.constantFrom(...ASCII), { maxLength: 90, size: 'max' }), fc.array(fc.constantFrom(...CHARS), { maxLength: 90, size: 'max' }))
  .map((cs) => cs.join(''));

/** What a dictionary marks: words (whatever follows them) and pairs (the first word when the second follows). */
type Starts = (string | [string, string])[];

/**
 * `read` of `input` leaves the tokens' ids and the positions of the marked words: by the
 * WebAssembly reader (`filtered`), a pair's first word only when its second follows
 * (exactly so while pairs have at most 31 first words, which share no bit; beyond, some
 * more, never fewer); read stepwise, wherever it stands. -1 beyond ASCII.
 */
function agreesWithTokens(d: WordDictionary, marked: Starts, input: string, filtered = !input.includes('['), inMemory?: TextsInMemory, k = 0): void {
  if (/[^\x00-\x7f]/.test(input)) {
    expect(idsOf(d, input)).toBe(-1);
    return;
  }
  const ids = expected(d, input);
  const alone = new Set(marked.flatMap((m) => (typeof m === 'string' ? [d.id(m)] : [])));
  const seconds = new Map<number, Set<number>>();
  for (const m of marked) if (typeof m !== 'string' && d.id(m[0]) >= 0) seconds.set(d.id(m[0]), (seconds.get(d.id(m[0])) ?? new Set()).add(d.id(m[1])));
  const where = (keeps: (id: number, at: number) => boolean) => ids.flatMap((id, at) => (id >= 0 && (alone.has(id) || keeps(id, at)) ? [at] : []));
  const everywhere = where((id) => seconds.has(id));
  const followed = where((id, at) => at + 1 < ids.length && ids[at + 1] >= 0 && seconds.get(id)?.has(ids[at + 1]) === true);
  const read = readOf(d, input, inMemory, k);
  if (read === -1) throw new Error(`read -1 on an ASCII text: ${JSON.stringify(input)}`);
  expect(read.ids).toEqual(ids);
  if (!filtered) expect(read.marks).toEqual(everywhere);
  else if (seconds.size <= 31) expect(read.marks).toEqual(followed);
  else {
    expect(read.marks).toEqual(everywhere.filter((at) => read.marks.includes(at)));
    for (const at of followed) expect(read.marks).toContain(at);
  }
}

/**
 * `n` words as rule writers write them (syllables, not `w0`, `w1`, …, which hash unusually well): a
 * table no two of them share a slot of needs about n² slots, so a large dictionary gets none.
 */
const SYLLABLES = ['re', 'fund', 'can', 'cel', 'ac', 'count', 'bill', 'ing', 'pay', 'ment', 'sup', 'port', 'man', 'ag', 'er', 'up', 'set', 'de', 'lay', 'late'];
const dictionary = (n: number): string[] => {
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647);
  const words = new Set<string>();
  while (words.size < n) words.add(Array.from({ length: 2 + (next() % 3) }, () => SYLLABLES[next() % SYLLABLES.length]).join(''));
  return [...words];
};

/**
 * A dictionary of some of `text0`'s own words, words of other texts, and strings no token
 * can be (upper case, brackets, a joiner at an end), which must never match; every third
 * word marked alone, every third (another) marked when the word after it in the list follows.
 */
function dictionaryFor(text0: string, others: string[], raw: string[]): { d: WordDictionary; marked: Starts } {
  const words = [...tokenize(text0).filter((_, i) => i % 2 === 0), ...others.flatMap(tokenize), ...raw];
  const marked = words.flatMap((w, i): Starts => (i % 3 === 0 ? [w] : i % 3 === 1 && i + 1 < words.length ? [[w, words[i + 1]]] : []));
  return { d: new WordDictionary(words, marked), marked };
}

/**
 * A module that imports a function `m.scan` of type (i32 × `params`) → i32: instantiating it
 * with a WebAssembly function of any other type fails (LinkError), which tells a function's
 * signature exactly (JavaScript sees only its parameter count).
 */
const importsScan = (params: number) =>
  new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...[0x01, params + 5, 1, 0x60, params, ...new Array<number>(params).fill(0x7f), 1, 0x7f], // types: one, (i32 × params) → i32
    ...[0x02, 10, 1, 1, 0x6d, 4, 0x73, 0x63, 0x61, 0x6e, 0x00, 0], // imports: one, "m" "scan", a function of type 0
  ]);

describe('the WebAssembly module word-scan-wasm.ts assembles', () => {
  it('is valid and exports exactly `scan`, (i32 × 9) → i32, `words`, (i32 × 8) → i32, and `memory`, importing nothing', () => {
    // Compiling an encoding slip throws a CompileError that names the function and byte offset.
    const module = new WebAssembly.Module(assemble());
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    expect(WebAssembly.Module.exports(module)).toEqual([
      { name: 'scan', kind: 'function' },
      { name: 'words', kind: 'function' },
      { name: 'memory', kind: 'memory' },
    ]);
    const { scan, words } = new WebAssembly.Instance(module, {}).exports;
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(importsScan(9)), { m: { scan } })).not.toThrow();
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(importsScan(8)), { m: { scan: words } })).not.toThrow();
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(importsScan(8)), { m: { scan } })).toThrow(WebAssembly.LinkError);
  });
});

describe('WordDictionary.read (words read in place)', () => {
  const dictionary = new WordDictionary(['refund', 'refunds', 'my', "don't", 'e-mail', '3.5', '1,000', '[pii]', 'café', 'i', 'a']);

  it.each([
    ['I want my REFUNDS!', [9, -1, 2, 1]],
    ["Don't e-mail, 3.5 or 1,000 [PII] [pii]", [3, 4, 5, -1, 6, 7, -1]],
    ['[PII]s a-', [7, -1, 10]],
    ['my-refund refund- -my 3.x', [-1, 0, 2, -1, -1]],
    // No bracket: read by the automaton, joiners and decimal marks included.
    ["Don't e-mail, 3.5 or 1,000", [3, 4, 5, -1, 6]],
    ["don''t e--mail 3..5 1,,000 3.5. 1,000, a-b' '3 i'a", [-1, -1, -1, -1, -1, -1, -1, -1, 5, 6, -1, -1, -1]],
  ])('%j → %j', (input, ids) => {
    expect(idsOf(dictionary, input)).toEqual(ids);
    expect(idsOf(dictionary, input)).toEqual(expected(dictionary, input));
  });

  it('answers -1 on a text holding a character other than ASCII (the caller tokenises it)', () => {
    expect(idsOf(dictionary, 'my café')).toBe(-1);
    expect(idsOf(dictionary, 'I don’t')).toBe(-1);
  });

  it('property: on ASCII text, the ids of exactly the words tokenize.ts finds; -1 otherwise', () => {
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 4 }), fc.array(text, { maxLength: 3 }), (text0, others, raw) => {
        const { d, marked } = dictionaryFor(text0, others, raw);
        // A text with a `[` is read stepwise, one without by the automaton: both kinds, always.
        for (const input of [text0, text0.replaceAll('[', ' ')]) agreesWithTokens(d, marked, input);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads long texts (its buffers grow) the same: thousands of characters, many splits', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 20, maxLength: 120, size: 'max' }), (parts) => {
        const long = parts.join(' ').replaceAll('[', ' ');
        const { d, marked } = dictionaryFor(long, parts.slice(0, 5), []);
        agreesWithTokens(d, marked, long);
        agreesWithTokens(d, marked, long.replace(/[^\x00-\x7f]/g, '-'));
      }),
      { numRuns: 100 },
    );
  });
});

describe('WordDictionary.read by the words\' boundaries and a hash table (word-scan-wasm.ts `words`), and by the automaton', () => {
  // Words of 15 to 17 characters (`words` looks up 16 at most: a dictionary holding a longer one is read by the automaton),
  // joiners and decimal marks between and beside word characters, case, runs across the 16-byte blocks and 64-byte chunks.
  const PIECES = ['a', 'Refund', 'refunds', 'x1', '3.5', '1,000', "don't", 'e-mail', 'abcdefghijklmno', 'abcdefghijklmnop', 'abcdefghijklmnopq', 'ABCDEFGHIJKLMNOP', '7', '-', "'", '.', ',', '!'];
  const SEPARATORS = [' ', '', '-', "'", '.', ',', '  ', '\n', '?'];
  const longText = fc
    .array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom(...SEPARATORS)), { maxLength: 40, size: 'max' })
    .map((ps) => ps.map(([p, s]) => p + s).join(''));

  it('property: both read exactly the words tokenize.ts finds, their ids and the marked ones', () => {
    fc.assert(
      fc.property(longText, fc.array(longText, { maxLength: 3 }), fc.boolean(), (text0, others, automaton) => {
        const words = [...tokenize(text0).filter((_, i) => i % 2 === 0), ...others.flatMap(tokenize)].filter((w) => w.length <= 16);
        // A word of 17 characters: no hash table, the automaton reads.
        if (automaton) words.push('abcdefghijklmnopq');
        const marked = words.flatMap((w, i): Starts => (i % 3 === 0 ? [w] : i % 3 === 1 && i + 1 < words.length ? [[w, words[i + 1]]] : []));
        const d = new WordDictionary(words, marked);
        for (const input of [text0, ...others]) agreesWithTokens(d, marked, input);
      }),
      { numRuns: 1500 },
    );
  });

  it.each([
    ['abcdefghijklmnop abcdefghijklmnopq ABCDEFGHIJKLMNOP', [0, -1, 0]],
    ['x-abcdefghijklmnop 1.5. 1.5x 5.a a.5 a-', [-1, 1, -1, 2, 3, 3, 2, 3]],
  ])('%j → %j', (input, ids) => {
    const d = new WordDictionary(['abcdefghijklmnop', '1.5', '5', 'a']);
    expect(idsOf(d, input)).toEqual(ids);
    expect(idsOf(d, input)).toEqual(expected(d, input));
  });
});

/**
 * `texts` put in the reader's memory side by side as a JSON array of strings writes them
 * (`["a","b"]`: each two bytes from the next), as analysis-text/read.ts leaves a file's.
 */
function sideBySide(texts: readonly string[]): TextsInMemory {
  const reader = wasmWordReader()!;
  // (not JSON.stringify: it escapes control characters, which the reader of a file never leaves in memory, and which `read` reads as any other byte)
  const json = `["${texts.join('","')}"]`;
  const spansAt = (json.length + 48) & ~15;
  const at = reader.lend(spansAt + 4 * SPANS_STRIDE * texts.length, () => true);
  const bytes = new Uint8Array(reader.memory.buffer);
  for (let c = 0; c < json.length; c++) bytes[at + c] = json.charCodeAt(c);
  const view = reader.view;
  let from = at + 2;
  texts.forEach((t, k) => {
    view[((at + spansAt) >> 2) + SPANS_STRIDE * k] = from;
    view[((at + spansAt) >> 2) + SPANS_STRIDE * k + 1] = from + t.length;
    from += t.length + 3;
  });
  return { lending: reader.lending, spans: (at + spansAt) >> 2, contents: texts };
}

describe('WordDictionary.read of texts already in the memory (TextsInMemory)', () => {
  const asciiText = fc.array(fc.constantFrom(...ASCII), { maxLength: 90, size: 'max' }).map((cs) => cs.join(''));

  it('property: reads each text where it is, as it reads a copy, and writes nothing over the texts beside it (by the hash table or by the automaton)', () => {
    fc.assert(
      fc.property(fc.array(asciiText, { minLength: 1, maxLength: 8 }), fc.array(text, { maxLength: 3 }), fc.boolean(), (texts, others, automaton) => {
        // (a word of 17 letters: no hash table, the automaton reads; it writes the marked words' positions, never over the texts)
        const { d, marked } = dictionaryFor(texts.join(' '), others, automaton ? ['abcdefghijklmnopq'] : []);
        // (the dictionary's table placed first: placing it lays the buffers out again, over any loan)
        d.read('x');
        const inMemory = sideBySide(texts);
        // twice: a first reading that wrote over a text beside it would show at the second
        for (let round = 0; round < 2; round++) texts.forEach((t, k) => agreesWithTokens(d, marked, t, undefined, inMemory, k));
        expect(wasmWordReader()!.lending).toBe(inMemory.lending);
      }),
      { numRuns: 500 },
    );
  });

  it('reads the bytes in the memory, not the string: a text whose loan has ended or whose Content is another string is copied in', () => {
    const d = new WordDictionary(['refund', 'cancel']);
    d.read('x');
    const inMemory = sideBySide(['please refund it', 'cancel']);
    // the bytes there are read for the string given (a Content the parse gave, of the same length)
    expect(idsOf(d, 'please refund it')).toEqual([-1, 0, -1]);
    expect(readOf(d, 'please refund it', inMemory, 0)).toEqual(readOf(d, 'please refund it'));
    const other = { ...inMemory, contents: ['please cancel it', 'cancel'] };
    expect(readOf(d, 'please cancel it', other, 0)).toEqual({ ids: [-1, 0, -1], marks: [] });
    // another string than the parse gave: copied in
    expect(readOf(d, 'please cancel it', inMemory, 0)).toEqual({ ids: [-1, 1, -1], marks: [] });
    // the loan ended (another): copied in
    sideBySide(['x']);
    expect(readOf(d, 'please cancel it', other, 0)).toEqual({ ids: [-1, 1, -1], marks: [] });
  });

  it('a dictionary the automaton reads (a word of more than 16 letters) reads the texts in place too, and copies nothing in', () => {
    const d = new WordDictionary(['refund', 'telecommunications', 'cancel'], ['refund', ['cancel', 'telecommunications']]);
    d.read('x');
    const texts = ['please refund it', 'cancel telecommunications now', 'refund [PII] ok'];
    const inMemory = sideBySide(texts);
    const spies = (['read', 'readWords', 'readWordsAt', 'readAt'] as const).map((m) => vi.spyOn(WasmWordReader.prototype, m));
    try {
      expect(readOf(d, texts[0], inMemory, 0)).toEqual({ ids: [-1, 0, -1], marks: [1] });
      expect(readOf(d, texts[1], inMemory, 1)).toEqual({ ids: [2, 1, -1], marks: [0] });
      expect(spies.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0, 2]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // a `[` (a mask may follow): read stepwise, as a copy would be
    expect(readOf(d, texts[2], inMemory, 2)).toEqual(readOf(d, texts[2]));
    expect(readOf(d, texts[2], inMemory, 2)).toEqual({ ids: [0, -1, -1], marks: [0] });
    // copied, read the same
    expect(readOf(d, texts[1])).toEqual({ ids: [2, 1, -1], marks: [0] });
    // the texts beside are still the file's: read again in place, the same
    expect(readOf(d, texts[0], inMemory, 0)).toEqual({ ids: [-1, 0, -1], marks: [1] });
    expect(wasmWordReader()!.lending).toBe(inMemory.lending);
  });

  it('property: a dictionary too large for a hash table: the automaton reads each text where it is, as it reads a copy, writing nothing over the texts beside it', () => {
    const words = dictionary(1500);
    const marked: Starts = [...words.slice(0, 300), ...words.slice(300, 400).map((w, i): [string, string] => [w, words[i]])];
    const d = new WordDictionary(words, marked);
    d.read('x');
    const piece = fc.oneof(fc.constantFrom(...words.slice(0, 420)), fc.constantFrom('x', 'Refund', '3.5', "don't", '-', '[PII]', 'abcdefghijklmnopqr'));
    const texts = fc.array(fc.array(fc.tuple(piece, fc.constantFrom(' ', '', ', ', '-', '.')), { maxLength: 30 }).map((ps) => ps.map(([p, sep]) => p + sep).join('')), { minLength: 1, maxLength: 6 });
    const spies = (['read', 'readWords', 'readWordsAt', 'readAt'] as const).map((m) => vi.spyOn(WasmWordReader.prototype, m));
    try {
      fc.assert(
        fc.property(texts, (ts) => {
          const inMemory = sideBySide(ts);
          for (let round = 0; round < 2; round++) ts.forEach((t, k) => agreesWithTokens(d, marked, t, undefined, inMemory, k));
          expect(wasmWordReader()!.lending).toBe(inMemory.lending);
        }),
        { numRuns: 200 },
      );
      // nothing copied in, nothing read by a hash table: the automaton, in place
      expect(spies.slice(0, 3).map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0]);
      expect(spies[3].mock.calls.length).toBeGreaterThan(200);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('hashTableOf, bounded whatever the dictionary', () => {
  it.each([100, 3000])('%i words: a table of at most MAX_SLOTS_PER_WORD slots a word, or none', (n) => {
    const table = hashTableOf(dictionary(n));
    if (table) expect(table.byteLength).toBeLessThanOrEqual(32 + 32 * MAX_SLOTS_PER_WORD * 2 * n);
    if (n <= 100) expect(table).toBeDefined();
  });

  it('a dictionary too large for a table is read by the automaton, as tokenize.ts reads it', () => {
    const words = dictionary(3000);
    const d = new WordDictionary(words, words.slice(0, 50));
    const input = `${words[7]} and ${words[2999]}, then ${words[1500]}-x unknownword ${words[42]}.`;
    expect(idsOf(d, input)).toEqual(expected(d, input));
  });
});

describe('WordDictionary.read, the WebAssembly reader replaced', () => {
  afterEach(() => replaceWasmWordReader());

  it('property: dictionaries read in turn through an arena that holds one table at a time read as their own', () => {
    // 4 KiB: every placement empties the arena, so each dictionary's table is copied in again at its next read.
    replaceWasmWordReader(4096);
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.array(text, { maxLength: 4 })), { minLength: 2, maxLength: 4 }), fc.array(text, { maxLength: 6 }), (specs, inputs) => {
        const dictionaries = specs.map(([text0, others]) => dictionaryFor(text0, others, []));
        for (const input of [...specs.map(([text0]) => text0), ...inputs])
          for (const { d, marked } of dictionaries) agreesWithTokens(d, marked, input.replaceAll('[', ' '));
      }),
      { numRuns: 300 },
    );
  });

  it('property: without WebAssembly (node --jitless), every text is read stepwise, with the same answer', () => {
    replaceWasmWordReader(null);
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 4 }), (text0, others) => {
        const { d, marked } = dictionaryFor(text0, others, []);
        for (const input of [text0, text0.replaceAll('[', ' ')]) agreesWithTokens(d, marked, input, false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('WordDictionary.readLatin (texts beyond ASCII in Latin-1 letters: Spanish, Portuguese, French)', () => {
  // The Latin-1 letters and marks it reads, their neighbours it must leave to the tokens
  // (`×`, `ª` and `²` are a word character to tokenize.ts or not in ways it does not read),
  // and characters beyond Latin-1 (a curly apostrophe, a letter that lower-cases to two).
  const LATIN = [...ASCII, 'é', 'É', 'ñ', 'Ñ', 'ç', 'ã', 'õ', 'ü', 'ß', 'ÿ', 'À', 'Þ', '¿', '¡', '«', '»', '\u00a0', '’', '‘', '‐', '‑'];
  const OTHERS = ['×', '÷', 'ª', 'º', '²', 'µ', '·', 'ʼ', '‒', '“', 'İ', 'œ', '😀'];
  const latinText = fc
    .oneof(fc.array(fc.constantFrom(...LATIN), { maxLength: 90, size: 'max' }), fc.array(fc.constantFrom(...LATIN, ...OTHERS), { maxLength: 40, size: 'max' }))
    .map((cs) => cs.join(''));
  const READ = new RegExp(`^[\\x00-\\x7f${LATIN.filter((c) => c.charCodeAt(0) > 127).join('')}]*$`);

  it.each([
    ['¿Mi tarjeta de CRÉDITO?', ['mi', 'tarjeta', 'de', 'crédito']],
    ["L'été, «carte» d'accès", ["l'été", 'carte', "d'accès"]],
    ['Ação-rápida 3,5\u00a0café', ['ação-rápida', '3,5', 'café']],
    ['L’été, j’ai dû ‘payer’', ["l'été", "j'ai", 'dû', 'payer']],
  ])('%j: the words tokenize.ts finds (%j)', (input, words) => {
    const d = new WordDictionary([...words, 'other']);
    expect(tokenize(input)).toEqual(words);
    expect(d.readLatin(input)).toBe(words.length);
    expect([...reading.ids.subarray(reading.idsAt, reading.idsAt + words.length)]).toEqual(words.map((w) => d.id(w)));
  });

  it('property: the ids of exactly the words tokenize.ts finds, the marked ones wherever they stand; -1 on a character it does not read', () => {
    fc.assert(
      fc.property(latinText, fc.array(latinText, { maxLength: 4 }), fc.array(latinText, { maxLength: 3 }), (text0, others, raw) => {
        const { d, marked } = dictionaryFor(text0, others, raw);
        for (const input of [text0, text0.replaceAll('[', ' ')]) {
          const count = d.readLatin(input);
          if (!READ.test(input)) {
            expect(count).toBe(-1);
            continue;
          }
          const ids = expected(d, input);
          expect(count).toBe(ids.length);
          expect([...reading.ids.subarray(reading.idsAt, reading.idsAt + count)]).toEqual(ids);
          expect([...reading.marks.subarray(reading.marksAt, reading.marksAt + reading.marked)]).toEqual(ids.flatMap((id, at) => (d.isMarked(id) ? [at] : [])));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
