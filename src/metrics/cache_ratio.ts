/**
 * The context cache hit ratio, from a snapshot.
 *
 * @module
 */

import type { MetricSnapshot } from "./snapshot.ts";

/** The hit ratio of one cache. */
export interface CacheRatio {
  /** The cache's name (the `cache` tag; `""` if the events carried none). */
  readonly cache: string;
  /** The number of hits. */
  readonly hits: number;
  /** The number of misses. */
  readonly misses: number;
  /** `hits / (hits + misses)`. */
  readonly ratio: number;
}

/** Options for {@link cacheHitRatio}. */
export interface CacheHitRatioOptions {
  /**
   * The counter of lookups, tagged `result` (`"hit"` or `"miss"`) and `cache`.
   * @default the first metric named `<app>.context.cache.lookups`, as `defaultDefinitions()` names it
   */
  readonly metric?: string;
}

/**
 * Computes the hit ratio of every cache from the lookup counter of `defaultDefinitions()`. The
 * overflow series, which has no cache name, is left out.
 *
 * @param snapshot A snapshot from `MetricStore.snapshot()`.
 * @param options The counter's name.
 * @returns One entry per cache, sorted by cache name; `[]` if the counter is absent.
 *
 * @example
 * ```ts
 * import { attachMetricsHandler, getMetrics, standardCatalog } from "@jido/telemetry";
 * import { cacheHitRatio } from "@jido/telemetry/metrics";
 *
 * // the default definitions count lookups by cache and result
 * attachMetricsHandler({ catalog: standardCatalog });
 * // ... three context.cache_hit and one context.cache_miss events for cache "files"
 * cacheHitRatio(getMetrics());
 * // → [{ cache: "files", hits: 3, misses: 1, ratio: 0.75 }]
 * ```
 */
export function cacheHitRatio(
  snapshot: readonly MetricSnapshot[],
  options: CacheHitRatioOptions = {},
): readonly CacheRatio[] {
  const { metric } = options;
  const lookups = snapshot.find((m) =>
    metric === undefined ? m.name.endsWith(".context.cache.lookups") : m.name === metric
  );
  if (lookups === undefined) return [];
  const counts = new Map<string, { hits: number; misses: number }>();
  for (const { tags, value } of lookups.series) {
    if (tags.result !== "hit" && tags.result !== "miss") continue;
    const cache = tags.cache ?? "";
    const entry = counts.get(cache) ?? { hits: 0, misses: 0 };
    if (tags.result === "hit") entry.hits += value as number;
    else entry.misses += value as number;
    counts.set(cache, entry);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([cache, c]) => ({
    cache,
    hits: c.hits,
    misses: c.misses,
    ratio: c.hits / (c.hits + c.misses),
  }));
}
