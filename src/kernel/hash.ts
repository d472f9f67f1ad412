// Small non-cryptographic hashes for the event fingerprint and for deriving stream seeds.
// 32-bit FNV-1a over UTF-16 code units, and a mixing step (from MurmurHash3's finaliser) that
// folds integers into a running 32-bit state with integer-only arithmetic.

/** 32-bit FNV-1a of a string, as a signed int32 (see mix32). */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * Folds a 32-bit integer into a running 32-bit hash state. Returns a signed int32: values that
 * fit a small integer are stored unboxed by V8, where unsigned ones above 2^31 would allocate.
 */
export function mix32(state: number, value: number): number {
  let h = Math.imul(state ^ value, 0xcc9e2d51);
  h = (h << 15) | (h >>> 17);
  h = Math.imul(h, 0x1b873593);
  h ^= h >>> 16;
  return Math.imul(h, 0x85ebca6b);
}

export function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}
