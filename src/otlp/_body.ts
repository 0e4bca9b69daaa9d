// Private: request bodies assembled from entries that were turned into JSON text once, when
// they were recorded; batches cut so that no body is larger than the cap.

import { utf8Length } from "./_json.ts";

/** The metric a data point belongs to: its JSON text before and after the data points. */
export interface MetricHead {
  /** Tells metrics apart within a scope (the same text for the same metric). */
  readonly open: string;
  readonly close: string;
}

/** One span, log record or metric data point, as JSON text, with its scope. */
export interface Entry {
  /** The instrumentation scope, as JSON text. */
  readonly scope: string;
  /** For a data point: its metric. */
  readonly metric?: MetricHead;
  /** The span, log record or data point. */
  readonly json: string;
  /** `json`'s size in UTF-8. */
  readonly bytes: number;
}

/** The names of a signal's request members. */
export interface Envelope {
  /** `resourceSpans`, `resourceMetrics` or `resourceLogs`. */
  readonly resources: string;
  /** `scopeSpans`, `scopeMetrics` or `scopeLogs`. */
  readonly scopes: string;
  /** `spans`, `metrics` or `logRecords`. */
  readonly items: string;
}

/** The envelopes of the three signals. */
export const envelopes = {
  traces: { resources: "resourceSpans", scopes: "scopeSpans", items: "spans" },
  metrics: { resources: "resourceMetrics", scopes: "scopeMetrics", items: "metrics" },
  logs: { resources: "resourceLogs", scopes: "scopeLogs", items: "logRecords" },
} as const satisfies Readonly<Record<string, Envelope>>;

/** An entry from its parts. */
export function entry(scope: string, json: string, metric?: MetricHead): Entry {
  return metric === undefined
    ? { scope, json, bytes: utf8Length(json) }
    : { scope, metric, json, bytes: utf8Length(json) };
}

/** The request's text around the scopes. */
function frame(envelope: Envelope, resource: string): [string, string] {
  return [`{"${envelope.resources}":[{"resource":${resource},"${envelope.scopes}":[`, "]}]}"];
}

/**
 * The request body holding `entries`: one resource, the scopes in the order first seen, and
 * within a scope the items (for metrics, the metrics with their data points) in order.
 */
export function writeBody(envelope: Envelope, resource: string, entries: readonly Entry[]): string {
  const scopes = new Map<string, Map<string, { head?: MetricHead; items: string[] }>>();
  for (const e of entries) {
    let groups = scopes.get(e.scope);
    if (groups === undefined) scopes.set(e.scope, groups = new Map());
    const key = e.metric === undefined ? "" : e.metric.open;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, group = { head: e.metric, items: [] });
    group.items.push(e.json);
  }
  const [open, close] = frame(envelope, resource);
  const parts: string[] = [];
  for (const [scope, groups] of scopes) {
    const items: string[] = [];
    for (const { head, items: list } of groups.values()) {
      if (head === undefined) items.push(list.join(","));
      else items.push(`${head.open}${list.join(",")}${head.close}`);
    }
    parts.push(`{"scope":${scope},"${envelope.items}":[${items.join(",")}]}`);
  }
  return `${open}${parts.join(",")}${close}`;
}

/** Batches of entries, and the entries too large for any body. */
export interface Cut {
  readonly batches: Entry[][];
  readonly tooLarge: Entry[];
}

/**
 * Cuts `entries` (in order) into batches of at most `maxItems` whose bodies are at most
 * `maxBytes` in UTF-8. Sizes are counted from above (every scope and metric as if new, a comma
 * per item), so a body is never larger than counted. An entry that cannot fit a body alone is
 * set apart.
 */
export function cut(
  envelope: Envelope,
  resource: string,
  entries: readonly Entry[],
  maxItems: number,
  maxBytes: number,
): Cut {
  const [open, close] = frame(envelope, resource);
  const fixed = utf8Length(open) + utf8Length(close);
  const itemsKey = utf8Length(`{"scope":,"${envelope.items}":[]},`);
  const batches: Entry[][] = [];
  const tooLarge: Entry[] = [];
  let batch: Entry[] = [];
  let size = fixed;
  let scopes = new Set<string>();
  let metrics = new Set<string>();
  const costOf = (e: Entry): number =>
    e.bytes + 1 +
    (scopes.has(e.scope) ? 0 : utf8Length(e.scope) + itemsKey) +
    (e.metric === undefined || metrics.has(e.scope + e.metric.open)
      ? 0
      : utf8Length(e.metric.open) + utf8Length(e.metric.close) + 1);
  const close_ = () => {
    if (batch.length > 0) batches.push(batch);
    batch = [];
    size = fixed;
    scopes = new Set();
    metrics = new Set();
  };
  for (const e of entries) {
    let cost = costOf(e);
    if (batch.length >= maxItems || size + cost > maxBytes) {
      close_();
      cost = costOf(e);
      if (size + cost > maxBytes) {
        tooLarge.push(e);
        continue;
      }
    }
    batch.push(e);
    size += cost;
    scopes.add(e.scope);
    if (e.metric !== undefined) metrics.add(e.scope + e.metric.open);
  }
  close_();
  return { batches, tooLarge };
}
