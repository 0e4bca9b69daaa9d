/**
 * Redaction: keys that name secrets and values that look like credentials.
 *
 * Key rule. The built-in rule is that of {@link isSecretKey} (see `secret_key.ts`);
 * `RedactOptions.keys` adds keys of your own.
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
import { isSecretKey, normaliseKey } from "./secret_key.ts";

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
    if (typeof k === "string") names.add(normaliseKey(k));
    else regexps.push(new RegExp(k.source, k.flags.replace("g", "")));
  }
  const extra = (options.patterns ?? []).map((p) =>
    new RegExp(p.source, p.flags.includes("g") ? p.flags : p.flags + "g")
  );
  const minLength = options.patterns?.length ? 0 : 8;
  const cache = new Map<string, boolean>();
  const decide = (key: string): boolean =>
    (defaults && isSecretKey(key)) || names.has(normaliseKey(key)) ||
    regexps.some((r) => r.test(key));
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
