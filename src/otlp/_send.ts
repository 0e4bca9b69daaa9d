// Private: one request body POSTed to an OTLP/HTTP receiver, as the specification's "OTLP/HTTP
// Response" and "Retryable Response Codes" say: 2xx is success (a `partialSuccess` in its body
// counts rejected entries), 429, 502, 503 and 504 and network errors are retried (after the
// Retry-After header's delay when it has one, else exponential backoff with full jitter), and
// anything else is not. Every attempt and wait fits the export's time budget (`timeoutMs`).

import { runtimeName } from "../host.ts";
import { unrefTimer } from "../timer.ts";
import type { DeliveryOptions } from "./_delivery.ts";
import { otlpScope } from "./resource.ts";

/** How a body fared. */
export interface SendResult {
  /** HTTP requests made. */
  readonly requests: number;
  /** Entries the receiver accepted. */
  readonly accepted: number;
  /** Entries it answered 2xx for but reported rejected (`partialSuccess`). */
  readonly rejected: number;
  /** The receiver's `partialSuccess.errorMessage`, or a sentence on the rejected entries. */
  readonly warning?: string;
  /** Why the whole body was lost, and the key it is reported once under. */
  readonly failure?: { readonly key: string; readonly message: string };
}

const retryable = new Set([429, 502, 503, 504]);

/**
 * The delay a `Retry-After` header asks for, in milliseconds: delay-seconds or an HTTP date;
 * `undefined` when absent or unreadable.
 */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full jitter: a random delay up to the exponential backoff of this attempt (1-based). */
export function backoffMs(attempt: number, initialMs: number, maxMs: number): number {
  return Math.random() * Math.min(maxMs, initialMs * 2 ** (attempt - 1));
}

/** `body` gzipped, with the web-standard `CompressionStream`. */
async function gzip(body: string): Promise<ArrayBuffer> {
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream("gzip"));
  return await new Response(stream).arrayBuffer();
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => void unrefTimer(setTimeout(resolve, ms)));

/** The rejected count and message of a 2xx answer's `partialSuccess`, if it has one. */
function partialSuccess(
  text: string,
  key: string,
): { rejected: number; message: string } | undefined {
  if (!text.includes("partialSuccess")) return undefined;
  try {
    const partial = JSON.parse(text)?.partialSuccess;
    if (typeof partial !== "object" || partial === null) return undefined;
    const rejected = Number(partial[key] ?? 0);
    const message = typeof partial.errorMessage === "string" ? partial.errorMessage : "";
    return { rejected: Number.isSafeInteger(rejected) && rejected > 0 ? rejected : 0, message };
  } catch {
    return undefined;
  }
}

/** The start of an answer's text, on one line, for a report. */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line === "" ? "" : `: ${line.length > 200 ? `${line.slice(0, 200)}...` : line}`;
}

function describe(error: unknown): string {
  try {
    if (error instanceof Error) {
      const cause = (error as { cause?: unknown }).cause;
      const detail = cause instanceof Error ? ` (${cause.message})` : "";
      return `${error.message}${detail}`;
    }
    return String(error);
  } catch {
    return "unknown error";
  }
}

/** POSTs `body` (holding `count` entries) until it is accepted, refused or out of time. */
export async function send(
  body: string,
  count: number,
  options: DeliveryOptions,
): Promise<SendResult> {
  const { config, retry } = options;
  const start = Date.now();
  const deadline = start + config.timeoutMs;
  const headers: Record<string, string> = { ...config.headers, "content-type": "application/json" };
  if (runtimeName !== "browser") headers["user-agent"] = `jido-telemetry/${otlpScope.version}`;
  let payload: string | ArrayBuffer = body;
  if (config.compression === "gzip") {
    try {
      payload = await gzip(body);
      headers["content-encoding"] = "gzip";
    } catch {
      // No CompressionStream here: the body goes uncompressed.
    }
  }
  let requests = 0;
  for (let attempt = 1;; attempt++) {
    let reason: string;
    let wait: number | undefined;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return { requests, accepted: 0, rejected: 0, failure: timedOut(config.timeoutMs) };
    }
    try {
      requests++;
      const response = await fetch(config.url, {
        method: "POST",
        headers,
        body: payload,
        signal: AbortSignal.timeout(remaining),
      });
      const text = await response.text().catch(() => "");
      if (response.ok) {
        const partial = partialSuccess(text, options.rejectedKey);
        if (partial === undefined || (partial.rejected === 0 && partial.message === "")) {
          return { requests, accepted: count, rejected: 0 };
        }
        const rejected = Math.min(partial.rejected, count);
        const said = partial.message === "" ? "" : `: ${partial.message}`;
        return {
          requests,
          accepted: count - rejected,
          rejected,
          warning: `the receiver rejected ${rejected} of ${count} ${options.envelope.items}${said}`,
        };
      }
      reason = `answered ${response.status}${excerpt(text)}`;
      if (!retryable.has(response.status)) {
        return {
          requests,
          accepted: 0,
          rejected: 0,
          failure: { key: `status-${response.status}`, message: `${reason} (not retried)` },
        };
      }
      wait = retryAfterMs(response.headers.get("retry-after"), Date.now());
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      if (name === "TimeoutError" || name === "AbortError") {
        return { requests, accepted: 0, rejected: 0, failure: timedOut(config.timeoutMs) };
      }
      reason = `could not be reached: ${describe(error)}`;
    }
    if (attempt >= retry.maxAttempts) {
      return {
        requests,
        accepted: 0,
        rejected: 0,
        failure: { key: "gave-up", message: `${reason}; gave up after ${attempt} attempts` },
      };
    }
    const delay = wait ?? backoffMs(attempt, retry.initialBackoffMs, retry.maxBackoffMs);
    if (Date.now() + delay >= deadline) {
      return {
        requests,
        accepted: 0,
        rejected: 0,
        failure: {
          key: "gave-up",
          message: `${reason}; the next attempt (in ${
            Math.ceil(delay)
          } ms) would pass the ${config.timeoutMs} ms timeout`,
        },
      };
    }
    await sleep(delay);
  }
}

function timedOut(timeoutMs: number): { key: string; message: string } {
  return { key: "timeout", message: `no answer within the ${timeoutMs} ms timeout` };
}
