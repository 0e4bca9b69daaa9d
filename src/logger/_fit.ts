// Private: redacting a string and cutting it to a size measured as written. Escaping can make a
// string up to six times longer (`\u0001`), so the cut is made on the escaped text, between two
// escape sequences and never inside a surrogate pair, and what is dropped is counted in a
// `…[truncated N chars]` marker (at most 32 characters, not counted in the size).

import { escapeText, fitEscaped, isBare, quote } from "./_escape.ts";
import type { Redactor } from "./redact.ts";

/**
 * How a fitted string is written: `json` as a quoted JSON literal (the size excludes the
 * quotes), `text` escaped for the text formats, `token` as a `key=value` token (bare when it can
 * be, else a JSON literal), `raw` unescaped (for custom formatters).
 */
export type Escape = "json" | "text" | "token" | "raw";

/** Characters beyond the cut that are still redacted, so a credential across it is caught. */
const lookahead = 4096;

/**
 * `text`, redacted, written as `escape` says, and cut so that at most `max` characters (escapes
 * included) come before the truncation marker.
 */
export function fit(text: string, max: number, redactor: Redactor, escape: Escape): string {
  const cut = text.length > max + lookahead;
  const head = cut ? text.slice(0, max + lookahead) : text;
  const redacted = redactor.text(head);
  if (!cut) {
    if (escape === "raw" || (escape === "token" && isBare(redacted))) {
      if (redacted.length <= max) return redacted;
    } else {
      const out = escape === "text" ? escapeText(redacted) : quote(redacted);
      if (out.length <= (escape === "text" ? max : max + 2)) return out;
    }
  }
  const keep = escape === "raw"
    ? rawFit(redacted, max)
    : fitEscaped(redacted, max, escape !== "text");
  const marker = "…[truncated " + (redacted.length - keep + text.length - head.length) + " chars]";
  const kept = redacted.slice(0, keep);
  if (escape === "raw") return kept + marker;
  return escape === "text" ? escapeText(kept) + marker : quote(kept + marker);
}

/** The first `max` UTF-16 units of `text`, one fewer when that would split a surrogate pair. */
function rawFit(text: string, max: number): number {
  if (max >= text.length) return text.length;
  const last = text.charCodeAt(max - 1);
  const next = text.charCodeAt(max);
  return last >= 0xd800 && last < 0xdc00 && next >= 0xdc00 && next < 0xe000 ? max - 1 : max;
}
