/**
 * Alerts: rules over a metric that execute `["telemetry", "alert", "triggered"]` when their
 * condition becomes true and `["telemetry", "alert", "resolved"]` when it clears.
 *
 * @module
 */

import { maxTimerDelay, unrefTimer } from "../timer.ts";
import type { Catalog } from "../catalog.ts";
import { libraryChannels } from "../library_events.ts";
import type { MetricDefinition } from "../metrics/mod.ts";
import { isRejected } from "../metrics/checked_sample.ts";
import { attach, detach, type Measurements, type Metadata } from "../telemetry.ts";
import { watchedMetric } from "./_metric.ts";
import { type Aggregate, aggregates, SampleWindow } from "./_window.ts";

/** A window over which samples are aggregated before the threshold is applied. */
export interface AlertWindow {
  /**
   * The window length in milliseconds, at most 2^31 - 1 (about 24.8 days, the longest delay
   * timers support); a sample at `t` counts while `now - t < ms`.
   */
  readonly ms: number;
  /** How the window's samples become one value. @default "mean" */
  readonly aggregate?: Aggregate;
}

/**
 * When an alert fires: the metric's value `above` or `below` a threshold (the latest value, or
 * an aggregate over a `window`), or a rate: `moreThan` events `within` a window in milliseconds
 * (at most 2^31 - 1, as for a window).
 */
export type AlertCondition =
  | { readonly above: number; readonly window?: AlertWindow }
  | { readonly below: number; readonly window?: AlertWindow }
  | { readonly moreThan: number; readonly within: number };

/** An alert rule. */
export interface AlertRule {
  /** A unique name, reported in the alert events' `rule` metadata. */
  readonly name: string;
  /**
   * The metric watched: a name like a metric definition's, event name plus measurement
   * (`"jido_coder_lib.llm.response.duration"`) or plus `count` to count the events
   * (`"jido_coder_lib.session.error.count"`), or the name of a default definition
   * (`"gen_ai.client.operation.duration"`, in seconds); or a definition itself
   * (`distribution(...)`), whose measurement, unit conversion and keep/drop apply.
   */
  readonly metric: string | MetricDefinition;
  /** When the alert fires. */
  readonly condition: AlertCondition;
  /**
   * After firing, the alert does not fire again for this many milliseconds (at most 2^31 - 1).
   * @default 0
   */
  readonly cooldown?: number;
  /**
   * Only events this returns `true` for count; it gets the metadata, then the measurements, as a
   * metric definition's `keep` does.
   * @default every event
   */
  readonly keep?: (metadata: Metadata, measurements: Measurements) => boolean;
  /**
   * How urgent the alert is, e.g. `"critical"`, `"warning"`: carried in the alert events'
   * `severity` metadata (and the Alertmanager label `severity`).
   * @default absent
   */
  readonly severity?: string;
  /**
   * Labels identifying what the alert is about, e.g. the tag values its `keep` selects
   * (`{ model: "claude" }`): carried in the alert events' `labels` metadata (and as Alertmanager
   * labels).
   * @default absent
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** The clock, in milliseconds; inject one for tests. @default Date.now */
  readonly clock?: () => number;
  /**
   * How often, in milliseconds, a windowed rule re-checks itself so it can clear without new
   * events (an unref'd timer; 0 turns it off). At most 2^31 - 1, the longest interval timers
   * support (a longer one would fire at once, over and over).
   * @default a twentieth of the window, at least 100
   */
  readonly checkEvery?: number;
  /** Most samples a window keeps. @default 10_000 */
  readonly maxSamples?: number;
  /**
   * The catalog that resolves a metric given by name (your generated `catalog`, or
   * `standardCatalog`); not needed when `metric` is a definition.
   * @default undefined
   */
  readonly catalog?: Catalog;
}

