/**
 * Redaction: keys that name secrets and values that look like credentials.
 *
 * Key rule. A key is split into lowercase words (`x-api-key` → `x api key`, `accessToken` →
 * `access token`) and is secret when it has one of the words `password`, `passwd`,
 * `passphrase`, `secret`, `authorization`, `cookie`, `credential(s)`, `apikey`, `privatekey`;
 * or the word `key` right after `api`, `private`, `secret`, `access`, `signing`, `encryption`,
 * `client`, `master` or `session`; or the singular word `token` with no measurement word
 * beside it. Measurement words are `input`, `output`, `prompt`, `completion`, `total`, `max`,
 * `min`, `num`, `cached`, `cache`, `reasoning`, `count`, `usage`, `used`, `limit`, `budget`,
 * `length`, `type` and `estimate`; so `accessToken`, `refresh_token` and `x-auth-token` are
 * redacted while `input_tokens`, `token_count` and `token_type` stay visible.
 *
 * Value rule. Substrings that look like credentials are replaced by the censor: OpenAI and
 * Anthropic keys (`sk-…`), GitHub tokens (`ghp_…`, `github_pat_…`), AWS access key ids
 * (`AKIA…`, `ASIA…`), JWTs (`eyJ….….…`), Slack tokens (`xox?-…`), `Bearer …` credentials, and
 * the password in a URL (`postgres://user:[REDACTED]@host`).
 *
 * @module
 */

import { markPlain } from "./_plain.ts";

/** How a logger redacts secrets. */
export interface RedactOptions {
  /**
   * More keys to redact. A string matches a key case-insensitively, ignoring `-`, `_`, `.` and
   * spaces (`"sessionKey"` matches `session_key`); a RegExp is tested on the key as written.
   * @default []
   */
  readonly keys?: readonly (string | RegExp)[];
  /**
   * More value patterns. Every match in a string value or message is replaced by the censor.
   * @default []
   */
  readonly patterns?: readonly RegExp[];
  /**
   * Whether the built-in key and value rules apply.
   * @default true
   */
  readonly defaults?: boolean;
  /**
   * The text that replaces a secret.
   * @default "[REDACTED]"
   */
  readonly censor?: string;
}

/** A compiled redaction policy. */
export interface Redactor {
  /** The text that replaces a secret. */
  readonly censor: string;
  /** Tells whether the value under `key` must be hidden. */
  key(key: string): boolean;
  /** Returns `text` with credential-looking substrings replaced by the censor. */
  text(text: string): string;
}

const anywhere = new Set([
  "password",
  "passwd",
  "passphrase",
  "secret",
  "authorization",
  "cookie",
  "credential",
  "credentials",
  "apikey",
  "privatekey",
]);
const keyQualifiers = new Set([
  "api",
  "private",
  "secret",
  "access",
  "signing",
  "encryption",
  "client",
  "master",
  "session",
]);
const measurements = new Set([
  "input",
  "output",
  "prompt",
  "completion",
  "total",
  "max",
  "min",
  "num",
  "cached",
  "cache",
  "reasoning",
  "count",
  "usage",
  "used",
  "limit",
  "budget",
  "length",
  "type",
  "estimate",
]);

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
}

/**
 * Applies the built-in key rule described in this module's documentation.
 *
 * @param key A metadata key as written.
 * @returns `true` when the key names a secret.
 *
 * @example
 * ```ts
 * import { isSecretKey } from "@jido/telemetry";
 *
 * isSecretKey("x-api-key"); // true
 * isSecretKey("accessToken"); // true
 * isSecretKey("input_tokens"); // false
 * ```
 */
export function isSecretKey(key: string): boolean {
  const parts = words(key);
  let token = false;
  let measured = false;
  for (let i = 0; i < parts.length; i++) {
    const word = parts[i];
    if (anywhere.has(word)) return true;
    if (word === "key" && i > 0 && keyQualifiers.has(parts[i - 1])) return true;
    if (word === "token") token = true;
    else if (measurements.has(word)) measured = true;
  }
  return token && !measured;
}

// Every pattern starts with `\b` and a literal that `isPlain()` in _plain.ts looks for: keep the
// two in step.
const credentials = new RegExp(
  [
    String.raw`\bsk-[A-Za-z0-9_-]{8,}`,
    String.raw`\bgh[pousr]_[A-Za-z0-9]{16,}`,
    String.raw`\bgithub_pat_[A-Za-z0-9_]{16,}`,
    String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`,
    String.raw`\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*`,
    String.raw`\bxox[abposr]-[A-Za-z0-9-]{10,}`,
    String.raw`\b[Bb]earer\s+[A-Za-z0-9._~+/=-]{6,}`,
  ].join("|"),
  "g",
);
const credentialTest = new RegExp(credentials.source);
const urlPassword = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^/\s@]+@/g;

function normalise(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, "");
}

/**
 * Compiles redaction options into a {@link Redactor}. Key verdicts are cached, so a key costs
 * one map lookup after its first use.
 *
 * @param options The policy, or `false` to redact nothing.
 * @returns The compiled policy.
 *
 * @example
 * ```ts
 * import { createRedactor } from "@jido/telemetry";
 *
 * const redactor = createRedactor({ keys: ["session_key"] });
 * redactor.key("sessionKey"); // true
 * redactor.text("use sk-abcdefgh12345678"); // "use [REDACTED]"
 * ```
 */
export function createRedactor(options: RedactOptions | false = {}): Redactor {
  if (options === false) {
    return markPlain({ censor: "[REDACTED]", key: () => false, text: (t) => t });
  }
  const censor = options.censor ?? "[REDACTED]";
  const defaults = options.defaults ?? true;
  const names = new Set<string>();
  const regexps: RegExp[] = [];
  for (const k of options.keys ?? []) {
    if (typeof k === "string") names.add(normalise(k));
    else regexps.push(new RegExp(k.source, k.flags.replace("g", "")));
  }
  const extra = (options.patterns ?? []).map((p) =>
    new RegExp(p.source, p.flags.includes("g") ? p.flags : p.flags + "g")
  );
  const minLength = options.patterns?.length ? 0 : 8;
  const cache = new Map<string, boolean>();
  const decide = (key: string): boolean =>
    (defaults && isSecretKey(key)) || names.has(normalise(key)) || regexps.some((r) => r.test(key));
  const redactor: Redactor = {
    censor,
    key(key) {
      let verdict = cache.get(key);
      if (verdict === undefined) {
        verdict = decide(key);
        if (key.length > 256) return verdict; // bounded in bytes too, not only in entries
        if (cache.size >= 4096) cache.clear();
        cache.set(key, verdict);
      }
      return verdict;
    },
    text(text) {
      if (text.length < minLength) return text;
      let out = text;
      if (defaults) {
        if (credentialTest.test(out)) out = out.replace(credentials, censor);
        if (out.includes("://")) out = out.replace(urlPassword, (_m, head) => head + censor + "@");
      }
      for (const pattern of extra) {
        pattern.lastIndex = 0;
        out = out.replace(pattern, censor);
      }
      return out;
    },
  };
  return extra.length === 0 ? markPlain(redactor) : redactor;
}
