// A seeded PRNG (mulberry32) and the distributions the seed draws from, so every run builds the
// same data set: the figures of two runs differ by the machine, never by the data.
export type Random = () => number

export function mulberry32(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const int = (rnd: Random, min: number, max: number) =>
  min + Math.floor(rnd() * (max - min + 1))

export const pick = <T>(rnd: Random, items: readonly T[]): T =>
  items[Math.floor(rnd() * items.length)] as T

/** Zipf-like popularity over n items: rank r is drawn with weight 1 / r^s (binary search on the CDF). */
export function zipf(n: number, s: number): (rnd: Random) => number {
  const cdf = new Float64Array(n)
  let total = 0
  for (let r = 0; r < n; r++) {
    total += 1 / Math.pow(r + 1, s)
    cdf[r] = total
  }
  return (rnd) => {
    const x = rnd() * total
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cdf[mid]! < x) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/** Fisher–Yates, in place. */
export function shuffle<T>(rnd: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
  return items
}
