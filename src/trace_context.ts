/**
 * Trace context: W3C trace and span ids, the `traceparent` header, and the current span carried
 * across `await` (through `AsyncLocalStorage` on Node, Deno and Bun).
 *
 * Where the host has no `AsyncLocalStorage` (browsers, most edge runtimes) the current context
 * is kept for the synchronous part of a span's function only: pass the parent explicitly to
 * async children, as a `traceparent` in their start metadata (`span.traceparent` gives it).
 *
 * @module
 */

import { builtin } from "./host.ts";

/** The identity of a span, as W3C Trace Context carries it. */
export interface TraceContext {
  /** 32 lowercase hex digits, not all zero. */
  readonly traceId: string;
  /** The span's id: 16 lowercase hex digits, not all zero. */
  readonly spanId: string;
  /** The trace flags (bit 0, `1`: sampled). */
  readonly traceFlags: number;
  /** Whether the context came from another process (a parsed `traceparent`). */
  readonly remote: boolean;
}

const hex: string[] = [];
for (let i = 0; i < 256; i++) hex.push(i.toString(16).padStart(2, "0"));

/** Random bytes drawn in blocks: one `getRandomValues` call serves 512 span ids. */
const pool = new Uint8Array(4096);
let poolAt = pool.length;

function fillPool(): void {
  const c = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } }).crypto;
  if (typeof c?.getRandomValues === "function") c.getRandomValues(pool);
  else for (let i = 0; i < pool.length; i++) pool[i] = Math.floor(Math.random() * 256);
  poolAt = 0;
}

function randomHex(bytes: number): string {
  for (;;) {
    if (poolAt + bytes > pool.length) fillPool();
    let out = "";
    let zero = true;
    for (let i = 0; i < bytes; i++) {
      const b = pool[poolAt++]!;
      if (b !== 0) zero = false;
      out += hex[b];
    }
    if (!zero) return out;
  }
}

/**
 * A new random trace id: 32 lowercase hex digits (16 bytes), never all zero.
 *
 * @example
 * ```ts
 * import { newTraceId } from "@jido/telemetry/trace";
 *
 * console.log(newTraceId().length); // 32
 * ```
 */
export function newTraceId(): string {
  return randomHex(16);
}

/**
 * A new random span id: 16 lowercase hex digits (8 bytes), never all zero.
 *
 * @example
 * ```ts
 * import { newSpanId } from "@jido/telemetry/trace";
 *
 * console.log(newSpanId().length); // 16
 * ```
 */
export function newSpanId(): string {
  return randomHex(8);
}

/**
 * The longest `traceparent` read: a version-00 header is 55 characters; later versions may add
 * fields, but a header of kilobytes is not a trace context (and is not scanned).
 */
const maxHeader = 512;

/** The flags Trace Context defines (sampled, and Level 2's random); others are not passed on. */
const knownFlags = 0x03;

function isHex(text: string, from: number, to: number): boolean {
  let zero = true;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (c !== 48) zero = false;
    } else if (c >= 97 && c <= 102) zero = false;
    else return false;
  }
  return !zero;
}

function isHexDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * Parses a W3C `traceparent` header (`00-<trace id>-<parent id>-<flags>`), as Trace Context
 * Level 1 says a receiver must: lowercase hex only, no all-zero ids, version `ff` refused,
 * version `00` exactly 55 characters, a later version at least 55 with a `-` after the flags.
 * Surrounding spaces and tabs are ignored (a header's optional whitespace); a value longer than
 * 512 characters is refused unread. Flags other than sampled (`01`) and random (`02`) are
 * dropped, so they are not passed on.
 *
 * @param header The header's value.
 * @returns The remote context, or `undefined` when the header is not valid (start a new trace).
 * @example
 * ```ts
 * import { parseTraceparent } from "@jido/telemetry/trace";
 *
 * const ctx = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
 * console.log(ctx?.spanId, ctx?.traceFlags); // "00f067aa0ba902b7" 1
 * ```
 */
export function parseTraceparent(header: unknown): TraceContext | undefined {
  if (typeof header !== "string" || header.length > maxHeader) return undefined;
  let from = 0;
  let to = header.length;
  while (from < to && (header[from] === " " || header[from] === "\t")) from++;
  while (to > from && (header[to - 1] === " " || header[to - 1] === "\t")) to--;
  const text = from === 0 && to === header.length ? header : header.slice(from, to);
  if (text.length < 55) return undefined;
  if (!isHexDigits(text, 0, 2) || text.slice(0, 2) === "ff") return undefined;
  if (text.slice(0, 2) === "00" ? text.length !== 55 : text.length > 55 && text[55] !== "-") {
    return undefined;
  }
  if (text[2] !== "-" || text[35] !== "-" || text[52] !== "-") return undefined;
  if (!isHex(text, 3, 35) || !isHex(text, 36, 52) || !isHexDigits(text, 53, 55)) {
    return undefined;
  }
  return {
    traceId: text.slice(3, 35),
    spanId: text.slice(36, 52),
    traceFlags: parseInt(text.slice(53, 55), 16) & knownFlags,
    remote: true,
  };
}

/** Whether `id` is `length` lowercase hex digits, not all zero: a valid trace or span id. */
export function isTraceId(id: unknown, length: 32 | 16): id is string {
  return typeof id === "string" && id.length === length && isHex(id, 0, length);
}

/**
 * Formats a context as a version-00 `traceparent` header, to send with a request so that the
 * receiving process continues the trace.
 *
 * @param context The span to name as the parent.
 * @returns `00-<trace id>-<span id>-<flags>`.
 * @example
 * ```ts
 * import { formatTraceparent } from "@jido/telemetry/trace";
 *
 * const header = formatTraceparent({
 *   traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
 *   spanId: "00f067aa0ba902b7",
 *   traceFlags: 1,
 *   remote: false,
 * });
 * console.log(header); // "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
 * ```
 */
export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${hex[context.traceFlags & 0xff]}`;
}

interface Storage {
  getStore(): TraceContext | undefined;
  run<R>(store: TraceContext | undefined, fn: () => R): R;
}

type AsyncHooks = { AsyncLocalStorage: new () => Storage };

/** The synchronous fallback: the context is set while `fn` runs, restored when it returns. */
class StackStorage implements Storage {
  #current: TraceContext | undefined = undefined;

  getStore(): TraceContext | undefined {
    return this.#current;
  }

  run<R>(store: TraceContext | undefined, fn: () => R): R {
    const before = this.#current;
    this.#current = store;
    try {
      return fn();
    } finally {
      this.#current = before;
    }
  }
}

function makeStorage(): Storage {
  try {
    const hooks = builtin<AsyncHooks>("node:async_hooks");
    if (typeof hooks?.AsyncLocalStorage === "function") return new hooks.AsyncLocalStorage();
  } catch {
    // Fall back to the synchronous stack.
  }
  return new StackStorage();
}

const storage: Storage = makeStorage();

/**
 * Whether the current context follows `await` (`AsyncLocalStorage` is available) rather than
 * only the synchronous part of a function.
 *
 * @example
 * ```ts
 * import { contextFollowsAwait } from "@jido/telemetry/trace";
 *
 * console.log(contextFollowsAwait); // true on Node, Deno and Bun
 * ```
 */
export const contextFollowsAwait: boolean = !(storage instanceof StackStorage);

/**
 * The span the calling code runs in (the innermost recorded span), or `undefined` outside any.
 *
 * @example
 * ```ts
 * import { span } from "@jido/telemetry";
 * import { currentTraceContext, onSpanEnd } from "@jido/telemetry/trace";
 *
 * const stop = onSpanEnd(() => {});
 * span(["app", "work"], {}, () => console.log(currentTraceContext()?.spanId.length)); // 16
 * stop();
 * ```
 */
export function currentTraceContext(): TraceContext | undefined {
  return storage.getStore();
}

/**
 * Runs `fn` with `context` as the current span: spans started inside become its children. Use
 * it to continue a trace received from another process without a span of your own.
 *
 * @param context The parent for spans started inside `fn` (`undefined`: none).
 * @param fn The work.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import { parseTraceparent, withTraceContext } from "@jido/telemetry/trace";
 *
 * const parent = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
 * withTraceContext(parent, () => {
 *   // spans here belong to trace 4bf92f35...
 * });
 * ```
 */
export function withTraceContext<R>(context: TraceContext | undefined, fn: () => R): R {
  return storage.run(context, fn);
}
