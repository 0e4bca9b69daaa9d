// Private: redacting a string and cutting it to a size measured as written, for values, keys and
// the module name. Escaping can make a string up to six times longer (`\u0001`), so the cut is
// made on the escaped text, between two escape sequences and never inside a surrogate pair, and
// what is dropped is counted in a `…[truncated N chars]` marker (at most 32 characters, not
// counted in the size).
//
// Keys are data too: a credential can arrive as a key (`{ "sk-live-…": 1 }`) and a key can be a
// megabyte long, so every format writes keys and the module name through `fit()`, clipped to
// `maxKeyLength` and with credential-looking text replaced.

import { escapedWidth, escapeText, isBare, quote } from "./_escape.ts";
import type { Redactor } from "./redact.ts";

/**
 * How a fitted string is written: `json` as a quoted JSON literal (the size excludes the
 * quotes), `text` escaped for the text formats, `token` as a `key=value` token (bare when it can
 * be, else a JSON literal), `raw` unescaped (for custom formatters).
 */
export type Escape = "json" | "text" | "token" | "raw";

/** Characters beyond the cut that are still redacted, so a credential across it is caught. */
const lookahead = 4096;

/** The most characters of a key, module name or call site written, escapes included. */
export const maxKeyLength = 256;

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

/**
 * How many leading UTF-16 units of `text` fit in `room` characters once escaped: as inside a
 * {@link quote} literal when `json`, else as {@link escapeText} writes them. Never ends between
 * the two halves of a surrogate pair.
 */
function fitEscaped(text: string, room: number, json: boolean): number {
  const length = text.length;
  let used = 0;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    let width = escapedWidth(code, json);
    let units = 1;
    if (code >= 0xd800 && code < 0xe000) {
      const next = text.charCodeAt(i + 1);
      if (code < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        width = 2;
        units = 2;
      } else if (json) {
        width = 6;
      }
    }
    if (used + width > room) break;
    used += width;
    i += units;
  }
  return i;
}

/** The first `max` UTF-16 units of `text`, one fewer when that would split a surrogate pair. */
function rawFit(text: string, max: number): number {
  if (max >= text.length) return text.length;
  const last = text.charCodeAt(max - 1);
  const next = text.charCodeAt(max);
  return last >= 0xd800 && last < 0xdc00 && next >= 0xdc00 && next < 0xe000 ? max - 1 : max;
}

/** `key` as a JSON string literal, clipped to {@link maxKeyLength} and redacted. */
export function jsonKey(key: string, redactor: Redactor): string {
  return fit(key, maxKeyLength, redactor, "json");
}

/** `key` as a `key=value` token, clipped to {@link maxKeyLength} and redacted. */
export function textKey(key: string, redactor: Redactor): string {
  return fit(key, maxKeyLength, redactor, "token");
}
