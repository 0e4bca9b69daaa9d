/**
 * The built-in key rule: which metadata keys name secrets.
 *
 * A key is secret when, lower-cased and without `-`, `_`, `.` and spaces, it contains
 * `password`, `passwd`, `passphrase`, `secret`, `authorization`, `cookie`, `credential`, `apikey`,
 * `privatekey` or `bearer` (`PassWord`, `x-api-key`, `openaiapikey`, `set-cookie`).
 *
 * Otherwise it is split into lowercase words (`x-api-key` → `x api key`, `accessToken` →
 * `access token`, `api:key` → `api key`); each word loses trailing digits and a plural `s`
 * (`keys1` → `key`). The key is secret when a word is `key`, right after `api`, `private`,
 * `access`, `signing`, `encryption`, `client`, `master` or `session`, or is one of those run
 * together with `key` (`accesskey`); or when a word is `token` or ends in it (`accesstoken`,
 * `authtokens`) and no measurement word is beside it or run into it. Measurement words are `input`, `output`, `prompt`, `completion`,
 * `total`, `max`, `min`, `num`, `cached`, `cache`, `reasoning`, `count`, `usage`, `used`,
 * `limit`, `budget`, `length`, `type`, `estimate`, `first` and `per`; so `accessToken`,
 * `refresh_token`, `tokens` and `x-auth-token` are redacted while `input_tokens`, `maxtokens`,
 * `token_count`, `token_type`, `time_to_first_token` and `tokens_per_second` stay visible.
 *
 * @module
 */

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
  "first",
  "per",
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
  return secretWords(words(key)) || secretRun(stem(normaliseKey(key)));
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

/**
 * `key` lower-cased, without `-`, `_`, `.` and spaces, as `RedactOptions.keys` strings are
 * compared. Internal: not exported from `mod.ts`.
 */
export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, "");
}
