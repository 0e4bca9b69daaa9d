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

/** Renders a string for `key=value` text: bare when unambiguous, else a quoted JSON string. */
export function textToken(text: string): string {
  return bare.test(text) ? text : quote(text);
}
