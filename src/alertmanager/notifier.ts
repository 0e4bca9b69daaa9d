/**
 * Alert rules notify an Alertmanager through its v2 API, as Prometheus does: firing alerts are
 * sent when they fire and re-sent while they stay active, resolved alerts are sent with their end.
 *
 * @module
 */

import { ALERT_RESOLVED, ALERT_TRIGGERED } from "../library_events.ts";
import { attach, detach, type Measurements, type Metadata } from "../telemetry.ts";
import { maxTimerDelay, unrefTimer } from "../timer.ts";

/** Options of {@link createAlertmanagerNotifier}. */
export interface AlertmanagerOptions {
  /** The Alertmanager's base URL, e.g. `"http://127.0.0.1:9093"`. */
  readonly url: string;
  /** Labels on every alert, e.g. `{ service: "coder", instance: "host-1" }`. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * How often active alerts are re-sent, in milliseconds. Each alert is sent with an `endsAt` four
   * intervals ahead, so Alertmanager resolves it by itself if this process stops sending (it
   * died, or the network went down), as Prometheus does.
   * @default 60000
   */
  readonly resendIntervalMs?: number;
  /** Milliseconds before a request is abandoned. @default 10000 */
  readonly timeoutMs?: number;
  /** The alerts' `generatorURL`, e.g. your dashboard. @default absent */
  readonly generatorURL?: string;
  /** The clock, in milliseconds since the epoch; inject one for tests. @default Date.now */
  readonly clock?: () => number;
}

/** What a notifier has sent and lost. */
export interface AlertmanagerStats {
  /** Requests Alertmanager accepted. */
  readonly sent: number;
  /** Requests that failed (refused, timed out, or answered with an error). */
  readonly failed: number;
  /** The last failure's message, if any. */
  readonly lastError: string | undefined;
  /** Alerts currently firing. */
  readonly active: number;
}

/** A running notifier: see {@link createAlertmanagerNotifier}. */
export interface AlertmanagerNotifier {
  /** Waits for the requests in flight. Never rejects. */
  flush(): Promise<void>;
  /** What was sent and lost so far. */
  stats(): AlertmanagerStats;
  /** Detaches from the alert events and stops re-sending; returns `false` the second time. */
  stop(): boolean;
}

/** One alert as the Alertmanager v2 API takes it. */
export interface PostableAlert {
  /** What identifies the alert: `alertname`, `severity`, the rule's and the notifier's labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** What describes it: `summary`, `metric`, `value`, `threshold`, `condition`. */
  readonly annotations: Readonly<Record<string, string>>;
  /** When it fired (RFC 3339). */
  readonly startsAt: string;
  /** When it ends: four re-send intervals ahead while firing, when it cleared once resolved. */
  readonly endsAt: string;
  /** The notifier's `generatorURL`, if given. */
  readonly generatorURL?: string;
}

interface Active {
  readonly labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
}

let notifiers = 0;

/** A label name Alertmanager accepts. */
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function labelsOf(
  base: Readonly<Record<string, string>>,
  md: Metadata,
): Record<string, string> {
  const labels: Record<string, string> = { ...base };
  const extra = md.labels;
  if (typeof extra === "object" && extra !== null) {
    for (const [key, value] of Object.entries(extra)) {
      if (labelName.test(key) && typeof value === "string") labels[key] = value;
    }
  }
  // The rule's name and severity win over any label of the same name.
  labels.alertname = String(md.rule);
  labels.severity = typeof md.severity === "string" ? md.severity : "warning";
  return labels;
}

function summaryOf(m: Measurements, md: Metadata, resolved: boolean): string {
  const verb = resolved ? "resolved" : "fired";
  return `${String(md.rule)} ${verb}: ${String(md.metric)} is ${String(m.value)} (${
    String(md.condition)
  })`;
}

/**
 * Sends the alerts of every alert rule (`@jido/telemetry/alerts`) to an Alertmanager
 * (`POST /api/v2/alerts`). An alert's labels are `alertname` (the rule's name), `severity` (the
 * rule's, else `"warning"`), the rule's `labels` and the notifier's; its annotations a `summary`
 * with the value and the condition, the `metric`, `value`, `threshold` and `condition`. A firing
 * alert is sent at once and re-sent every `resendIntervalMs` while active, with an `endsAt` four
 * intervals ahead; a resolved one is sent with `endsAt` set to when it cleared.
 *
 * Requests run in the background: a slow or stopped Alertmanager never blocks or throws into the
 * application. A failed request is counted (see {@link AlertmanagerNotifier.stats}) and the first
 * one reported on stderr; the next re-send carries every active alert again, so an Alertmanager
 * back up catches up within one interval. A resolution sent while it was down is lost, and
 * Alertmanager then resolves the alert at its `endsAt`.
 *
 * @param options The Alertmanager, labels, the re-send interval.
 * @returns The running notifier.
 * @throws {TypeError} If an option is invalid.
 * @example
 * ```ts
 * import { standardCatalog } from "@jido/telemetry";
 * import { alert } from "@jido/telemetry/alerts";
 * import { createAlertmanagerNotifier } from "@jido/telemetry/alertmanager";
 *
 * const notifier = createAlertmanagerNotifier({ url: "http://127.0.0.1:9093" });
 * const slow = alert({
 *   name: "SlowLlm",
 *   metric: "jido_coder_lib.llm.response.duration",
 *   catalog: standardCatalog,
 *   condition: { above: 30_000 },
 *   severity: "warning",
 * });
 * slow.stop();
 * notifier.stop();
 * ```
 */
