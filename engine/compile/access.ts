/**
 * Precompiled access to the canonical trigger event: a path is resolved to its
 * segments once, at compile time, and read with a plain loop per evaluation
 * (no JSONPath library on the hot path).
 */

export type Getter = (root: unknown) => unknown;

export function compileGetter(segments: readonly string[]): Getter {
  // Unrolled forms for the usual depths avoid the loop and the closure over an array.
  const s = segments;
  switch (s.length) {
    case 1:
      return (r) => (r as any)?.[s[0]];
    case 2:
      return (r) => (r as any)?.[s[0]]?.[s[1]];
    case 3:
      return (r) => (r as any)?.[s[0]]?.[s[1]]?.[s[2]];
    case 4:
      return (r) => (r as any)?.[s[0]]?.[s[1]]?.[s[2]]?.[s[3]];
    case 5:
      return (r) => (r as any)?.[s[0]]?.[s[1]]?.[s[2]]?.[s[3]]?.[s[4]];
    default:
      return (r) => {
        let v: any = r;
        for (let i = 0; i < s.length && v != null; i++) v = v[s[i]];
        return v;
      };
  }
}

/** Absent and `null` both mean "no value" (docs/canonical-events.md: missing values). */
export const isMissing = (v: unknown): boolean => v === undefined || v === null;
