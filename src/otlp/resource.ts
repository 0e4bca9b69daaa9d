/**
 * The resource every OTLP request describes (the service that sent it) and the instrumentation
 * scope of the library.
 *
 * @module
 */

import { envVar, runtimeName } from "../host.ts";
import { parsePairs } from "./_config.ts";
import { addAttribute, attributeValue, type KeyValue, newAttributes } from "./_json.ts";

/** An attribute value OTLP can carry: a primitive, or an array of one primitive type. */
export type OtlpAttributeValue =
  | string
  | number
  | boolean
  | readonly string[]
  | readonly number[]
  | readonly boolean[];

/** Attributes by key, e.g. `{ "service.name": "coder", "deployment.environment.name": "prod" }`. */
export type OtlpAttributes = Readonly<Record<string, OtlpAttributeValue>>;

/**
 * The library's name, sent as `telemetry.sdk.name` and as the instrumentation scope's name.
 *
 * @example
 * ```ts
 * import { otlpScope } from "@jido/telemetry/otlp";
 *
 * console.log(otlpScope.name, otlpScope.version); // "@jido/telemetry" "0.1.0"
 * ```
 */
export const otlpScope: { readonly name: string; readonly version: string } = Object.freeze({
  name: "@jido/telemetry",
  // The package's version (package.json and deno.json); a test holds them equal.
  version: "0.1.0",
});

/** Options of {@link otlpResource}. */
export interface OtlpResourceOptions {
  /**
   * `service.name`, over the environment's.
   * @default OTEL_SERVICE_NAME, else `service.name` in OTEL_RESOURCE_ATTRIBUTES, else
   *   `"unknown_service:<runtime>"` (`unknown_service:node`, `:deno`, `:bun`), or
   *   `"unknown_service"` in a browser
   */
  readonly serviceName?: string;
  /** More attributes, over the environment's and the defaults (but not over `serviceName`). */
  readonly attributes?: OtlpAttributes;
}

/**
 * The resource's attributes, as the OpenTelemetry SDKs assemble them: `service.name`,
 * `telemetry.sdk.language` (`"nodejs"` on Node, Deno and Bun, `"webjs"` in a browser),
 * `telemetry.sdk.name` and `telemetry.sdk.version`, then `OTEL_RESOURCE_ATTRIBUTES`
 * (`key=value` pairs, percent-decoded; discarded whole if one cannot be read, as the
 * specification says), then `OTEL_SERVICE_NAME`, then the options. Later sources win.
 *
 * @param options The service's name and more attributes.
 * @returns The attributes, in the order they are sent.
 * @example
 * ```ts
 * import { otlpResource } from "@jido/telemetry/otlp";
 *
 * const resource = otlpResource({ serviceName: "coder", attributes: { "host.arch": "arm64" } });
 * console.log(resource["service.name"], resource["telemetry.sdk.name"]); // "coder" "@jido/telemetry"
 * ```
 */
export function otlpResource(options: OtlpResourceOptions = {}): OtlpAttributes {
  return resolveResource(options, (message) => console.error(`[telemetry] OTLP: ${message}`));
}

/**
 * {@link otlpResource}, reporting an unreadable environment variable through `warn`. Internal to
 * the library: not exported from `mod.ts`.
 */
export function resolveResource(
  options: OtlpResourceOptions,
  warn: (message: string) => void,
): OtlpAttributes {
  const out: Record<string, OtlpAttributeValue> = {
    "service.name": runtimeName === "browser"
      ? "unknown_service"
      : `unknown_service:${runtimeName}`,
    "telemetry.sdk.language": runtimeName === "browser" ? "webjs" : "nodejs",
    "telemetry.sdk.name": otlpScope.name,
    "telemetry.sdk.version": otlpScope.version,
  };
  const raw = envVar("OTEL_RESOURCE_ATTRIBUTES");
  if (raw !== undefined && raw.trim() !== "") {
    const { pairs, invalid } = parsePairs(raw);
    if (invalid.length > 0) {
      warn(
        `OTEL_RESOURCE_ATTRIBUTES has entries that are not key=value (entries ${
          invalid.join(", ")
        }); the variable is ignored`,
      );
    } else {
      for (const [key, value] of pairs) out[key] = value;
    }
  }
  const envName = envVar("OTEL_SERVICE_NAME");
  if (envName !== undefined && envName.trim() !== "") out["service.name"] = envName.trim();
  if (options.attributes !== undefined) {
    for (const [key, value] of Object.entries(options.attributes)) out[key] = value;
  }
  if (options.serviceName !== undefined) out["service.name"] = options.serviceName;
  return Object.freeze(out);
}

/** A resource or scope's attributes as OTLP JSON. */
export function attributeList(
  attributes: OtlpAttributes,
): { attributes: KeyValue[]; droppedAttributesCount?: number } {
  const into = newAttributes();
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(attributes)) {
    addAttribute(into, seen, key, attributeValue(value));
  }
  return into.dropped > 0
    ? { attributes: into.list, droppedAttributesCount: into.dropped }
    : { attributes: into.list };
}

/** The `resource` member of a request, as JSON text. */
export function resourceJson(attributes: OtlpAttributes): string {
  return JSON.stringify(attributeList(attributes));
}

/** The library's scope, as JSON text. */
export const libraryScopeJson: string = JSON.stringify({
  name: otlpScope.name,
  version: otlpScope.version,
});
