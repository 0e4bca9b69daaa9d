/**
 * `assertNoSecret()`: a secret must appear nowhere in what was captured, and the failure never
 * shows it.
 *
 * @module
 */

import { TelemetryAssertionError } from "./assertion_error.ts";
import { type Place, placesOf } from "./_sources.ts";

/** The secret's masked form: its first characters only when it is long, and its length. */
function mask(secret: string): string {
  const head = secret.length >= 12 ? [...secret].slice(0, 3).join("") : "";
  return `"${head}…" (${secret.length} characters)`;
}

/** The forms a secret takes in text: as it is and JSON-escaped. */
function formsOf(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  return [...new Set(forms)];
}

/** Where in `value` one of `forms` appears: paths of strings, keys and numbers, deeply. */
function search(value: unknown, forms: readonly string[], path: string, out: string[]): void {
  const seen = new Set<object>();
  const walk = (v: unknown, at: string): void => {
    if (out.length >= 20) return;
    if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") {
      const text = String(v);
      if (forms.some((f) => text.includes(f))) out.push(at);
      return;
    }
    if (typeof v === "symbol") return walk(v.description ?? "", at);
    if ((typeof v !== "object" && typeof v !== "function") || v === null) return;
    if (seen.has(v)) return;
    seen.add(v);
    if (v instanceof Uint8Array) return walk(new TextDecoder().decode(v), at);
    if (v instanceof ArrayBuffer) return walk(new TextDecoder().decode(v), at);
    if (v instanceof Error) {
      walk(v.message, `${at}.message`);
      walk(v.stack, `${at}.stack`);
      walk(v.cause, `${at}.cause`);
    }
    const entries: [unknown, unknown][] = v instanceof Map
      ? [...v]
      : v instanceof Set
      ? [...v].map((x, i) => [i, x])
      : Reflect.ownKeys(v)
        .filter((k) => !(v instanceof Error && ["message", "stack", "cause"].includes(String(k))))
        .map((k) => [k, readSafely(v, k)]);
    for (const [k, child] of entries) {
      const name = typeof k === "symbol" ? k.toString() : String(k);
      const childPath = `${at}${
        /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`
      }`;
      if (forms.some((f) => name.includes(f))) out.push(`${at} (a key)`);
      walk(child, childPath);
    }
  };
  walk(value, path);
}

function readSafely(object: object, key: string | symbol): unknown {
  try {
    return (object as Record<string | symbol, unknown>)[key];
  } catch {
    return undefined;
  }
}

/**
 * Throws if `secret` appears anywhere in the sources: captured events (deeply: metadata,
 * measurements), log lines, spans (metadata, attributes, error messages), or any string,
 * byte array or object given (e.g. OTLP request bodies a test receiver kept). The error names
 * each place it was found and shows the secret only masked.
 *
 * @param secret The secret, at least 4 characters long.
 * @param sources Captures from this module, strings, bytes, or any value searched deeply.
 * @throws {TelemetryAssertionError} Listing where the secret was found.
 * @throws {TypeError} If the secret is shorter than 4 characters: it would match by chance.
 * @example
 * ```ts
 * import { createLogger } from "@jido/telemetry/logger";
 * import { assertNoSecret, captureLogs } from "@jido/telemetry/testing";
 *
 * const logs = captureLogs();
 * createLogger(logs.loggerOptions).info("Calling", { api_key: "sk-live-0123456789abcdef" });
 * assertNoSecret("sk-live-0123456789abcdef", logs); // redacted: passes
 * ```
 */
export function assertNoSecret(secret: string, ...sources: unknown[]): void {
  if (typeof secret !== "string" || secret.length < 4) {
    throw new TypeError("The secret must be a string of at least 4 characters");
  }
  const forms = formsOf(secret);
  const found: string[] = [];
  sources.forEach((source, i) => {
    const places: Iterable<Place> = placesOf(source) ??
      [{ where: `source ${i + 1}`, value: source }];
    for (const place of places) search(place.value, forms, place.where, found);
  });
  if (found.length === 0) return;
  // A place is named by its keys and span names, which may hold the secret themselves.
  const hidden = (where: string) => {
    let out = where;
    for (const form of [...forms].sort((a, b) => b.length - a.length)) {
      if (form !== "") out = out.split(form).join("<secret>");
    }
    return out;
  };
  const listed = found.slice(0, 20).map((w) => `  ${hidden(w)}`).join("\n");
  throw new TelemetryAssertionError(
    `Secret ${mask(secret)} found in ${found.length}${found.length >= 20 ? "+" : ""} ${
      found.length === 1 ? "place" : "places"
    }:\n${listed}`,
  );
}
