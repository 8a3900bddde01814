/**
 * Cutting text for a message by characters (code points), not UTF-16 units: a cut by
 * units can end in half a surrogate pair, an emoji or other astral character shown as
 * U+FFFD. Shared by the lexers' and tree's error quotes and the engine's trace.
 */

/**
 * `text` itself when it holds at most `limit` characters, else its first `keep`
 * characters followed by `marker`. Reads at most `limit + 1` characters of `text`,
 * so a long input costs no more than a short one.
 */
export function clip(text: string, limit: number, keep: number, marker: string): string {
  let count = 0;
  let units = 0;
  let cut = 0;
  for (const char of text) {
    if (count === keep) cut = units;
    if (count === limit) return `${text.slice(0, cut)}${marker}`;
    count++;
    units += char.length;
  }
  return text;
}

/** A number as written, for a message: a long one (100,000 digits) cut, with its length said. */
export const clipNumber = (raw: string): string => (raw.length <= 40 ? raw : `${raw.slice(0, 37)}... (${raw.length} characters)`);
