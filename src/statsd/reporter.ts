/**
 * The StatsD reporter: like `telemetry_metrics_statsd`, it attaches to the events of metric
 * definitions and sends one line per metric per event over UDP, batched into datagrams.
 *
 * @module
 */

import type { Catalog } from "../catalog.ts";
import { builtin, onIdleExit } from "../host.ts";
import { defaultDefinitions, type MetricDefinition, validateDefinition } from "../metrics/mod.ts";
import { type CheckedSample, compileCheckedSample, isRejected } from "../metrics/checked_sample.ts";
import { readSafely } from "../objects.ts";
import { attach, detach, type Measurements, type Metadata } from "../telemetry.ts";
import { unrefTimer } from "../timer.ts";
import { type StatsdFormat, statsdLine, type StatsdType } from "./lines.ts";

/** Options of {@link createStatsdReporter}. */
export interface StatsdReporterOptions {
  /** The catalog of the events measured: your generated `catalog`, or `standardCatalog`. */
  readonly catalog: Catalog;
  /** The metrics to send. @default defaultDefinitions(catalog) */
  readonly metrics?: readonly MetricDefinition[];
  /** Accept definitions on events outside the catalog's apps, unchecked. @default false */
  readonly allowExternalEvents?: boolean;
  /** The StatsD server's address (an IPv4 or IPv6 address, or a host name). @default "127.0.0.1" */
  readonly host?: string;
  /** The StatsD server's UDP port. @default 8125 */
  readonly port?: number;
  /** `"standard"` (tag values folded into the name) or `"datadog"` (DogStatsD tags). @default "standard" */
  readonly format?: StatsdFormat;
  /** Prepended to every metric name with a dot, e.g. `"coder"`. @default "" */
  readonly prefix?: string;
  /** DogStatsD tags on every line, e.g. `{ env: "prod" }` (ignored by the standard format). */
  readonly globalTags?: Readonly<Record<string, string>>;
  /**
   * The largest datagram sent, in bytes: lines are batched up to it, and never split. 1432 fits
   * the usual 1500-byte MTU; 8932 suits jumbo frames; localhost takes up to 65507.
   * @default 1432
   */
  readonly maxDatagramSize?: number;
  /** How long a line may wait for its datagram to fill, in milliseconds. @default 100 */
  readonly flushIntervalMs?: number;
}

/** What a StatsD reporter has sent and lost. */
export interface StatsdStats {
  /** Lines handed to the socket. */
  readonly lines: number;
  /** Datagrams sent. */
  readonly datagrams: number;
  /**
   * Lines lost: a send that failed (no listener on an ICMP-reporting host, a DNS failure, a
   * closed socket) or a single line longer than `maxDatagramSize`.
   */
  readonly failedLines: number;
  /** The last failure's message, if any. */
  readonly lastError: string | undefined;
}

/** A StatsD reporter: see {@link createStatsdReporter}. */
export interface StatsdReporter {
  /** Sends what is batched; resolves when the socket has taken it. Never rejects. */
  flush(): Promise<void>;
  /** Flushes, detaches from the bus and closes the socket. Never rejects. */
  close(): Promise<void>;
  /** What was sent and lost so far. */
  stats(): StatsdStats;
}

