/**
 * The Prometheus reporter: a metric store of its own, attached to the bus like
 * `TelemetryMetricsPrometheus.Core`, exposed in the text format or OpenMetrics.
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import {
  createMetricStore,
  defaultDefinitions,
  type MetricDefinition,
  type MetricStore,
} from "../metrics/mod.ts";
import { rawSeries } from "../metrics/metric_store.ts";
import type { Key } from "../store/mod.ts";
import { attach, detach } from "../telemetry.ts";
import {
  contentTypes,
  type ExpositionFormat,
  renderConstantLabels,
  renderFamily,
} from "./_render.ts";
import { planFamilies, type PrometheusFamily } from "./names.ts";
import { checkPushOptions, type PushgatewayOptions, pushToGateway, watchExit } from "./push.ts";

export type { ExpositionFormat };

/** Options of {@link createPrometheusReporter}. */
export interface PrometheusReporterOptions {
  /** The catalog of the events measured: your generated `catalog`, or `standardCatalog`. */
  readonly catalog: Catalog;
  /** The metrics to expose. @default defaultDefinitions(catalog) */
  readonly metrics?: readonly MetricDefinition[];
  /** Accept definitions on events outside the catalog's apps, unchecked. @default false */
  readonly allowExternalEvents?: boolean;
  /** Most series per metric before they fold into one overflow series. @default 10000 */
  readonly maxSeries?: number;
  /** Prepended to every family name with `_`. @default "" */
  readonly prefix?: string;
  /** Labels on every series, e.g. `{ service: "coder" }`. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * A Pushgateway to push to on {@link PrometheusReporter.flush}, and when the process is about
   * to exit (Node's and Bun's `beforeExit`, Deno's `beforeunload`) unless `pushOnExit` is
   * `false`: for short-lived processes that end before any scrape.
   */
  readonly pushgateway?: PushgatewayOptions & { readonly pushOnExit?: boolean };
}

/** A Prometheus reporter: see {@link createPrometheusReporter}. */
export interface PrometheusReporter {
  /** How each metric is exposed, in order. */
  readonly families: readonly PrometheusFamily[];
  /** The store the reporter records into. */
  readonly store: MetricStore;
  /**
   * The current metrics as one exposition.
   *
   * @param format `"text"` (0.0.4, the default) or `"openmetrics"` (1.0, ending in `# EOF`).
   */
  scrape(format?: ExpositionFormat): string;
  /**
   * A web-standard handler for `GET /metrics` (for `Deno.serve`, `Bun.serve`, or any router
   * taking `(Request) => Response`): the format is chosen by the request's `Accept` header, and
   * the body is rendered a chunk at a time as it is read, so a large registry does not hold the
   * event loop for the whole scrape. Methods other than GET and HEAD get 405.
   */
  readonly handler: (request: Request) => Response;
  /**
   * Pushes the current metrics to the configured Pushgateway.
   *
   * @throws {Error} Rejects if no Pushgateway is configured, or the push fails (with the
   *   gateway's status and answer).
   */
  flush(): Promise<void>;
  /** Empties every series. */
  reset(): void;
  /**
   * Detaches the reporter's handlers from the bus (and stops pushing on exit). Values stay
   * readable until {@link PrometheusReporter.reset}.
   *
   * @returns `true` the first time, then `false`.
   */
  detach(): boolean;
}

let reporters = 0;

/**
 * The format a scrape's `Accept` header asks for: OpenMetrics when it accepts
 * `application/openmetrics-text` with a quality above zero and at least `text/plain`'s (as
 * Prometheus asks), else the text format.
 *
 * @param accept The `Accept` header, or `null`.
 * @returns `"openmetrics"` or `"text"`.
 * @example
 * ```ts
 * import { negotiateFormat } from "@jido/telemetry/prometheus";
 *
 * negotiateFormat("application/openmetrics-text;version=1.0.0,text/plain;q=0.5"); // "openmetrics"
 * negotiateFormat(null); // "text"
 * ```
 */
export function negotiateFormat(accept: string | null | undefined): ExpositionFormat {
  if (typeof accept !== "string") return "text";
  let openmetrics = 0;
  let text = 0;
  for (const range of accept.split(",")) {
    const [type, ...params] = range.split(";").map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith("q="));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (!(quality >= 0 && quality <= 1)) continue;
    if (type === "application/openmetrics-text") openmetrics = Math.max(openmetrics, quality);
    if (type === "text/plain") text = Math.max(text, quality);
  }
  return openmetrics > 0 && openmetrics >= text ? "openmetrics" : "text";
}

/** About how much text a handler renders before giving the event loop back. */
const chunkSize = 64 * 1024;

