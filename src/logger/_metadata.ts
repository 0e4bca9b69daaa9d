// Private: combining metadata layers without invoking setters, mutating inputs or throwing.

import { thrown, unreadable } from "./_walk.ts";
import type { Message, Metadata } from "./record.ts";

/** The shared empty metadata. */
export const empty: Metadata = Object.freeze({});

/**
 * A call's metadata as an object: `undefined` → empty, an `Error` → `{ error }`, a `Map` → its
 * first `maxItems` entries by `String(key)`, any other non-object or array → `{ metadata: value }`.
 * Throws only for something that cannot even be inspected (a revoked Proxy).
 */
export function callMetadata(metadata: unknown, maxItems: number): Metadata {
  if (metadata === undefined || metadata === null) return empty;
  if (
    typeof metadata === "object" && !Array.isArray(metadata) && !(metadata instanceof Error) &&
    !(metadata instanceof Map)
  ) {
    return metadata as Metadata;
  }
  if (metadata instanceof Map) return mapMetadata(metadata, maxItems);
  return metadata instanceof Error ? { error: metadata } : { metadata };
}

function mapMetadata(map: Map<unknown, unknown>, maxItems: number): Metadata {
  const out: Record<string, unknown> = Object.create(null);
  let count = 0;
  for (const [key, value] of map) {
    if (count++ >= maxItems) {
      out["…"] = `[${map.size - maxItems} more keys]`;
      break;
    }
    let name: string;
    try {
      name = typeof key === "string" ? key : String(key);
    } catch (error) {
      name = thrown(error);
    }
    out[name] = value;
  }
  return out;
}

function copyInto(target: Record<string, unknown>, source: Metadata): void {
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    try {
      target[key] = source[key];
    } catch (error) {
      target[key] = thrown(error);
    }
  }
}

/**
 * Later layers win on equal keys. The result has no prototype, so a `__proto__` key is an
 * ordinary own key, and reads of throwing getters become `"[Throws: …]"` strings.
 */
export function mergeLayers(...layers: (Metadata | undefined)[]): Metadata {
  const out: Record<string, unknown> = Object.create(null);
  for (const layer of layers) {
    if (layer === undefined || layer === empty) continue;
    try {
      copyInto(out, layer);
    } catch (error) {
      out.logger_error = unreadable(error);
    }
  }
  return out;
}

/**
 * Like {@link mergeLayers}, by object spread: V8's fastest merge, which defines (never sets)
 * keys; falls back to `mergeLayers` when a getter throws.
 */
export function spreadLayers(
  bound: Metadata,
  scope: Metadata | undefined,
  call: Metadata,
): Metadata {
  try {
    return { ...bound, ...scope, ...call };
  } catch {
    return mergeLayers(bound, scope, call);
  }
}

/** The message text: calls a lazy message, and stringifies anything else without throwing. */
export function messageText(message: Message | unknown): string {
  try {
    const value = typeof message === "function" ? message() : message;
    return typeof value === "string" ? value : String(value);
  } catch (error) {
    return thrown(error);
  }
}
