/**
 * The nodes of an SDK client's endpoint rules (the `Int32Array` of its
 * `dist-es/endpoint/bdd.js`, three numbers a node: condition, then the two branches)
 * as a short string: what build/sdk-endpoint-nodes.ts writes into the Lambda bundles in
 * place of the array literal (S3's 1,659 numbers: 6.3 KB of each file reader as
 * minified source, 2.5 KB as this string). `unpackNodes` gives back the same numbers.
 *
 * Each number is one of three kinds, told by its remainder of 3: a result
 * (`results + k`), a later node (`node + 1 + k`, as most branches are), anything else
 * (`k - 1`, k ≥ 0: -1, 1, earlier nodes and the conditions). k is written in base 45,
 * most significant digit first: digits 45–89 go on, 0–44 end the number; a digit is
 * the character of code 35 + digit, with `\` (92) skipped, so the string needs no escapes.
 */

const FIRST = 35;
const BACKSLASH = 92;
const BASE = 45;

const char = (digit: number): string => String.fromCharCode(FIRST + digit >= BACKSLASH ? FIRST + digit + 1 : FIRST + digit);

/** `nodes` as `unpackNodes` reads them back, `results` the offset of the rules' results (bdd.js's `r`). */
export function packNodes(nodes: ArrayLike<number>, results: number): string {
  let out = '';
  for (let i = 0; i < nodes.length; i++) {
    const v = nodes[i]!;
    const node = Math.floor(i / 3);
    const k = v >= results ? 3 * (v - results) + 1 : v > node ? 3 * (v - node - 1) + 2 : 3 * (v + 1);
    if (!Number.isSafeInteger(k) || k < 0) throw new RangeError(`endpoint node value ${v} at ${i} cannot be packed`);
    let digits = char(k % BASE);
    for (let rest = Math.floor(k / BASE); rest > 0; rest = Math.floor(rest / BASE)) digits = char(BASE + (rest % BASE)) + digits;
    out += digits;
  }
  return out;
}

/** The numbers `packNodes` packed. */
export function unpackNodes(packed: string, results: number): Int32Array {
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < packed.length; i++) {
    const code = packed.charCodeAt(i);
    const digit = code - FIRST - (code > BACKSLASH ? 1 : 0);
    if (digit >= BASE) {
      k = k * BASE + digit - BASE;
      continue;
    }
    k = k * BASE + digit;
    const kind = k % 3;
    const n = (k - kind) / 3;
    out.push(kind === 1 ? results + n : kind === 2 ? Math.floor(out.length / 3) + 1 + n : n - 1);
    k = 0;
  }
  return Int32Array.from(out);
}
