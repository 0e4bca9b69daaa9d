// Private: string escaping shared by the formats.
//
// JSON output escapes what JSON.stringify escapes (quotes, backslash, C0 controls, lone
// surrogates) plus DEL, the C1 controls, U+2028/U+2029 and the bidirectional overrides, so a
// record stays one line and cannot drive a terminal that displays it. The text formats escape the
// same characters, and C0 controls, as visible `\n`, `\t`, `\u001b` sequences.

const unsafeJsonTest = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const unsafeJson = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const unsafeTextTest = /[\p{Cc}\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const unsafeText = /[\p{Cc}\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

function escapeChar(char: string): string {
  switch (char) {
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    default:
      return "\\u" + char.charCodeAt(0).toString(16).padStart(4, "0");
  }
}

/** Quotes a string as a JSON string literal that is safe on one line and in a terminal. */
export function quote(text: string): string {
  const length = text.length;
  if (length < 64) {
    let plain = true;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code < 32 || code > 126 || code === 34 || code === 92) {
        plain = false;
        break;
      }
    }
    if (plain) return '"' + text + '"';
  }
  const json = JSON.stringify(text);
  return unsafeJsonTest.test(json) ? json.replace(unsafeJson, escapeChar) : json;
}

/** Escapes control, line-separator and bidi characters for the text formats. */
export function escapeText(text: string): string {
  return unsafeTextTest.test(text) ? text.replace(unsafeText, escapeChar) : text;
}

const bare = /^[^\s"=\\\p{C}]+$/u;

/** Whether `text` is written bare (unquoted) as a `key=value` token. */
export function isBare(text: string): boolean {
  return bare.test(text);
}

/** Renders a string for `key=value` text: bare when unambiguous, else a quoted JSON string. */
export function textToken(text: string): string {
  return bare.test(text) ? text : quote(text);
}

/**
 * How many leading UTF-16 units of `text` fit in `room` characters once escaped: as inside a
 * {@link quote} literal when `json`, else as {@link escapeText} writes them. Never ends between
 * the two halves of a surrogate pair.
 */
export function fitEscaped(text: string, room: number, json: boolean): number {
  const length = text.length;
  let used = 0;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    let width = 1;
    let units = 1;
    if (code < 32) {
      width = code === 9 || code === 10 || code === 13 || (json && (code === 8 || code === 12))
        ? 2
        : 6;
    } else if (code < 127) {
      if (json && (code === 34 || code === 92)) width = 2;
    } else if (code < 0xa0) {
      width = 6;
    } else if (code >= 0xd800 && code < 0xe000) {
      const next = text.charCodeAt(i + 1);
      if (code < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        width = 2;
        units = 2;
      } else if (json) {
        width = 6;
      }
    } else if (
      code === 0x200e || code === 0x200f || (code >= 0x2028 && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    ) {
      width = 6;
    }
    if (used + width > room) break;
    used += width;
    i += units;
  }
  return i;
}
