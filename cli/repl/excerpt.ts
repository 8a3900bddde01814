/**
 * The part of a long source line around an error's column, for the caret under it: a
 * rule's one-line JSON Function (500 columns) would wrap in any terminal, the caret
 * lines away from its place. Columns count UTF-16 units, as the grammar's positions
 * do; a cut never splits a surrogate pair.
 */

/** What a line is cut to: the text shown, and the error's column and span width in it. */
export interface Excerpt {
  readonly text: string;
  /** 1-based, in `text`. */
  readonly column: number;
  readonly width: number;
}

/** Columns an excerpt holds at most, its marks included: a line of 80 with the two spaces of indent. */
export const EXCERPT_COLUMNS = 76;
/** Columns kept before the error's column, so that what leads up to it shows: up to 30, fewer to show a long span whole, at least 10. */
const BEFORE = 30;
const LEAST_BEFORE = 10;
const MARK = '…';

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** `line` itself when it fits in `columns`, else the part around `column` with `…` where it is cut. */
export function excerptAround(line: string, column: number, width: number, columns = EXCERPT_COLUMNS): Excerpt {
  if (line.length <= columns) return { text: line, column, width };
  const before = Math.max(LEAST_BEFORE, Math.min(BEFORE, columns - 2 * MARK.length - width));
  let start = Math.max(0, column - 1 - before);
  let end = Math.min(line.length, start + columns);
  start = Math.max(0, end - columns);
  const head = start > 0 ? MARK : '';
  const tail = end < line.length ? MARK : '';
  // Room for the marks.
  start += head.length;
  end -= tail.length;
  if (isLowSurrogate(line.charCodeAt(start))) start++;
  if (isLowSurrogate(line.charCodeAt(end))) end--;
  return {
    text: `${head}${line.slice(start, end)}${tail}`,
    column: column - start + head.length,
    width: Math.max(1, Math.min(width, end - (column - 1))),
  };
}
