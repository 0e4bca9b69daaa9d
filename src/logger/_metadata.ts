// Private: a call's metadata as an object, and metadata layers (bound, scope, call) combined
// without invoking setters, mutating inputs or throwing.

import { errorReason } from "../error_info.ts";
import { readSafely, thrown } from "../objects.ts";
import type { Metadata } from "../telemetry.ts";

/** The shared empty metadata. */
export const empty: Metadata = Object.freeze({});

/** Describes metadata that could not be read at all: `[Unreadable metadata: message]`. */
export function unreadable(error: unknown): string {
  return "[Unreadable metadata: " + errorReason(error) + "]";
}

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

/** Copies `source`'s own enumerable keys into `target`, which has no prototype (so assigning
 * `__proto__` makes an own key). */
function copyInto(target: Record<string, unknown>, source: Metadata): void {
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) target[keys[i]] = readSafely(source, keys[i]);
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
