/**
 * Redaction: keys that name secrets and values that look like credentials.
 *
 * Key rule. A key is split into lowercase words (`x-api-key` → `x api key`, `accessToken` →
 * `access token`); each word loses trailing digits and a plural `s` (`passwords1` → `password`).
 * The key is secret when a word contains `password`, `passwd`, `passphrase`, `secret`,
 * `authorization`, `cookie`, `credential`, `apikey` or `privatekey`, or is `bearer`; or when a
 * word is `key`, right after `api`, `private`, `secret`, `access`, `signing`, `encryption`,
 * `client`, `master` or `session`, or is one of those run together with `key` (`accesskey`); or
 * when a word is `token` or ends in it (`accesstoken`, `authtokens`) and no measurement word is
 * beside it or run into it. Measurement words are `input`, `output`, `prompt`, `completion`,
 * `total`, `max`, `min`, `num`, `cached`, `cache`, `reasoning`, `count`, `usage`, `used`,
 * `limit`, `budget`, `length`, `type` and `estimate`; so `accessToken`, `refresh_token`,
 * `tokens` and `x-auth-token` are redacted while `input_tokens`, `maxtokens`, `token_count` and
 * `token_type` stay visible.
 *
 * Value rule. Substrings that look like credentials are replaced by the censor: OpenAI and
 * Anthropic keys (`sk-…`), GitHub tokens (`ghp_…`, `github_pat_…`), AWS access key ids
 * (`AKIA…`, `ASIA…`), JWTs (`eyJ….….…`), Slack tokens (`xox?-…`), `Bearer …` credentials (the
 * scheme in any case), and the password in a URL (`postgres://user:[REDACTED]@host`). The rule
 * runs in time linear in the length of the text, whatever the text.
 *
 * @module
 */

import { redactCredentials } from "./_credentials.ts";
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

const anywhere = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "authorization",
  "cookie",
  "credential",
  "apikey",
  "privatekey",
];
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
    .split(/[^a-z0-9]+/)
    .map(stem);
}

/** A word without trailing digits and plural `s`: `passwords1` → `password`. */
function stem(word: string): string {
  const bare = word.replace(/[0-9]+$/, "");
  return bare.length > 3 && bare.endsWith("s") && !bare.endsWith("ss") ? bare.slice(0, -1) : bare;
}

/**
 * Applies the built-in key rule described in this module's documentation.
 *
 * @param key A metadata key as written.
 * @returns `true` when the key names a secret.
 *
 * @example
 * ```ts
 * import { isSecretKey } from "@jido/telemetry/logger";
 *
 * isSecretKey("x-api-key"); // true
 * isSecretKey("accessToken"); // true
 * isSecretKey("input_tokens"); // false
 * ```
 */
export function isSecretKey(key: string): boolean {
  // Word by word (`accessToken` → access, token), and as one lower-cased run, so mixed case
  // such as `PassWord` or `ToKeN` cannot split a secret word in two.
  return secretWords(words(key)) || secretRun(stem(normalise(key)));
}

const measurementList = [...measurements];

/** The rule on a whole key lower-cased and run together: `passwordhint`, `cachedinputtoken`. */
function secretRun(run: string): boolean {
  if (run.includes("bearer") || anywhere.some((name) => run.includes(name))) return true;
  if (run.endsWith("key") && keyQualifiers.has(run.slice(0, -3))) return true;
  if (!run.endsWith("token")) return false;
  const prefix = run.slice(0, -5);
  return !measurementList.some((word) => prefix.includes(word));
}

function secretWords(parts: readonly string[]): boolean {
  let token = false;
  let measured = false;
  for (let i = 0; i < parts.length; i++) {
    const word = parts[i];
    if (word === "bearer" || anywhere.some((name) => word.includes(name))) return true;
    if (word === "key" && i > 0 && keyQualifiers.has(parts[i - 1])) return true;
    if (word.endsWith("key") && keyQualifiers.has(word.slice(0, -3))) return true;
    if (word.endsWith("token")) {
      token = true;
      if (measurements.has(word.slice(0, -5))) measured = true;
    } else if (measurements.has(word)) {
      measured = true;
    }
  }
  return token && !measured;
}

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
 * import { createRedactor } from "@jido/telemetry/logger";
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
      if (defaults) out = redactCredentials(out, censor);
      for (const pattern of extra) {
        pattern.lastIndex = 0;
        out = out.replace(pattern, censor);
      }
      return out;
    },
  };
  return extra.length === 0 ? markPlain(redactor) : redactor;
}
