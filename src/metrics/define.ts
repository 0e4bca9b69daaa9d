/**
 * The metric constructors: `counter`, `sum`, `lastValue`, `summary`, `distribution`.
 *
 * A name such as `"jido_coder_lib.llm.response.duration"` is the event name plus the
 * measurement: the event defaults to every segment but the last, the measurement to the last.
 * Every constructor checks the name (non-empty segments separated by single dots, also when
 * `event` is given) and the type of every option, and returns a frozen definition; with `catalog`
 * in the options it is also checked against the catalog right away.
 *
 * @module
 */

import { buildDefinition } from "./_build.ts";
import type {
  CounterDefinition,
  DistributionDefinition,
  LastValueDefinition,
  SumDefinition,
  SummaryDefinition,
} from "./definition.ts";
import type { DistributionOptions, MetricOptions } from "./options.ts";

/**
 * Defines a counter: the number of times the event was emitted, per tag set. It ignores the
 * measurement's value. By convention the name ends in `.count`, and the counter counts every
 * event; given the `measurement` option, it counts only the events that carry that measurement
 * (as `telemetry_metrics` documents for its counter; see `requiresMeasurement`).
 *
 * @param name The metric's name; the event is every segment but the last.
 * @param options Tags, filters, description, catalog check (see {@link MetricOptions}).
 * @returns A frozen counter definition.
 * @throws {TypeError} If the name or an option has the wrong type, naming the metric and option.
 * @throws {Error} If the name, tags or options are invalid, or the catalog check fails.
 *
 * @example
 * ```ts
 * import { counter } from "@jido/telemetry/metrics";
 *
 * const def = counter("jido_coder_lib.session.start.count");
 * def.event; // → ["jido_coder_lib", "session", "start"]
 * def.requiresMeasurement; // → false: every session.start is counted
 * counter("app.cache.lookup.count", { measurement: "bytes" }).requiresMeasurement; // → true
 * ```
 */
export function counter(name: string, options: MetricOptions = {}): CounterDefinition {
  return buildDefinition("counter", name, options, false) as CounterDefinition;
}

/**
 * Defines a sum of a measurement, per tag set.
 *
 * @param name The metric's name: event name plus measurement.
 * @param options Tags, filters, unit, catalog check (see {@link MetricOptions}).
 * @returns A frozen sum definition.
 * @throws {TypeError} If the name or an option has the wrong type, naming the metric and option.
 * @throws {Error} If the name, tags or options are invalid, or the catalog check fails.
 *
 * @example
 * ```ts
 * import { sum } from "@jido/telemetry/metrics";
 *
 * const def = sum("jido_coder_lib.llm.response.output_tokens", { tags: ["model"] });
 * def.measurement; // → "output_tokens"
 * ```
 */
export function sum(name: string, options: MetricOptions = {}): SumDefinition {
  return buildDefinition("sum", name, options, false);
}

/**
 * Defines a gauge holding the last value of a measurement, per tag set.
 *
 * @param name The metric's name: event name plus measurement.
 * @param options Tags, filters, unit, catalog check (see {@link MetricOptions}).
 * @returns A frozen last-value definition.
 * @throws {TypeError} If the name or an option has the wrong type, naming the metric and option.
 * @throws {Error} If the name, tags or options are invalid, or the catalog check fails.
 *
 * @example
 * ```ts
 * import { lastValue } from "@jido/telemetry/metrics";
 *
 * lastValue("jido_coder_lib.llm.response.input_tokens").kind; // → "lastValue"
 * ```
 */
export function lastValue(name: string, options: MetricOptions = {}): LastValueDefinition {
  return buildDefinition("lastValue", name, options, false);
}

/**
 * Defines a summary of a measurement: count, sum, min, max, mean and the quantiles p50, p90, p95
 * and p99 from a bounded-memory sketch (1% relative error, see `createSketch()`), per tag set.
 *
 * Each series holds a sketch of α = 1% with no bin cap: every quantile is within 1% of the true
 * value whatever else the series has seen (a timestamp among milliseconds collapses nothing), and
 * the sum and mean are exact, rounded once. Memory per series: bins in pages of 64 (256 bytes)
 * allocated where values fall, each page a factor of 3.6 in magnitude: a latency series from 1 ms
 * to 1 hour takes about 12 pages (3.1 KB of counts), a stray outlier one more.
 *
 * @param name The metric's name: event name plus measurement.
 * @param options Tags, filters, unit, catalog check (see {@link MetricOptions}).
 * @returns A frozen summary definition.
 * @throws {TypeError} If the name or an option has the wrong type, naming the metric and option.
 * @throws {Error} If the name, tags or options are invalid, or the catalog check fails.
 *
 * @example
 * ```ts
 * import { summary } from "@jido/telemetry/metrics";
 *
 * const def = summary("jido_coder_lib.agent.complete.duration", { tags: ["agent"] });
 * def.eventKey; // → "jido_coder_lib.agent.complete"
 * ```
 */
export function summary(name: string, options: MetricOptions = {}): SummaryDefinition {
  return buildDefinition("summary", name, options, false);
}

/**
 * Defines a histogram of a measurement over fixed buckets (Prometheus `le` semantics: a value
 * lands in the first bucket whose bound is at least the value, else in `+Inf`), per tag set.
 *
 * @param name The metric's name: event name plus measurement.
 * @param options Buckets, tags, filters, unit, catalog check (see {@link DistributionOptions}).
 * @returns A frozen distribution definition.
 * @throws {TypeError} If the name or an option has the wrong type, naming the metric and option.
 * @throws {Error} If the buckets are not finite and strictly ascending, or other options are
 * invalid, or the catalog check fails.
 *
 * @example
 * ```ts
 * import { distribution } from "@jido/telemetry/metrics";
 *
 * const def = distribution("gen_ai.client.operation.duration", {
 *   event: ["jido_coder_lib", "llm", "response"],
 *   measurement: "duration",
 *   unit: { from: "millisecond", to: "second" },
 *   buckets: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24],
 * });
 * def.unit; // → "second"
 * ```
 */
export function distribution(
  name: string,
  options: DistributionOptions = {},
): DistributionDefinition {
  return buildDefinition("distribution", name, options, true) as DistributionDefinition;
}