/** A running alert. */
export interface Alert {
  /** The rule's name. */
  readonly name: string;
  /** Whether the condition currently holds (fired and not yet resolved). */
  readonly active: boolean;
  /** The value the condition was last checked against, if any. */
  readonly value: number | undefined;
  /**
   * How many events carried a value that could not be used and so were not sampled: `NaN`,
   * ±Infinity, not a number, or past the float range once converted to a definition's unit.
   * The first one is also reported on stderr.
   */
  readonly rejectedCount: number;
  /** Re-checks the condition at the clock's current time (windows slide with time). */
  check(): void;
  /** Detaches the alert and stops its timer; returns `false` if it was stopped already. */
  stop(): boolean;
}

function describeCondition(c: AlertCondition): string {
  if ("moreThan" in c) return `more than ${c.moreThan} in ${c.within} ms`;
  const [word, threshold] = "above" in c ? ["above", c.above] : ["below", c.below];
  return c.window === undefined
    ? `${word} ${threshold}`
    : `${c.window.aggregate ?? "mean"} over ${c.window.ms} ms ${word} ${threshold}`;
}

function checkNumber(value: unknown, what: string, rule: AlertRule): void {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${what} of alert "${rule.name}" must be a number, got ${String(value)}`);
  }
}

/** Checks milliseconds that must fit a timer: in `(0, maxTimerDelay]`, or `[0, …]` with `zero`. */
function checkDelay(value: unknown, what: string, rule: AlertRule, zero: boolean): void {
  if (typeof value !== "number" || !(zero ? value >= 0 : value > 0) || !(value <= maxTimerDelay)) {
    throw new TypeError(
      `${what} of alert "${rule.name}" must be a ${zero ? "non-negative" : "positive"} number ` +
        `of milliseconds up to ${maxTimerDelay} (the longest delay timers support), got ${
          String(value)
        }`,
    );
  }
}

/**
 * Starts an alert rule. It attaches to the metric's event (handler id `alert:<name>`), keeps the
 * samples it needs in bounded memory, and executes `alert.triggered` (with the value, the
 * threshold and the window) when the condition becomes true outside the cooldown, and
 * `alert.resolved` (with how long it was active) when it clears.
 *
 * @param rule The rule.
 * @returns The running alert.
 * @throws {TypeError} If the metric is not in the catalog or a number is invalid.
 * @throws {TelemetryError} With code `"already_exists"` if an alert of that name runs.
 * @example
 * ```ts
 * import { standardCatalog } from "@jido/telemetry";
 * import { alert } from "@jido/telemetry/alerts";
 *
 * const errors = alert({
 *   name: "session-errors",
 *   metric: "jido_coder_lib.session.error.count",
 *   catalog: standardCatalog,
 *   condition: { moreThan: 5, within: 60_000 },
 *   cooldown: 300_000,
 * });
 * // ... later
 * errors.stop();
 * ```
 */
export function alert(rule: AlertRule): Alert {
  const watched = watchedMetric(rule.metric, rule.name, rule.catalog);
  const c = rule.condition;
  const rate = "moreThan" in c;
  const threshold = rate ? c.moreThan : "above" in c ? c.above : c.below;
  checkNumber(threshold, "Threshold", rule);
  const windowMs = rate ? c.within : c.window?.ms;
  if (rate || c.window !== undefined) checkDelay(windowMs, "Window", rule, false);
  const aggregate: Aggregate | "latest" = rate
    ? "count"
    : c.window
    ? c.window.aggregate ?? "mean"
    : "latest";
  if (aggregate !== "latest" && !aggregates.includes(aggregate)) {
    throw new TypeError(
      `Aggregate of alert "${rule.name}" must be one of ${
        aggregates.map((a) => `"${a}"`).join(", ")
      }, got ${JSON.stringify(aggregate)}`,
    );
  }
  const cooldown = rule.cooldown ?? 0;
  checkDelay(cooldown, "Cooldown", rule, true);
  const every = rule.checkEvery ?? (windowMs === undefined ? 0 : Math.max(windowMs / 20, 100));
  checkDelay(every, "checkEvery", rule, true);
  const maxSamples = rule.maxSamples ?? 10_000;
  if (!Number.isInteger(maxSamples) || maxSamples < 1) {
    throw new TypeError(
      `maxSamples of alert "${rule.name}" must be a positive integer, got ${String(maxSamples)}`,
    );
  }
  if (rate && c.moreThan >= maxSamples) {
    throw new TypeError(
      `Alert "${rule.name}" can never count more than ${c.moreThan} events with maxSamples ${maxSamples}; raise maxSamples`,
    );
  }
  if (rule.severity !== undefined && typeof rule.severity !== "string") {
    throw new TypeError(
      `Severity of alert "${rule.name}" must be a string, got ${String(rule.severity)}`,
    );
  }
  const labels = rule.labels === undefined ? undefined : Object.freeze({ ...rule.labels });
  for (const [key, v] of Object.entries(labels ?? {})) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(key) || key.startsWith("__")) {
      throw new TypeError(
        `Label ${
          JSON.stringify(key)
        } of alert "${rule.name}" must be a label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)`,
      );
    }
    if (key === "alertname" || key === "severity") {
      throw new TypeError(
        `Label "${key}" of alert "${rule.name}" is set from the rule (its name and severity); remove it`,
      );
    }
    if (typeof v !== "string") {
      throw new TypeError(
        `Label "${key}" of alert "${rule.name}" must be a string, got ${String(v)}`,
      );
    }
  }
  const clock = rule.clock ?? Date.now;
  const samples = new SampleWindow(
    windowMs ?? Infinity,
    windowMs === undefined ? 1 : maxSamples,
  );
  const fires = "below" in c ? (v: number) => v < threshold : (v: number) => v > threshold;
  const condition = describeCondition(c);
  const id = `alert:${rule.name}`;
  let active = false;
  let activeSince = 0;
  let lastFired = -Infinity;
  let value: number | undefined;
  let rejectedCount = 0;
  let stopped = false;

  const checkAlert = (): void => {
    const now = clock();
    if (windowMs !== undefined) samples.expire(now);
    value = aggregate === "latest" ? samples.latest() : samples.aggregate(aggregate);
    const holds = value !== undefined && fires(value);
    const md: Record<string, unknown> = { rule: rule.name, metric: watched.name, condition };
    if (rule.severity !== undefined) md.severity = rule.severity;
    if (labels !== undefined) md.labels = labels;
    if (holds && !active && now - lastFired >= cooldown) {
      active = true;
      activeSince = lastFired = now;
      const triggered = libraryChannels.alertTriggered;
      if (triggered.hasSubscribers) {
        triggered.publish(
          windowMs === undefined
            ? { value: value!, threshold }
            : { value: value!, threshold, window: windowMs },
          md,
        );
      }
    } else if (!holds && active) {
      active = false;
      const resolved = libraryChannels.alertResolved;
      if (resolved.hasSubscribers) {
        resolved.publish({ value: value ?? 0, threshold, duration: now - activeSince }, md);
      }
    }
  };

  // Named, as checkAlert is: call sites skip these frames by name in a bundle.
  const alertSample = (_event: unknown, measurements: Measurements, metadata: Metadata) => {
    if (rule.keep !== undefined && !rule.keep(metadata, measurements)) return;
    const v = watched.sample(measurements, metadata);
    if (v === undefined) return;
    if (isRejected(v)) {
      if (rejectedCount++ === 0) {
        console.error(
          `[telemetry] Alert "${rule.name}" rejected a value of metric "${watched.name}": ` +
            `${v.reason} (not sampled; counted in rejectedCount, reported once)`,
        );
      }
      return;
    }
    samples.add(clock(), v);
    checkAlert();
  };
  attach(id, watched.event, alertSample);
  const timer = every > 0 ? unrefTimer(setInterval(checkAlert, every)) : undefined;

  return {
    name: rule.name,
    get active() {
      return active;
    },
    get value() {
      return value;
    },
    get rejectedCount() {
      return rejectedCount;
    },
    check: checkAlert,
    stop(): boolean {
      if (stopped) return false;
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      return detach(id);
    },
  };
}
