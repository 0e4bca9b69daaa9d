/**
 * Metric definitions over the catalog's `llm.cost` events, for the metrics handler and the
 * reporters.
 *
 * @module
 */

import type { Catalog, EventSpec } from "../catalog.ts";
import { counter, type MetricDefinition, sum } from "../metrics/mod.ts";
import { describeValue } from "../metrics/options.ts";
import { eventsWithRole, isCatalog } from "./_roles.ts";

/** Options of {@link costDefinitions}. */
export interface CostDefinitionsOptions {
  /**
   * Also sum the cost per session (`<app>.llm.cost.cost.by_session`, tagged `session_id`).
   * Session ids are unbounded: every session is a new series, kept until the store is reset,
   * and a Prometheus scrape or StatsD flush carries them all. The metrics store folds series past
   * its cap (`maxSeries`, 10,000 by default) into one overflow series. Prefer
   * `attachCostAccounting()`'s `bySession()` for per-session totals in process.
   * @default false
   */
  readonly bySession?: boolean;
}

function declares(event: EventSpec, tag: string): boolean {
  return event.metadata.some((m) => m.name === tag);
}

/**
 * Metric definitions over each `llm.cost` event of the catalog (found by role, under any app):
 *
 * - `<app>.llm.cost.cost`: the sum of `cost` (US dollars) tagged `model` and `provider`: the
 *   models priced are few, so the series are.
 * - `<app>.llm.cost.cost.by_agent`: the sum of `cost` tagged `agent`, whose values are the
 *   application's agent names, few too.
 * - `<app>.llm.cost.cost.by_session`: the sum of `cost` tagged `session_id`, only with
 *   `bySession: true` (see {@link CostDefinitionsOptions.bySession}: high cardinality).
 * - `<app>.llm.cost.unpriced.count`: a counter of the responses that could not be priced
 *   (`priced: false`), tagged `model` and `provider`.
 *
 * The sums skip unpriced responses, which carry no `cost`: an unknown cost is never added as
 * zero. Tags the event does not declare are left out, and a metric whose measurement or field
 * it lacks is not defined.
 *
 * @param catalog The catalog with the `llm.cost` event.
 * @param options Whether to sum per session.
 * @returns Frozen definitions; none if the catalog has no `llm.cost` event.
 * @throws {TypeError} If `catalog` is not a catalog.
 * @example
 * ```ts
 * import { attachMetricsHandler, standardCatalog } from "@jido/telemetry";
 * import { costDefinitions } from "@jido/telemetry/cost";
 *
 * const definitions = costDefinitions(standardCatalog);
 * console.log(definitions.map((d) => d.name));
 * // ["jido_coder_lib.llm.cost.cost", "jido_coder_lib.llm.cost.cost.by_agent",
 * //  "jido_coder_lib.llm.cost.unpriced.count"]
 * attachMetricsHandler({ catalog: standardCatalog, definitions });
 * ```
 */
export function costDefinitions(
  catalog: Catalog,
  options: CostDefinitionsOptions = {},
): readonly MetricDefinition[] {
  if (!isCatalog(catalog)) {
    throw new TypeError(
      `costDefinitions() needs a catalog: your generated catalog, or standardCatalog; got ${
        describeValue(catalog)
      }`,
    );
  }
  const defs: MetricDefinition[] = [];
  for (const event of eventsWithRole(catalog, "llm.cost")) {
    const tags = (wanted: readonly string[]) => wanted.filter((t) => declares(event, t));
    const cost = event.measurements.find((m) => m.name === "cost");
    if (cost !== undefined) {
      const sums: [string, readonly string[], string][] = [
        ["", ["model", "provider"], "by model and provider"],
        [".by_agent", ["agent"], "by agent"],
      ];
      if (options?.bySession === true) sums.push([".by_session", ["session_id"], "by session"]);
      for (const [suffix, wanted, by] of sums) {
        if (suffix !== "" && tags(wanted).length === 0) continue;
        defs.push(sum(`${event.key}.cost${suffix}`, {
          event: event.name,
          measurement: "cost",
          tags: tags(wanted),
          unit: cost.unit,
          description: `Local price of LLM responses, ${by}`,
        }));
      }
    }
    if (declares(event, "priced")) {
      defs.push(counter(`${event.key}.unpriced.count`, {
        event: event.name,
        tags: tags(["model", "provider"]),
        keep: (metadata) => metadata.priced === false,
        unit: "1",
        description: "LLM responses the price table could not price, by model and provider",
      }));
    }
  }
  return Object.freeze(defs);
}
