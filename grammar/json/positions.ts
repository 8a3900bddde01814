/**
 * Offsets → 1-based line/column. Chevrotain only tracks offsets for us
 * (`positionTracking: "onlyOffset"` is its fastest mode); we turn an offset into
 * a line and column only for the nodes and errors we report, by binary search
 * over the line starts.
 */
import type { SourcePosition, SourceSpan } from '../errors.ts';

export class LineIndex {
  /** Offset at which each line starts. A leading BOM is not part of line 1's columns. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // \n, \r\n and a lone \r each end a line, as in editors.
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
    this.starts = starts;
  }

  position(offset: number): SourcePosition {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    // Math.max: offset 0 of a text that starts with a BOM sits "before" column 1.
    return { line: lo + 1, column: Math.max(1, at - this.starts[lo] + 1), offset: at };
  }

  /** The span of `[start, end)`. */
  span(start: number, end: number): SourceSpan {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }
}
