/** `v` and everything in it frozen: a test that must show code never changes its input (a write throws in a module, which is strict). */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    Object.values(v).forEach(deepFreeze);
    Object.freeze(v);
  }
  return v;
}
