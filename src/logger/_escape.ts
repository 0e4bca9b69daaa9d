// Private: which characters the formats escape, and how. This is the one list: the escaping
// regexps, the width of a character as written (which _fit.ts uses to cut strings to size) and
// the plain-string check of _plain.ts all derive from the table below.
//
// JSON output escapes what JSON.stringify escapes (quotes, backslash, C0 controls, lone
// surrogates) plus DEL, the C1 controls, U+2028/U+2029 and the bidirectional marks, embeddings,
// overrides and isolates, so a record stays one line and cannot drive a terminal that displays it.
// The text formats escape the same characters, and the C0 controls, as visible `\n`, `\t`,
// `\u001b` sequences; they leave quotes, backslashes and surrogates alone.

/** Escaped by every format as `\uXXXX`, beyond the C0 controls: DEL and C1, bidi, separators. */
const escapedRanges: readonly (readonly [number, number])[] = [
  [0x7f, 0x9f],
  [0x200e, 0x200f],
  [0x2028, 0x202e],
  [0x2066, 0x2069],
];

/** The C0 controls both formats write as a two-character escape (`\n`); JSON adds `\b`, `\f`. */
const shortText = new Set([9, 10, 13]);
const shortJson = new Set([8, 9, 10, 12, 13]);

/** Width as written of each UTF-16 unit below the end of the last range; 1 beyond. */
const jsonWidths = new Uint8Array(escapedRanges[escapedRanges.length - 1][1] + 1).fill(1);
const textWidths = new Uint8Array(jsonWidths.length).fill(1);
for (let code = 0; code < 32; code++) {
  jsonWidths[code] = shortJson.has(code) ? 2 : 6;
  textWidths[code] = shortText.has(code) ? 2 : 6;
}
jsonWidths[34] = 2; // \"
jsonWidths[92] = 2; // \\
for (const [first, last] of escapedRanges) {
  jsonWidths.fill(6, first, last + 1);
  textWidths.fill(6, first, last + 1);
}

/**
 * How many characters one UTF-16 unit takes once escaped: 1 when it is written as itself, 2 for
 * `\n`, `\"` and the like, 6 for `\uXXXX`; `json` for a JSON string literal, else for the text
 * formats. Surrogates count 1: a pair is written as itself, and JSON escapes a lone one (6),
 * which callers that cut text check for themselves.
 */
export function escapedWidth(code: number, json: boolean): number {
  const widths = json ? jsonWidths : textWidths;
  return code < widths.length ? widths[code] : 1;
}

function hex(code: number): string {
  return "\\u" + code.toString(16).padStart(4, "0");
}

const rangeClass = escapedRanges.map(([first, last]) => hex(first) + "-" + hex(last)).join("");
/** What `quote()` escapes on top of `JSON.stringify`. */
const unsafeJsonTest = new RegExp("[" + rangeClass + "]");
const unsafeJson = new RegExp(unsafeJsonTest.source, "g");
/** What `escapeText()` escapes: the C0 controls and the ranges. */
const unsafeTextTest = new RegExp("[" + hex(0) + "-" + hex(31) + rangeClass + "]");
const unsafeText = new RegExp(unsafeTextTest.source, "g");

function escapeChar(char: string): string {
  switch (char) {
    case "\n":
      return "\\n";
    case "\r":
      return "\\r";
    case "\t":
      return "\\t";
    default:
      return hex(char.charCodeAt(0));
  }
}

/** Quotes a string as a JSON string literal that is safe on one line and in a terminal. */
export function quote(text: string): string {
  const length = text.length;
  if (length < 64) {
    let plain = true;
    for (let i = 0; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code > 126 || jsonWidths[code] !== 1) {
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

/**
 * A bare token has no space, quote, `=`, backslash or character of Unicode category C. That
 * category holds every character the table above escapes (U+2028/U+2029 are spaces), so a bare
 * token is written as itself.
 */
const bare = /^[^\s"=\\\p{C}]+$/u;

/** Whether `text` is written bare (unquoted) as a `key=value` token. */
export function isBare(text: string): boolean {
  return bare.test(text);
}

/** Renders a string for `key=value` text: bare when unambiguous, else a quoted JSON string. */
export function textToken(text: string): string {
  return bare.test(text) ? text : quote(text);
}
