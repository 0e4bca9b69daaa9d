// Private: how a metadata key is written. Keys are data too: a credential can arrive as a key
// (`{ "sk-live-…": 1 }`) and a key can be a megabyte long, so every format writes keys through
// this, clipped and with credential-looking text replaced.

import type { Redactor } from "./redact.ts";

/** The longest key written whole; longer keys are clipped with a marker. */
export const maxKeyLength = 256;

/** `key`, clipped to {@link maxKeyLength} characters and with credentials censored. */
export function safeKey(key: string, redactor: Redactor): string {
  const clipped = key.length > maxKeyLength
    ? key.slice(0, maxKeyLength) + `…[truncated ${key.length - maxKeyLength} chars]`
    : key;
  return redactor.text(clipped);
}