/**
 * Creates a Prometheus reporter: it builds a metric store from the definitions (by default
 * {@link defaultDefinitions}), attaches to their events (handler ids `prometheus:<n>:<event>`)
 * and exposes the store. Names, types, units and labels are planned and checked here (see
 * {@link planFamilies}), so a scrape can never be invalid.
 *
 * Values are exposed in base units: a time metric in seconds (`_seconds`), a size metric in bytes
 * (`_bytes`); counters as `<family>_total`; summaries with `quantile` 0.5, 0.9, 0.95 and 0.99
 * plus `_sum` and `_count`; distributions as cumulative `_bucket{le}` ending in `+Inf`, with
 * `_sum` and `_count`; last values as gauges.
 *
 * @param options The catalog, the metrics, a prefix, constant labels and a Pushgateway.
 * @returns The reporter; serve it with {@link servePrometheus} or its `handler`.
 * @throws {Error} If a metric cannot be exposed (its name or labels), or two would collide.
 * @example
 * ```ts
 * import { emitLlmResponse, standardCatalog } from "@jido/telemetry";
 * import { createPrometheusReporter } from "@jido/telemetry/prometheus";
 *
 * const prometheus = createPrometheusReporter({ catalog: standardCatalog });
 * emitLlmResponse({ duration: 420, input_tokens: 900, output_tokens: 120 }, {
 *   model: "claude",
 *   provider: "anthropic",
 *   finish_reason: "stop",
 * });
 * console.log(prometheus.scrape().includes("jido_coder_lib_llm_response_total 1")); // true
 * prometheus.detach();
 * ```
 */
export function createPrometheusReporter(options: PrometheusReporterOptions): PrometheusReporter {
  const catalog = options?.catalog;
  if (catalog === undefined || catalog === null || !Array.isArray(catalog.events)) {
    throw new TypeError(
      "createPrometheusReporter() needs options.catalog: your generated catalog, or standardCatalog",
    );
  }
  const reported = new WeakSet<MetricDefinition>();
  const store = createMetricStore(options.metrics ?? defaultDefinitions(catalog), {
    catalog,
    allowExternalEvents: options.allowExternalEvents,
    maxSeries: options.maxSeries,
    onError: (error, definition) => {
      if (reported.has(definition)) return;
      reported.add(definition);
      console.error(
        `[telemetry] ${
          error.message.replace(/\r?\n/g, "\\n")
        } (the metric skips such events; reported once)`,
      );
    },
  });
  const units = new Map(store.snapshot().map((m) => [m.name, m.unit]));
  const families = planFamilies(store.definitions, {
    prefix: options.prefix,
    labels: options.labels,
  }, (def) => units.get(def.name) ?? def.unit);
  const constant = renderConstantLabels(options.labels ?? {});
  const gateway = options.pushgateway;
  if (gateway !== undefined) checkPushOptions(gateway);

  const n = ++reporters;
  const ids: string[] = [];
  for (const event of store.events) {
    const record = store.recorderFor(event);
    const id = `prometheus:${n}:${JSON.stringify(event)}`;
    try {
      attach(id, event, (_e, m, md) => record(m ?? {}, md ?? {}));
    } catch (error) {
      for (const done of ids) detach(done);
      throw error;
    }
    ids.push(id);
  }

  const bucketsOf = new Map<string, readonly number[]>();
  for (const def of store.definitions) {
    if (def.kind === "distribution") bucketsOf.set(def.name, def.buckets);
  }
  const labelCaches = new Map<string, Map<Key, string>>(
    families.map((f) => [f.metric, new Map<Key, string>()]),
  );

  function* render(format: ExpositionFormat): Generator<string> {
    for (const family of families) {
      const metric = rawSeries(store, family.metric)!;
      const labels = labelCaches.get(family.metric)!;
      // Keys of series removed by reset() stay cached until the cache outgrows the series.
      if (labels.size > 2 * metric.series.length + 64) labels.clear();
      yield* renderFamily(
        { family, metric, labels, constant },
        format,
        bucketsOf.get(family.metric) ?? [],
      );
    }
    if (format === "openmetrics") yield "# EOF\n";
  }

  const scrape = (format: ExpositionFormat = "text"): string => {
    if (format !== "text" && format !== "openmetrics") {
      throw new TypeError(`Unknown exposition format ${JSON.stringify(format)}`);
    }
    let out = "";
    for (const part of render(format)) out += part;
    return out;
  };

  const handler = (request: Request): Response => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("Method Not Allowed\n", {
        status: 405,
        headers: { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" },
      });
    }
    const format = negotiateFormat(request.headers.get("accept"));
    const headers = { "content-type": contentTypes[format] };
    if (request.method === "HEAD") return new Response(null, { headers });
    const parts = render(format);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        let chunk = "";
        while (chunk.length < chunkSize) {
          const next = parts.next();
          if (next.done) {
            if (chunk !== "") controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += next.value;
        }
        controller.enqueue(encoder.encode(chunk));
      },
    });
    return new Response(body, { headers });
  };

  const flush = (): Promise<void> =>
    gateway === undefined
      ? Promise.reject(new Error("flush() needs the reporter's pushgateway option"))
      : pushToGateway(gateway, scrape("text"));

  const stopWatching = gateway !== undefined && gateway.pushOnExit !== false
    ? watchExit(gateway, () => scrape("text"))
    : () => {};

  let attached = true;
  return Object.freeze({
    families,
    store,
    scrape,
    handler,
    flush,
    reset: () => store.reset(),
    detach: () => {
      if (!attached) return false;
      attached = false;
      for (const id of ids) detach(id);
      stopWatching();
      return true;
    },
  });
}