interface Socket {
  send(
    msg: Uint8Array,
    port: number,
    address: string,
    callback: (error: Error | null) => void,
  ): void;
  close(callback?: () => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  unref?(): void;
}

interface Dgram {
  createSocket(type: "udp4" | "udp6"): Socket;
}

let reporters = 0;

/** Unit scales in the smallest unit of their dimension (integers, so ratios are exact). */
const scales: Readonly<Record<string, number>> = {
  nanosecond: 1,
  microsecond: 1e3,
  millisecond: 1e6,
  second: 1e9,
  minute: 60e9,
  hour: 3600e9,
  byte: 1,
  kilobyte: 1e3,
  megabyte: 1e6,
  gigabyte: 1e9,
};

const timeUnits: Readonly<Record<string, true>> = {
  nanosecond: true,
  microsecond: true,
  millisecond: true,
  second: true,
  minute: true,
  hour: true,
};

/** The definition's unit, else its measurement's unit in the catalog, else `""`. */
function unitOf(def: MetricDefinition, catalog: Catalog): string {
  if (def.unit !== "" || typeof def.measurement !== "string") return def.unit;
  const event = catalog.events.find((e) =>
    e.name.length === def.event.length && e.name.every((s, i) => s === def.event[i])
  );
  return event?.measurements.find((m) => m.name === def.measurement)?.unit ?? "";
}

/** One exact multiplication or division by an integer, as the metric store converts. */
function convert(value: number, from: string, to: string): number {
  const a = scales[from];
  const b = scales[to];
  return a >= b ? value * (a / b) : value / (b / a);
}

function typeOf(def: MetricDefinition, format: StatsdFormat): StatsdType {
  const wanted = def.reporterOptions.statsdType;
  switch (def.kind) {
    case "counter":
      return "c";
    case "sum":
    case "lastValue":
      return "g";
    case "summary":
      return wanted === "histogram" ? "h" : "ms";
    case "distribution":
      return wanted === "histogram" ? "h" : format === "datadog" ? "d" : "ms";
  }
}

/**
 * Creates a StatsD reporter: it attaches to the events of the definitions (by default
 * {@link defaultDefinitions}; handler ids `statsd:<n>:<event>`) and sends, per event and metric:
 * a counter as `name:1|c`; a sum as a gauge delta (`name:+v|g`, as `telemetry_metrics_statsd`
 * does); a last value as a gauge (a negative one as `name:0|g` then `name:-v|g` in one
 * datagram, since `-v` alone would be read as a delta); a summary as a timer (`|ms`); a
 * distribution as a timer (`|ms`), or a DogStatsD distribution (`|d`). Timers are in
 * milliseconds, as StatsD servers expect: a time metric in another unit is converted. `reporterOptions:
 * { statsdType: "histogram" }` sends `|h` instead, and `reporterOptions: { sampleRate: 0.1 }`
 * sends a counter, timer or histogram one time in ten, marked `|@0.1`.
 *
 * Lines are batched into datagrams of at most `maxDatagramSize` bytes, never split, and sent when
 * the next line would not fit, after `flushIntervalMs`, on {@link StatsdReporter.flush}, on
 * close, and when the process runs out of work (Node's and Bun's `beforeExit`, Deno's
 * `beforeunload`; call `close()` before an explicit `process.exit()`). A failure to send never reaches the application: it is counted (see
 * {@link StatsdReporter.stats}) and the first one is reported on stderr.
 *
 * @param options The catalog, the metrics, where to send and how.
 * @returns The reporter.
 * @throws {Error} If the runtime has no UDP (`node:dgram`: Node, Bun and Deno have it), an option
 *   is invalid, or a definition does not fit the catalog.
 * @example
 * ```ts
 * import { emitLlmResponse, standardCatalog } from "@jido/telemetry";
 * import { createStatsdReporter } from "@jido/telemetry/statsd";
 *
 * const statsd = createStatsdReporter({ catalog: standardCatalog, format: "datadog" });
 * emitLlmResponse({ duration: 420, input_tokens: 900, output_tokens: 120 }, {
 *   model: "claude",
 *   provider: "anthropic",
 *   finish_reason: "stop",
 * });
 * await statsd.close();
 * ```
 */
export function createStatsdReporter(options: StatsdReporterOptions): StatsdReporter {
  const catalog = options?.catalog;
  if (catalog === undefined || catalog === null || !Array.isArray(catalog.events)) {
    throw new TypeError(
      "createStatsdReporter() needs options.catalog: your generated catalog, or standardCatalog",
    );
  }
  const {
    host = "127.0.0.1",
    port = 8125,
    format = "standard",
    prefix = "",
    globalTags = {},
    maxDatagramSize = 1432,
    flushIntervalMs = 100,
  } = options;
  if (typeof host !== "string" || host === "") {
    throw new TypeError("The StatsD host must be a non-empty string");
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`The StatsD port must be an integer from 1 to 65535, got ${String(port)}`);
  }
  if (format !== "standard" && format !== "datadog") {
    throw new TypeError(`The StatsD format must be "standard" or "datadog", got ${String(format)}`);
  }
  if (!Number.isInteger(maxDatagramSize) || maxDatagramSize < 64 || maxDatagramSize > 65507) {
    throw new RangeError(
      `maxDatagramSize must be an integer from 64 to 65507, got ${String(maxDatagramSize)}`,
    );
  }
  if (!(flushIntervalMs >= 0 && flushIntervalMs <= 60_000)) {
    throw new RangeError(`flushIntervalMs must be from 0 to 60000, got ${String(flushIntervalMs)}`);
  }
  const definitions = options.metrics ?? defaultDefinitions(catalog);
  for (const def of definitions) {
    validateDefinition(def, catalog, { allowExternalEvents: options.allowExternalEvents });
    const rate = def.reporterOptions.sampleRate;
    if (rate !== undefined && !(typeof rate === "number" && rate > 0 && rate <= 1)) {
      throw new RangeError(
        `reporterOptions.sampleRate of metric "${def.name}" must be a number in (0, 1], got ${
          String(rate)
        }`,
      );
    }
  }
  const units = new Map<MetricDefinition, string>();
  // The metric store's own reading of an event: keep/drop, measurement, unit conversion.
  const samples = new Map<MetricDefinition, CheckedSample>();
  for (const def of definitions) {
    units.set(def, unitOf(def, catalog));
    samples.set(def, compileCheckedSample(def));
  }
  const dgram = builtin<Dgram>("node:dgram");
  if (dgram === undefined) {
    throw new Error("createStatsdReporter() needs UDP (node:dgram): Node, Bun or Deno");
  }
  const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  socket.unref?.();
  const encoder = new TextEncoder();
  const global = Object.entries(globalTags).map(([k, v]) => [k, String(v)] as const);
  let lines = 0;
  let datagrams = 0;
  let failedLines = 0;
  let lastError: string | undefined;
  let reported = false;
  const failed = (count: number, message: string): void => {
    failedLines += count;
    lastError = message;
    if (reported) return;
    reported = true;
    console.error(
      `[telemetry] StatsD to ${host}:${port} failed: ${message} (lines are counted as lost; reported once)`,
    );
  };
  socket.on("error", (error) => failed(0, error.message));

