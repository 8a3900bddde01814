/**
 * Where bytes a user gave stop being UTF-8, said as a place in the file. Every file
 * and standard input is decoded by one rule (read-input.ts): strictly, since Node's
 * decoder turns such bytes into U+FFFD without a word, so a Latin-1 event was read by
 * replay with characters changed (a phrase no longer matching) where eval refused it.
 * A leaf: the CLI loads it at start.
 */

/**
 * The first place `bytes` are not well-formed UTF-8 (Unicode's table 3-7): the offset
 * of the character's first byte and how many bytes were read until it failed (the one
 * that did not fit included; to the end when the bytes end inside the character), or
 * undefined when they are UTF-8.
 */
export function firstNotUtf8(bytes: Uint8Array): { offset: number; length: number } | undefined {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const continuations = continuationsOf(lead);
    if (continuations === 0) return { offset: i, length: 1 };
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlong forms, surrogates or code points past U+10FFFF).
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= continuations; k++) {
      const next = bytes[i + k];
      if (next === undefined) return { offset: i, length: k };
      if (next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return { offset: i, length: k + 1 };
    }
    i += continuations + 1;
  }
  return undefined;
}

/** How many continuation bytes follow a lead byte (0: it leads no character). */
const continuationsOf = (lead: number): number => (lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0);

const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;

/** Why `bytes` are not UTF-8 text, at `at` (firstNotUtf8's): the byte offset, its line and column, and the bytes there. */
export function notUtf8Problem(bytes: Uint8Array, at: { offset: number; length: number }): string {
  const { offset, length } = at;
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  // Columns count characters, as an editor shows them (the line up to here is UTF-8).
  const column = [...Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString('utf8')].length + 1;
  const seen = [...bytes.subarray(offset, offset + length)].map(hex);
  const what =
    seen.length === 1 && continuationsOf(bytes[offset]!) === 0
      ? `the byte ${seen[0]} starts no UTF-8 character`
      : offset + length >= bytes.length && seen.length <= continuationsOf(bytes[offset]!)
        ? `the bytes end inside a character (${seen.join(' ')})`
        : `${seen[0]} starts a UTF-8 character that ${seen.at(-1)} does not continue`;
  return `not UTF-8 text at byte offset ${offset} (line ${line}, column ${column}): ${what}; save the file as UTF-8`;
}
