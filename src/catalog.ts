/**
 * The run-time shape of the event catalog.
 *
 * `events.yaml` is compiled by `codegen/` into `src/events.generated.ts`, which exports a
 * `catalog` value of type {@link Catalog}. Handlers and reporters read levels, units and field
 * types from it at run time; nothing at run time parses YAML.
 *
 * @module
 */

import type { Level } from "./levels.ts";

export type { Level };

/** The numeric type of a measurement. Both are JavaScript `number`s at run time. */
export type MeasurementType = "integer" | "float";

/** The type of a metadata field, as written in `events.yaml`. */
export type MetadataType =
  | "string"
  | "integer"
  | "float"
  | "boolean"
  | "string[]"
  | "enum"
  | "object";

/** One measurement of an event: a number with a unit. */
export interface MeasurementSpec {
  /** The measurement's key in the measurements object, e.g. `"duration"`. */
  readonly name: string;
  /** `"integer"` or `"float"`. */
  readonly type: MeasurementType;
  /** The unit, e.g. `"millisecond"`, `"token"`, `"byte"`, `"1"` for a plain count. */
  readonly unit: string;
  /** Whether every emission carries the measurement (`required: false` in the catalog if not). */
  readonly required: boolean;
  /** What the measurement means, from `events.yaml`. */
  readonly description: string;
  /**
   * The OpenTelemetry attribute the measurement maps to (`otel:` in the catalog), e.g.
   * `"gen_ai.usage.input_tokens"`: exporters name it so.
   */
  readonly otel?: string;
}

/** One metadata field of an event. */
export interface MetadataSpec {
  /** The field's key in the metadata object, e.g. `"session_id"`. */
  readonly name: string;
  /** The field's type. */
  readonly type: MetadataType;
  /** Whether every emission must carry the field. */
  readonly required: boolean;
  /** The allowed values, for `type: "enum"` only. */
  readonly values?: readonly string[];
  /** What the field means, from `events.yaml`. */
  readonly description: string;
  /** The OpenTelemetry attribute the field maps to (`otel:` in the catalog), e.g. `"gen_ai.request.model"`. */
  readonly otel?: string;
}

/** One event of the catalog. */
export interface EventSpec {
  /** The event name as an array, e.g. `["jido_coder_lib", "session", "start"]`. */
  readonly name: readonly string[];
  /** The event name joined with dots, e.g. `"jido_coder_lib.session.start"`. */
  readonly key: string;
  /** The level at which the log handler logs this event. */
  readonly level: Level;
  /** What the event means, from `events.yaml`. */
  readonly description: string;
  /** The event's measurements, in catalog order. */
  readonly measurements: readonly MeasurementSpec[];
  /** The event's metadata fields, in catalog order. */
  readonly metadata: readonly MetadataSpec[];
}

/** The whole catalog: the app prefix and every event. */
export interface Catalog {
  /** The first segment of every event name, e.g. `"jido_coder_lib"`. */
  readonly app: string;
  /** Every event, in catalog order. */
  readonly events: readonly EventSpec[];
}

/**
 * Deep-freezes a catalog value; the generated `catalog` is built with it so no handler can
 * change levels or units at run time.
 *
 * @param catalog The catalog literal.
 * @returns The same object, frozen all the way down.
 * @example
 * ```ts
 * import { defineCatalog } from "@jido/telemetry";
 *
 * const c = defineCatalog({ app: "app", events: [] });
 * console.log(Object.isFrozen(c.events)); // true
 * ```
 */
export function defineCatalog<T extends Catalog>(catalog: T): T {
  const freeze = (value: unknown): void => {
    if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
    Object.freeze(value);
    for (const child of Object.values(value)) freeze(child);
  };
  freeze(catalog);
  return catalog;
}