  let buffer = "";
  let bufferLines = 0;
  let bufferBytes = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void>[] = [];
  let closed = false;

  const sendBuffer = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (bufferLines === 0) return;
    const data = encoder.encode(buffer);
    const count = bufferLines;
    buffer = "";
    bufferLines = 0;
    bufferBytes = 0;
    if (closed) {
      failed(count, "the reporter is closed");
      return;
    }
    datagrams++;
    lines += count;
    const sent = new Promise<void>((resolve) => {
      try {
        socket.send(data, port, host, (error) => {
          if (error) failed(count, error.message);
          resolve();
        });
      } catch (error) {
        failed(count, error instanceof Error ? error.message : String(error));
        resolve();
      }
    });
    inFlight.push(sent);
    void sent.then(() => {
      inFlight = inFlight.filter((p) => p !== sent);
    });
  };

  /** Batches `count` lines (joined by line feeds) that must travel in one datagram. */
  const push = (line: string, count = 1): void => {
    const size = encoder.encode(line).length;
    if (size > maxDatagramSize) {
      failed(
        count,
        `a line of ${size} bytes is longer than maxDatagramSize (${maxDatagramSize})`,
      );
      return;
    }
    if (bufferLines > 0 && bufferBytes + 1 + size > maxDatagramSize) sendBuffer();
    buffer += bufferLines === 0 ? line : `\n${line}`;
    bufferBytes += bufferLines === 0 ? size : size + 1;
    bufferLines += count;
    if (timer === undefined) timer = unrefTimer(setTimeout(sendBuffer, flushIntervalMs));
  };

  const sendMetric = (def: MetricDefinition, m: Measurements, md: Metadata): void => {
    const checked = samples.get(def)!(m, md);
    if (checked === undefined || isRejected(checked)) return;
    let value = checked;
    const type = typeOf(def, format);
    // StatsD timers are milliseconds: a time metric in another unit is converted.
    const unit = units.get(def)!;
    if (type === "ms" && unit !== "millisecond" && Object.hasOwn(timeUnits, unit)) {
      value = convert(value, unit, "millisecond");
      if (!Number.isFinite(value)) return;
    }
    const rate = (def.reporterOptions.sampleRate as number | undefined) ?? 1;
    if (rate < 1 && type !== "g" && Math.random() >= rate) return;
    const source = def.tagValues !== undefined ? def.tagValues(md) : md;
    const tags: (readonly [string, string])[] = format === "datadog" ? [...global] : [];
    for (const key of def.tags) {
      const v = readSafely(source as object, key);
      tags.push([key, v == null ? "" : String(v)]);
    }
    const name = prefix === "" ? def.name : `${prefix}.${def.name}`;
    if (def.kind === "sum") {
      const delta = statsdLine(format, name, value, "g", tags);
      // The name is sanitised, so its first ":" is the one before the value.
      push(value >= 0 ? delta.replace(":", ":+") : delta);
      return;
    }
    if (def.kind === "lastValue" && value < 0) {
      // One unit: apart, a lost or reordered datagram would leave -v read as a delta.
      push(
        `${statsdLine(format, name, 0, "g", tags)}\n${statsdLine(format, name, value, "g", tags)}`,
        2,
      );
      return;
    }
    push(statsdLine(format, name, value, type, tags, type === "g" ? 1 : rate));
  };

  const byEvent = new Map<string, { event: readonly string[]; defs: MetricDefinition[] }>();
  for (const def of definitions) {
    const key = JSON.stringify(def.event);
    const entry = byEvent.get(key) ?? { event: def.event, defs: [] };
    entry.defs.push(def);
    byEvent.set(key, entry);
  }
  const n = ++reporters;
  const ids: string[] = [];
  const broken = new WeakSet<MetricDefinition>();
  for (const [key, { event, defs }] of byEvent) {
    const id = `statsd:${n}:${key}`;
    try {
      attach(id, event, (_e, m, md) => {
        for (const def of defs) {
          try {
            sendMetric(def, m ?? {}, md ?? {});
          } catch (error) {
            if (broken.has(def)) continue;
            broken.add(def);
            console.error(
              `[telemetry] StatsD metric "${def.name}" failed: ${
                error instanceof Error ? error.message : String(error)
              } (the metric skips such events; reported once)`,
            );
          }
        }
      });
    } catch (error) {
      for (const done of ids) detach(done);
      socket.close();
      throw error;
    }
    ids.push(id);
  }

  const flush = async (): Promise<void> => {
    sendBuffer();
    await Promise.all(inFlight);
  };
  // What is batched when the process runs out of work is sent (the send keeps it alive).
  const stopWatching = onIdleExit(() => {
    if (bufferLines > 0) sendBuffer();
  });

  let closing: Promise<void> | undefined;
  return Object.freeze({
    flush,
    close: () =>
      closing ??= (async () => {
        for (const id of ids) detach(id);
        stopWatching();
        await flush();
        closed = true;
        await new Promise<void>((resolve) => {
          try {
            socket.close(() => resolve());
          } catch {
            resolve();
          }
        });
      })(),
    stats: () => ({ lines, datagrams, failedLines, lastError }),
  });
}
