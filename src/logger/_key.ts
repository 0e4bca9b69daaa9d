// Private: how a metadata key or a module name is written. Keys are data too: a credential can
// arrive as a key (`{ "sk-live-…": 1 }`) and a key can be a megabyte long, so every format writes
// keys through this, clipped and with credential-looking text replaced. Since that can make two
// keys look alike, `uniqueName()` keeps the names of one object distinct.

import { fit } from "./_fit.ts";
import type { Redactor } from "./redact.ts";

/** The most characters of a key or module name written, escapes included; then a marker. */
export const maxKeyLength = 256;

/** `key` as a JSON string literal, clipped to {@link maxKeyLength} and redacted. */
export function jsonKey(key: string, redactor: Redactor): string {
  return fit(key, maxKeyLength, redactor, "json");
}

/** `key` as a `key=value` token, clipped to {@link maxKeyLength} and redacted. */
export function textKey(key: string, redactor: Redactor): string {
  return fit(key, maxKeyLength, redactor, "token");
}

/**
 * `name` (a JSON literal or a text token) if `taken` does not hold it, else the first of
 * `name_2`, `name_3`, … that it does not hold; the result is added to `taken`.
 */
export function uniqueName(name: string, taken: Set<string>): string {
  if (!taken.has(name)) {
    taken.add(name);
    return name;
  }
  const quoted = name.length > 1 && name.startsWith('"') && name.endsWith('"');
  const stem = quoted ? name.slice(0, -1) : name;
  for (let n = 2;; n++) {
    const candidate = stem + "_" + n + (quoted ? '"' : "");
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}
