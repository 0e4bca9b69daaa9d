/**
 * A seeded pseudo-random source for the demo workload: the same seed gives the same sessions,
 * token counts, latencies and errors on every runtime (mulberry32: 32-bit state, integer
 * arithmetic only, so Node, Deno and Bun agree bit for bit).
 *
 * @module
 */

/** Draws from a seeded sequence. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** `true` with probability `p`. */
  chance(p: number): boolean;
  /** One of `items`, each as likely. */
  pick<T>(items: readonly T[]): T;
  /** One of `items`, with the given weights (any positive numbers). */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** A log-normal draw with the given median and spread (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number;
}

/**
 * A {@link Random} from a seed (any integer; only its low 32 bits count).
 *
 * @example
 * ```ts
 * const a = seeded(42), b = seeded(42);
 * console.log(a.int(1, 6) === b.int(1, 6)); // true
 * ```
 */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items) => {
      let total = 0;
      for (const [, w] of items) total += w;
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1][0];
    },
    logNormal: (median, sigma) => {
      // Box-Muller; 1 - next() is in (0, 1], so the logarithm is finite.
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * z);
    },
  };
  return random;
}
