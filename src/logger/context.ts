/**
 * Request-scoped metadata: `withMetadata(metadata, fn)` makes every record logged inside `fn`,
 * synchronously or after any number of `await`s, carry `metadata`.
 *
 * Built on `AsyncLocalStorage` from `node:async_hooks` (found at run time, in Node, Deno and
 * Bun), created on the first `withMetadata()` call so programs that never use it do not pay for
 * async context tracking. Where the host has no `node:async_hooks` (a browser, an edge runtime),
 * a stack of scopes stands in for it, which covers only the synchronous part of `fn`.
 *
 * @module
 */

import { builtin } from "../host.ts";
import { defineOwn, readSafely } from "../objects.ts";
import type { Metadata } from "../telemetry.ts";
import { unreadable } from "./_metadata.ts";

/** The part of an `AsyncLocalStorage` used here. */
interface Storage {
  getStore(): Metadata | undefined;
  run<T>(store: Metadata, fn: () => T): T;
}

let storage: Storage | undefined;

const none: Metadata = Object.freeze({});

/** `AsyncLocalStorage` where the host has it, else a stack of synchronous scopes. */
function createStorage(): Storage {
  const hooks = builtin<{ AsyncLocalStorage?: new () => Storage }>("node:async_hooks");
  if (typeof hooks?.AsyncLocalStorage === "function") return new hooks.AsyncLocalStorage();
  let current: Metadata | undefined;
  return {
    getStore: () => current,
    run(store, fn) {
      const outer = current;
      current = store;
      try {
        return fn();
      } finally {
        current = outer;
      }
    },
  };
}

/**
 * Runs `fn` with `metadata` added to every log record made inside it. Scopes nest; on equal
 * keys the inner scope wins, and a call's own metadata wins over both. `fn` always runs: a
 * getter in `metadata` that throws is recorded as `"[Throws: …]"`, and metadata that cannot be
 * read at all (a revoked Proxy) as `logger_error: "[Unreadable metadata: …]"`.
 *
 * In Node, Deno and Bun the metadata follows `fn` across `await`, timers and callbacks
 * (`AsyncLocalStorage`). Where the host has no `node:async_hooks` (a browser, an edge runtime)
 * it applies only to what `fn` logs synchronously, up to its first `await`: records logged after
 * that do not carry it.
 *
 * @param metadata Fields to attach; their own enumerable keys are copied (one level deep) when
 *   `withMetadata` is called.
 * @param fn The function to run, sync or async.
 * @returns What `fn` returns (its promise, for an async function).
 *
 * @example
 * ```ts
 * import { createLogger, withMetadata } from "@jido/telemetry/logger";
 *
 * const log = createLogger({ env: "test", level: "info" });
 * await withMetadata({ request_id: "r1" }, async () => {
 *   await Promise.resolve();
 *   log.info("Handled"); // [info] Handled request_id=r1
 * });
 * ```
 */
export function withMetadata<T>(metadata: Metadata, fn: () => T): T {
  storage ??= createStorage();
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
  for (const key of keys) defineOwn(out, key, readSafely(metadata, key));
  return out;
}

/**
 * The metadata set by the enclosing `withMetadata()` scopes, or an empty object.
 *
 * @returns The current request-scoped metadata (do not mutate it).
 *
 * @example
 * ```ts
 * import { currentMetadata, withMetadata } from "@jido/telemetry/logger";
 *
 * withMetadata({ user: "ada" }, () => currentMetadata()); // { user: "ada" }
 * currentMetadata(); // {}
 * ```
 */
export function currentMetadata(): Metadata {
  return storage?.getStore() ?? none;
}

/**
 * The metadata of the enclosing scopes, or `undefined` outside any; for the logger's hot path.
 * Internal: not exported from `mod.ts`.
 */
export function scopeMetadata(): Metadata | undefined {
  return storage?.getStore();
}
