/**
 * The default metrics for any catalog.
 *
 * @module
 */

import type { Catalog, EventSpec } from "../catalog.ts";
import { counter, distribution, summary } from "./define.ts";
import type { MetricDefinition } from "./definition.ts";
import { withConstantTag } from "./_tags.ts";

/**
 * OpenTelemetry GenAI's advisory boundaries for `gen_ai.client.operation.duration`, seconds.
 *
 * @example
 * ```ts
 * import { distribution, operationDurationBuckets } from "@jido/telemetry/metrics";
 *
 * distribution("jido_coder_lib.agent.complete.duration", {
 *   unit: { from: "millisecond", to: "second" },
 *   buckets: operationDurationBuckets,
 * });
 * ```
 */
export const operationDurationBuckets: readonly number[] = Object.freeze([
  0.01,
  0.02,
  0.04,
  0.08,
  0.16,
  0.32,
  0.64,
  1.28,
  2.56,
  5.12,
  10.24,
  20.48,
  40.96,
  81.92,
]);

/**
 * OpenTelemetry GenAI's advisory boundaries for `gen_ai.client.token.usage`, tokens.
 *
 * @example
 * ```ts
 * import { distribution, tokenUsageBuckets } from "@jido/telemetry/metrics";
 *
 * distribution("jido_coder_lib.llm.response.output_tokens", { buckets: tokenUsageBuckets });
 * ```
 */
export const tokenUsageBuckets: readonly number[] = Object.freeze([
  1,
  4,
  16,
  64,
  256,
  1024,
  4096,
  16384,
  65536,
  262144,
  1048576,
  4194304,
  16777216,
  67108864,
]);

/**
 * The default metric definitions for any catalog. Events are found by their role, the name after
 * the app segment, so they apply to the standard catalog, to a catalog that includes it, and to
 * one whose events have the same roles under another app (`<app>` below is the app segment of the event
 * found):
 *
 * - `<event>.count`: a counter per catalog event (what `getCounters()` reads).
 * - `<event>.duration`: a summary per event with a `duration` measurement, in its catalog unit
 *   (what `getDurationStats()` reads).
 * - `gen_ai.client.operation.duration`: a distribution of `llm.response` latency in seconds
 *   (converted from milliseconds), OpenTelemetry's boundaries, tagged `model`, `provider`.
 * - `gen_ai.client.token.usage`: a distribution of `llm.response`'s `input_tokens` and
 *   `output_tokens`, tagged `model`, `provider` and `token_type` (`"input"` or `"output"`).
 * - `<app>.context.cache.lookups`: a counter of `context.cache_hit` and `context.cache_miss`,
 *   tagged `cache` and `result` (`"hit"` or `"miss"`); see `cacheHitRatio()`.
 *
 * A metric whose event or measurement is not in the catalog is left out, and tags the event does
 * not declare are dropped, so an edited catalog still gets every metric it can support.
 *
 * @param catalog The event catalog.
 * @returns Frozen definitions, each valid for the catalog.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@jido/telemetry";
 * import { createMetricStore, defaultDefinitions } from "@jido/telemetry/metrics";
 *
 * const store = createMetricStore(defaultDefinitions(standardCatalog), {
 *   catalog: standardCatalog,
 * });
 * console.log(store.events.length === standardCatalog.events.length); // true
 * ```
 */
export function defaultDefinitions(catalog: Catalog): readonly MetricDefinition[] {
  const find = (role: string) =>
    catalog.events.find((e) => e.name.length > 1 && e.name.slice(1).join(".") === role);
  const defs: MetricDefinition[] = catalog.events.map((e) =>
    counter(`${e.key}.count`, { event: e.name, unit: "1", description: `Number of ${e.key}` })
  );
  for (const e of catalog.events) {
    const duration = e.measurements.find((m) => m.name === "duration");
    if (duration === undefined) continue;
    defs.push(summary(`${e.key}.duration`, {
      event: e.name,
      measurement: "duration",
      unit: duration.unit,
      description: `Duration of ${e.key}`,
    }));
  }
  const llm = find("llm.response");
  const llmTags = llm ? tagsOf([llm], ["model", "provider"]) : [];
  const llmDuration = llm?.measurements.find((m) => m.name === "duration");
  if (llm && llmDuration?.unit === "millisecond") {
    defs.push(distribution("gen_ai.client.operation.duration", {
      event: llm.name,
      measurement: "duration",
      unit: { from: "millisecond", to: "second" },
      buckets: operationDurationBuckets,
      tags: llmTags,
      description: "GenAI operation duration",
    }));
  }
  for (const type of ["input", "output"]) {
    if (!llm || !withMeasurement(llm, `${type}_tokens`)) continue;
    defs.push(distribution("gen_ai.client.token.usage", {
      event: llm.name,
      measurement: `${type}_tokens`,
      unit: "token",
      buckets: tokenUsageBuckets,
      tags: [...llmTags, "token_type"],
      tagValues: withConstantTag(llmTags, "token_type", type),
      description: "Number of input and output tokens used",
    }));
  }
  const hit = find("context.cache_hit");
  const miss = find("context.cache_miss");
  const cacheTags = [...tagsOf([hit, miss], ["cache"]), "result"];
  const cacheApp = (hit ?? miss)?.name[0];
  for (const [event, result] of [[hit, "hit"], [miss, "miss"]] as const) {
    if (!event) continue;
    defs.push(counter(`${cacheApp}.context.cache.lookups`, {
      event: event.name,
      tags: cacheTags,
      tagValues: withConstantTag(cacheTags, "result", result),
      unit: "1",
      description: "Context cache lookups, by cache and result",
    }));
  }
  return Object.freeze(defs);
}

function withMeasurement(event: EventSpec | undefined, name: string): EventSpec | undefined {
  return event?.measurements.some((m) => m.name === name) ? event : undefined;
}

/** The wanted tags that every given event (ignoring absent ones) declares as metadata. */
function tagsOf(events: readonly (EventSpec | undefined)[], wanted: readonly string[]): string[] {
  return wanted.filter((tag) =>
    events.every((e) => e === undefined || e.metadata.some((m) => m.name === tag))
  );
}
