/**
 * Request-scoped metadata: `withMetadata(metadata, fn)` makes every record logged inside `fn`,
 * synchronously or after any number of `await`s, carry `metadata`.
 *
 * Built on `AsyncLocalStorage` from `node:async_hooks`, created on the first `withMetadata()`
 * call so programs that never use it do not pay for async context tracking.
 *
 * @module
 */

import { AsyncLocalStorage } from "node:async_hooks";
import type { Metadata } from "./record.ts";
import { readSafely, unreadable } from "./_walk.ts";

let storage: AsyncLocalStorage<Metadata> | undefined;

const none: Metadata = Object.freeze({});

/**
 * Runs `fn` with `metadata` added to every log record made inside it. Scopes nest; on equal
 * keys the inner scope wins, and a call's own metadata wins over both. `fn` always runs: a
 * getter in `metadata` that throws is recorded as `"[Throws: …]"`, and metadata that cannot be
 * read at all (a revoked Proxy) as `logger_error: "[Unreadable metadata: …]"`.
 *
 * @param metadata Fields to attach; their own enumerable keys are copied (one level deep) when
 *   `withMetadata` is called.
 * @param fn The function to run, sync or async.
 * @returns What `fn` returns (its promise, for an async function).
 *
 * @example
 * ```ts
 * import { createLogger, withMetadata } from "@jido/telemetry";
 *
 * const log = createLogger({ env: "test", level: "info" });
 * await withMetadata({ request_id: "r1" }, async () => {
 *   await Promise.resolve();
 *   log.info("Handled"); // [info] Handled request_id=r1
 * });
 * ```
 */
export function withMetadata<T>(metadata: Metadata, fn: () => T): T {
  storage ??= new AsyncLocalStorage<Metadata>();
  const outer = storage.getStore();
  const own = copy(metadata);
  return storage.run(outer === undefined ? own : { ...outer, ...own }, fn);
}

/** The own enumerable string-keyed fields of `metadata`, read once; never throws. */
function copy(metadata: Metadata): Metadata {
  try {
    return { ...metadata };
  } catch {
    // A getter or Proxy trap threw: copy key by key.
  }
  const out: Record<string, unknown> = {};
  let keys: string[];
  try {
    keys = Object.keys(metadata);
  } catch (error) {
    return { logger_error: unreadable(error) };
  }
  for (const key of keys) {
    const value = readSafely(metadata, key);
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/**
 * The metadata set by the enclosing `withMetadata()` scopes, or an empty object.
 *
 * @returns The current request-scoped metadata (do not mutate it).
 *
 * @example
 * ```ts
 * import { currentMetadata, withMetadata } from "@jido/telemetry";
 *
 * withMetadata({ user: "ada" }, () => currentMetadata()); // { user: "ada" }
 * currentMetadata(); // {}
 * ```
 */
export function currentMetadata(): Metadata {
  return storage?.getStore() ?? none;
}

/** The metadata of the enclosing scopes, or `undefined` outside any; for the logger's hot path. */
export function scopeMetadata(): Metadata | undefined {
  return storage?.getStore();
}
