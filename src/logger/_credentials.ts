// Private: the built-in value rule of redact.ts, in time linear in the text's length whatever it
// holds. The patterns whose every start either consumes its run or gives up within a few
// characters stay regular expressions; the two that could rescan a long run from each of many
// starts (JWTs, `-eyJ-eyJ…`; URL passwords, `a.a.a…://`) are scanners that visit each character
// a bounded number of times. Every pattern starts at a word start with a literal that `isPlain()`
// in _plain.ts looks for: keep the two in step.

const patterns = new RegExp(
  [
    String.raw`\bsk-[A-Za-z0-9_-]{8,}`,
    String.raw`\bgh[pousr]_[A-Za-z0-9]{16,}`,
    String.raw`\bgithub_pat_[A-Za-z0-9_]{16,}`,
    String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`,
    String.raw`\bxox[abposr]-[A-Za-z0-9-]{10,}`,
    String.raw`\b[Bb][Ee][Aa][Rr][Ee][Rr]\s+[A-Za-z0-9._~+/=-]{6,}`,
  ].join("|"),
  "g",
);
const patternTest = new RegExp(patterns.source);

/** `[A-Za-z0-9_]`, what `\b` calls a word character. */
function isWord(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) || code === 95;
}

/** `[A-Za-z0-9_-]`, the base64url alphabet of a JWT. */
function isBase64Url(code: number): boolean {
  return isWord(code) || code === 45;
}

/** What `\s` matches. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** The end of the run of base64url characters starting at `from`. */
function runEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isBase64Url(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Replaces JWTs, `\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*`. A start that fails
 * fails for every later start in the same run (they share its end), so the search resumes there.
 */
function replaceJwts(text: string, censor: string): string {
  let start = text.indexOf("eyJ");
  if (start < 0) return text;
  let out = "";
  let last = 0;
  while (start >= 0) {
    if (start > 0 && isWord(text.charCodeAt(start - 1))) {
      start = text.indexOf("eyJ", start + 1);
      continue;
    }
    const header = runEnd(text, start + 3);
    if (header - start - 3 >= 5 && text.charCodeAt(header) === 46) {
      const payload = runEnd(text, header + 1);
      if (payload - header - 1 >= 5 && text.charCodeAt(payload) === 46) {
        const end = runEnd(text, payload + 1);
        out += text.slice(last, start) + censor;
        last = end;
        start = text.indexOf("eyJ", end);
        continue;
      }
    }
    start = text.indexOf("eyJ", header);
  }
  return out + text.slice(last);
}

/** `[a-z0-9+.-]`, the characters of a URL scheme after its first letter. */
function isScheme(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 43 ||
    code === 45 || code === 46;
}

/**
 * Replaces the password of URLs, `\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^/\s@]+@` keeping the
 * group and the `@`. Each `://` is tried once: every start of its scheme reaches the same `://`,
 * and the user and password scans stop at the next `/`.
 */
function replaceUrlPasswords(text: string, censor: string): string {
  let at = text.indexOf("://");
  if (at < 0) return text;
  let out = "";
  let last = 0;
  while (at >= 0) {
    let from = at;
    while (from > last && isScheme(text.charCodeAt(from - 1))) from--;
    let scheme = false;
    for (let i = from; i < at && !scheme; i++) {
      const code = text.charCodeAt(i);
      scheme = code >= 97 && code <= 122 && (i === 0 || !isWord(text.charCodeAt(i - 1)));
    }
    if (scheme) {
      let i = at + 3;
      for (let code = text.charCodeAt(i); i < text.length; code = text.charCodeAt(++i)) {
        if (code === 47 || code === 58 || code === 64 || isSpace(code)) break;
      }
      if (text.charCodeAt(i) === 58) {
        const password = i + 1;
        let j = password;
        for (let code = text.charCodeAt(j); j < text.length; code = text.charCodeAt(++j)) {
          if (code === 47 || code === 64 || isSpace(code)) break;
        }
        if (j > password && text.charCodeAt(j) === 64) {
          out += text.slice(last, password) + censor;
          last = j;
          at = text.indexOf("://", j);
          continue;
        }
      }
    }
    at = text.indexOf("://", at + 1);
  }
  return out + text.slice(last);
}

/** `text` with every credential the built-in value rule knows replaced by `censor`. */
export function redactCredentials(text: string, censor: string): string {
  let out = text.includes("eyJ") ? replaceJwts(text, censor) : text;
  if (patternTest.test(out)) out = out.replace(patterns, censor);
  return out.includes("://") ? replaceUrlPasswords(out, censor) : out;
}