export function createAlertmanagerNotifier(options: AlertmanagerOptions): AlertmanagerNotifier {
  const {
    url,
    labels = {},
    resendIntervalMs = 60_000,
    timeoutMs = 10_000,
    generatorURL,
    clock = Date.now,
  } = options ?? {};
  if (typeof url !== "string" || url === "") {
    throw new TypeError("The Alertmanager url must be a non-empty string");
  }
  const endpoint = `${url.replace(/\/+$/, "")}/api/v2/alerts`;
  new URL(endpoint); // throws a TypeError naming the URL if it is not one
  for (const [key, value] of Object.entries(labels)) {
    if (!labelName.test(key)) throw new TypeError(`Label name ${JSON.stringify(key)} is invalid`);
    if (typeof value !== "string") throw new TypeError(`Label "${key}" must have a string value`);
  }
  if (!(resendIntervalMs >= 1_000 && resendIntervalMs <= maxTimerDelay)) {
    throw new RangeError(
      `resendIntervalMs must be from 1000 to ${maxTimerDelay}, got ${String(resendIntervalMs)}`,
    );
  }
  if (!(timeoutMs > 0 && timeoutMs <= maxTimerDelay)) {
    throw new RangeError(`timeoutMs must be positive, got ${String(timeoutMs)}`);
  }
  const active = new Map<string, Active>();
  const inFlight = new Set<Promise<void>>();
  let sent = 0;
  let failed = 0;
  let lastError: string | undefined;
  let reported = false;

  /** An RFC 3339 time; the clock's now if `ms` is not a usable time (never throws). */
  const iso = (ms: number): string => {
    const date = new Date(Number.isFinite(ms) ? ms : Date.now());
    return Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString();
  };

  const post = (alerts: readonly PostableAlert[]): void => {
    if (alerts.length === 0) return;
    const request = (async () => {
      try {
        const response = await fetch(endpoint, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(alerts),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const answer = await response.text();
        if (!response.ok) {
          throw new Error(`answered ${response.status}: ${answer.trim().slice(0, 300)}`);
        }
        sent++;
      } catch (error) {
        failed++;
        lastError = error instanceof Error ? error.message : String(error);
        if (!reported) {
          reported = true;
          console.error(
            `[telemetry] Alertmanager at ${endpoint} failed: ${lastError} (failures are counted; reported once)`,
          );
        }
      }
    })();
    inFlight.add(request);
    void request.then(() => inFlight.delete(request));
  };

  const firing = (a: Active): PostableAlert => ({
    labels: a.labels,
    annotations: a.annotations,
    startsAt: a.startsAt,
    endsAt: iso(clock() + 4 * resendIntervalMs),
    ...(generatorURL === undefined ? {} : { generatorURL }),
  });

  const annotationsOf = (m: Measurements, md: Metadata, resolved: boolean) => ({
    summary: summaryOf(m, md, resolved),
    metric: String(md.metric),
    value: String(m.value),
    threshold: String(m.threshold),
    condition: String(md.condition),
  });

  const n = ++notifiers;
  const ids = [`alertmanager:${n}:triggered`, `alertmanager:${n}:resolved`];
  attach(ids[0], ALERT_TRIGGERED, (_e, m, md) => {
    const alertLabels = labelsOf(labels, md);
    const key = JSON.stringify(alertLabels);
    active.set(key, {
      labels: alertLabels,
      annotations: annotationsOf(m, md, false),
      startsAt: iso(clock()),
    });
    post([...active.values()].map(firing));
  });
  attach(ids[1], ALERT_RESOLVED, (_e, m, md) => {
    const alertLabels = labelsOf(labels, md);
    const key = JSON.stringify(alertLabels);
    const was = active.get(key);
    active.delete(key);
    const now = clock();
    post([{
      labels: alertLabels,
      annotations: annotationsOf(m, md, true),
      startsAt: was?.startsAt ?? iso(now - Number(m.duration)),
      endsAt: iso(now),
      ...(generatorURL === undefined ? {} : { generatorURL }),
    }]);
  });
  const timer = unrefTimer(
    setInterval(() => post([...active.values()].map(firing)), resendIntervalMs),
  );
  let running = true;

  return Object.freeze({
    flush: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    stats: () => ({ sent, failed, lastError, active: active.size }),
    stop: () => {
      if (!running) return false;
      running = false;
      for (const id of ids) detach(id);
      clearInterval(timer);
      return true;
    },
  });
}
