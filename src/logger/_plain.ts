// Private: the one pass that lets the JSON format write a string as `"text"` without calling the
// redactor or the escaper. A string is plain when
//
// - every character is one `quote()` leaves alone (`escapedWidth()` of _escape.ts is 1), and not
//   a surrogate (pairs are left alone too, but are not worth checking here); and
// - the built-in value rule of redact.ts cannot match in it: no `sk-`, `gh[pousr]_`,
//   `github_pat_`, `AKIA`, `ASIA`, `eyJ`, `xox` or `bearer` (in any case) at a word start (each
//   credential pattern begins at a word start with one of these literals), and no `://`.
//
// The check over-approximates: a string that merely could match goes the slow way, through the
// redactor's patterns. Keep this list in step with _credentials.ts; a property test compares the
// two.

import { escapedWidth } from "./_escape.ts";
import type { Redactor } from "./redact.ts";

const wordChar = 1;
const maybeSecret = 2;
const escaped = 4;

/** Per ASCII code: a `\w` character, a possible credential start, a character JSON escapes. */
const classes = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  let flags = /\w/.test(char) ? wordChar : 0;
  if ("sgAexBb:".includes(char)) flags |= maybeSecret;
  if (escapedWidth(code, true) !== 1) flags |= escaped;
  classes[code] = flags;
}

function at(text: string, index: number, literal: string): boolean {
  return text.startsWith(literal, index);
}

/** Whether a built-in credential pattern could start at `index`, where `code` is. */
function secretAt(text: string, index: number, code: number, afterWord: boolean): boolean {
  if (code === 58) return at(text, index + 1, "//"); // `://` of a URL with a password
  if (afterWord) return false; // every other pattern starts at a word boundary
  const next = text.charCodeAt(index + 1);
  switch (code) {
    case 115: // s
      return next === 107 && text.charCodeAt(index + 2) === 45; // sk-
    case 103: // g
      return (next === 104 && "pousr".includes(text.charAt(index + 2)) &&
        text.charCodeAt(index + 3) === 95) || (next === 105 && at(text, index, "github_pat_"));
    case 65: // A
      return (next === 75 || next === 83) && at(text, index + 2, "IA"); // AKIA, ASIA
    case 101: // e
      return next === 121 && text.charCodeAt(index + 2) === 74; // eyJ
    case 120: // x
      return next === 111 && text.charCodeAt(index + 2) === 120; // xox
    default: // B, b
      return text.slice(index + 1, index + 6).toLowerCase() === "earer";
  }
}

/**
 * Tells whether `text` is written unchanged between quotes by the JSON format when the redactor
 * is a built-in one (see {@link trustsPlain}).
 */
export function isPlain(text: string): boolean {
  let afterWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) {
      const flags = classes[code];
      if (flags > wordChar) {
        if (flags & escaped) return false;
        if (secretAt(text, i, code, afterWord)) return false;
      }
      afterWord = (flags & wordChar) !== 0;
    } else if ((code >= 0xd800 && code < 0xe000) || escapedWidth(code, true) !== 1) {
      return false;
    } else {
      afterWord = false;
    }
  }
  return true;
}

const trusted = new WeakSet<Redactor>();

/** Records that `redactor.text()` changes only strings that {@link isPlain} rejects. */
export function markPlain(redactor: Redactor): Redactor {
  trusted.add(redactor);
  return redactor;
}

/** Whether plain strings may skip `redactor.text()`; false for custom patterns and redactors. */
export function trustsPlain(redactor: Redactor): boolean {
  return trusted.has(redactor);
}
