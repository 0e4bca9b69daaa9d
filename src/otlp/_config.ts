// Private: where and how each signal is sent, from the exporter's options and the environment
// variables of the OTLP exporter specification. Options given in code win over the environment;
// a signal's own variable (OTEL_EXPORTER_OTLP_TRACES_*) wins over the general one.

import { envVar } from "../host.ts";

/** The three OTLP signals. */
export type Signal = "traces" | "metrics" | "logs";

/** The request body's compression. */
export type Compression = "gzip" | "none";

/** Where and how one signal is sent. */
export interface SignalConfig {
  readonly url: string;
  /** Header names lowercased; the values are secrets (API keys) and never reported. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly compression: Compression;
}

/** What the options say about a signal's transport. */
export interface TransportOptions {
  readonly endpoint?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly compression?: Compression;
  /** The signal's own URL, used as it is. */
  readonly url?: string;
  /** The signal's own headers, over the general ones. */
  readonly signalHeaders?: Readonly<Record<string, string>>;
}

/** OTLP/HTTP's default base endpoint. */
export const defaultEndpoint = "http://localhost:4318";

/** The default time budget of one export, retries included (`OTEL_EXPORTER_OTLP_TIMEOUT`). */
export const defaultTimeoutMs = 10_000;

const paths: Readonly<Record<Signal, string>> = {
  traces: "v1/traces",
  metrics: "v1/metrics",
  logs: "v1/logs",
};

/** `base` with the signal's path appended, as the specification builds it from a base URL. */
export function signalUrl(base: string, signal: Signal): string {
  return `${base.endsWith("/") ? base : `${base}/`}${paths[signal]}`;
}

/**
 * `key=value` pairs separated by commas, keys and values trimmed and percent-decoded (the W3C
 * Baggage form the specification gives `OTEL_EXPORTER_OTLP_HEADERS` and
 * `OTEL_RESOURCE_ATTRIBUTES`). A value may hold `=`. Empty entries are skipped.
 *
 * @returns The pairs, and the positions (1-based) of entries that could not be read: no `=`, an
 *   empty key, or a bad percent escape. The entries' text is not returned: it may be a secret.
 */
export function parsePairs(text: string): { pairs: [string, string][]; invalid: number[] } {
  const pairs: [string, string][] = [];
  const invalid: number[] = [];
  const entries = text.split(",");
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.trim() === "") continue;
    const at = entry.indexOf("=");
    const key = at < 0 ? "" : entry.slice(0, at).trim();
    if (key === "") {
      invalid.push(i + 1);
      continue;
    }
    try {
      pairs.push([decodeURIComponent(key), decodeURIComponent(entry.slice(at + 1).trim())]);
    } catch {
      invalid.push(i + 1);
    }
  }
  return { pairs, invalid };
}

function upper(signal: Signal): string {
  return signal.toUpperCase();
}

/** The first variable of `names` that is set and not blank. */
function firstEnv(names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = envVar(name);
    if (value !== undefined && value.trim() !== "") return { name, value: value.trim() };
  }
  return undefined;
}

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Whether `name` is a valid HTTP header name. */
export function isHeaderName(name: string): boolean {
  return headerName.test(name);
}

/** Whether `value` is a valid HTTP header value (no line break or NUL). */
export function isHeaderValue(value: unknown): value is string {
  return typeof value === "string" && !/[\r\n\0]/.test(value);
}

function envHeaders(name: string, into: Record<string, string>, warn: (m: string) => void): void {
  const raw = envVar(name);
  if (raw === undefined || raw.trim() === "") return;
  const { pairs, invalid } = parsePairs(raw);
  let skipped = invalid.length;
  for (const [key, value] of pairs) {
    if (isHeaderName(key) && isHeaderValue(value)) into[key.toLowerCase()] = value;
    else skipped++;
  }
  if (skipped > 0) {
    // The entries themselves are not shown: they may hold a secret.
    warn(`${name} has ${skipped} entries that are not a valid header=value pair; skipped`);
  }
}

function addHeaders(
  into: Record<string, string>,
  headers: Readonly<Record<string, string>> | undefined,
): void {
  if (headers === undefined) return;
  for (const [key, value] of Object.entries(headers)) into[key.toLowerCase()] = String(value);
}

/**
 * The configuration of one signal. `warn` receives one sentence per environment variable that
 * is set but not usable (the default is used instead).
 */
export function signalConfig(
  signal: Signal,
  options: TransportOptions,
  warn: (message: string) => void,
): SignalConfig {
  const s = upper(signal);
  let url = options.url ??
    (options.endpoint === undefined ? undefined : signalUrl(options.endpoint, signal));
  if (url === undefined) {
    const own = firstEnv([`OTEL_EXPORTER_OTLP_${s}_ENDPOINT`]);
    const base = firstEnv(["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    url = own?.value ?? signalUrl(base?.value ?? defaultEndpoint, signal);
    if (!isHttpUrl(url)) {
      warn(`${own?.name ?? base?.name} is not an http(s) URL; ${defaultEndpoint} is used`);
      url = signalUrl(defaultEndpoint, signal);
    }
  }
  const headers: Record<string, string> = {};
  envHeaders("OTEL_EXPORTER_OTLP_HEADERS", headers, warn);
  envHeaders(`OTEL_EXPORTER_OTLP_${s}_HEADERS`, headers, warn);
  addHeaders(headers, options.headers);
  addHeaders(headers, options.signalHeaders);

  let timeoutMs = options.timeoutMs;
  if (timeoutMs === undefined) {
    const found = firstEnv([`OTEL_EXPORTER_OTLP_${s}_TIMEOUT`, "OTEL_EXPORTER_OTLP_TIMEOUT"]);
    const parsed = found === undefined ? defaultTimeoutMs : Number(found.value);
    if (found !== undefined && !(Number.isFinite(parsed) && parsed > 0)) {
      warn(`${found.name} is not a positive number of milliseconds; ${defaultTimeoutMs} is used`);
    }
    timeoutMs = Number.isFinite(parsed) && parsed > 0 ? parsed : defaultTimeoutMs;
  }

  let compression = options.compression;
  if (compression === undefined) {
    const found = firstEnv([
      `OTEL_EXPORTER_OTLP_${s}_COMPRESSION`,
      "OTEL_EXPORTER_OTLP_COMPRESSION",
    ]);
    const value = found?.value.toLowerCase() ?? "none";
    if (value !== "gzip" && value !== "none") {
      warn(`${found!.name} must be "gzip" or "none"; "none" is used`);
    }
    compression = value === "gzip" ? "gzip" : "none";
  }
  return { url, headers, timeoutMs, compression };
}

/** Whether `url` parses as an `http:` or `https:` URL. */
export function isHttpUrl(url: unknown): url is string {
  if (typeof url !== "string") return false;
  try {
    const { protocol } = new URL(url);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * A URL as it may be shown in a report: scheme, host and path, without credentials or query
 * (either may hold a secret).
 */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(an invalid URL)";
  }
}
