// Private: combining metadata layers without invoking setters, mutating inputs or throwing.

import { thrown } from "./_walk.ts";
import type { Message, Metadata } from "./record.ts";

/** The shared empty metadata. */
export const empty: Metadata = Object.freeze({});

/**
 * A call's metadata as an object: `undefined` → empty, an `Error` → `{ error }`, any other
 * non-object or array → `{ metadata: value }`.
 */
export function callMetadata(metadata: unknown): Metadata {
  if (metadata === undefined || metadata === null) return empty;
  if (typeof metadata === "object" && !Array.isArray(metadata) && !(metadata instanceof Error)) {
    return metadata as Metadata;
  }
  return metadata instanceof Error ? { error: metadata } : { metadata };
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
      out.logger_error = thrown(error);
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
