/**
 * Reads and validates an event catalog (`events.yaml`) into a model for the generator. Every
 * problem is collected with its file, line, column and field path; the model is returned only
 * when there are none.
 *
 * @module
 */

import { isMap, isScalar, type Node } from "yaml";
import type { Level } from "../src/levels.ts";
import { checkName } from "./_check.ts";
import { readEvent } from "./_event_reader.ts";
import { checkModuleNames, checkTaken, includedNames, readIncludes } from "./_include.ts";
import { type EventNames, maxEventNameLength, segmentPattern } from "./_names.ts";
import { formatProblem, type Problem, Source } from "./_yaml.ts";

/** A measurement of an event. */
export interface MeasurementModel {
  readonly name: string;
  readonly type: "integer" | "float";
  readonly unit: string;
  readonly required: boolean;
  readonly description: string;
  /** The OpenTelemetry attribute it maps to (`otel:`), if declared. */
  readonly otel?: string;
}

/** A metadata field of an event. */
export interface FieldModel {
  readonly name: string;
  readonly type: "string" | "integer" | "float" | "boolean" | "string[]" | "enum" | "object";
  readonly required: boolean;
  readonly values?: readonly string[];
  readonly description: string;
  /** The OpenTelemetry attribute it maps to (`otel:`), if declared. */
  readonly otel?: string;
}

/** An event of the catalog, with the identifiers the generator gives it. */
export interface EventModel {
  /** `["jido_coder_lib", "session", "start"]`. */
  readonly name: readonly string[];
  /** `"jido_coder_lib.session.start"`. */
  readonly key: string;
  /** `"SESSION_START"`. */
  readonly constant: string;
  /** `"SessionStart"`. */
  readonly pascal: string;
  /** The identifiers generated for the event. */
  readonly names: EventNames;
  readonly level: Level;
  readonly description: string;
  readonly measurements: readonly MeasurementModel[];
  readonly metadata: readonly FieldModel[];
}

/** A catalog named in `include:`, with its events. */
export interface IncludedCatalog {
  /** The name it is included by, e.g. `"standard"`. */
  readonly name: string;
  /** Its events, in its order. */
  readonly events: readonly EventModel[];
}

/** A validated catalog. */
export interface CatalogModel {
  readonly app: string;
  /** The catalogs of `include:`, in order. */
  readonly includes: readonly IncludedCatalog[];
  /** The catalog's own events, in file order. */
  readonly events: readonly EventModel[];
}

/** Options of {@link loadCatalog}. */
export interface LoadOptions {
  /** The catalogs `include:` may name, each loaded when named. @default {} */
  readonly includes?: Readonly<Record<string, () => CatalogModel>>;
  /**
   * Identifiers the generated module may not declare, each with who has it already, phrased to
   * follow the identifier (`"which @jido/telemetry exports"`). @default none
   */
  readonly reserved?: ReadonlyMap<string, string>;
}

/** Thrown by {@link loadCatalog} with every problem found. */
export class CatalogError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "CatalogError";
  }
}

const segmentRule = { pattern: segmentPattern, shape: "snake_case" };

/**
 * The most events a catalog may define (its included catalogs aside): enough for any
 * application, and it keeps generation within seconds and the module within a few megabytes.
 */
export const maxEvents = 2000;

/**
 * Validates catalog text.
 *
 * @param file The file name used in problems, e.g. `"events.yaml"`.
 * @param text The YAML text.
 * @param options The catalogs `include:` may name and the identifiers that are taken.
 * @returns The model.
 * @throws {CatalogError} With one problem per mistake, in file order.
 */
export function loadCatalog(file: string, text: string, options: LoadOptions = {}): CatalogModel {
  const src = new Source(file, text);
  const model = src.root === null ? undefined : readCatalog(src, src.root, options);
  if (src.problems.length > 0 || model === undefined) {
    const sorted = [...src.problems].sort((a, b) => a.line - b.line || a.column - b.column);
    const empty = { file, line: 1, column: 1, path: "", message: "The catalog is empty" };
    throw new CatalogError(sorted.length > 0 ? sorted : [empty]);
  }
  return model;
}

function readCatalog(src: Source, root: Node, options: LoadOptions): CatalogModel | undefined {
  const keys = ["version", "app", "include", "events"];
  const get = src.mapping(root, "", "the catalog", keys, ["app", "events"]);
  if (get === undefined) return undefined;
  const version = get("version");
  if (version !== undefined && !(isScalar(version) && version.value === 1)) {
    src.report(version, "version", `Unsupported catalog version at version (expected 1)`);
  }
  const appNode = get("app");
  const app = appNode === undefined ? undefined : src.string(appNode, "app");
  if (app !== undefined) {
    checkName(src, { node: appNode, path: "app" }, app, { ...segmentRule, what: `Name "${app}"` });
  }
  const includeNode = get("include");
  const includes = includeNode === undefined
    ? []
    : readIncludes(src, includeNode, options.includes ?? {});
  const reserved = options.reserved ?? new Map<string, string>();
  checkModuleNames(src, root, reserved);
  const taken = [includedNames(includes), reserved];
  const eventsNode = get("events");
  if (eventsNode === undefined) return undefined;
  if (isMap(eventsNode) && eventsNode.items.length > maxEvents) {
    const n = eventsNode.items.length;
    src.report(eventsNode, "events", `Too many events: ${n}, at most ${maxEvents}`);
    return undefined;
  }
  const events: EventModel[] = [];
  const ids = new Map<string, string>();
  for (const [key, node, keyNode] of src.entries(eventsNode, "events", "events")) {
    const path = `events.${key}`;
    const segments = key.split(".");
    let ok = segments.length >= 2;
    if (!ok) src.report(keyNode, path, `Event name "${key}" at ${path} must be "component.action"`);
    for (const s of segments) {
      const rule = { ...segmentRule, what: `Event name segment "${s}"` };
      ok = checkName(src, { node: keyNode, path }, s, rule) && ok;
    }
    if (ok && key.length > maxEventNameLength) {
      const why = `${key.length} characters; at most ${maxEventNameLength}`;
      src.report(keyNode, path, `Event name "${key}" at ${path} is too long (${why})`);
      ok = false;
    }
    const event = readEvent(src, node, path, [app ?? "app", ...segments]);
    if (event === undefined || !ok) continue;
    for (const id of [event.constant, event.pascal]) {
      const other = ids.get(id);
      if (other !== undefined) {
        src.report(
          keyNode,
          path,
          `Event "${key}" at ${path} generates the identifier ${id}, as "${other}" does; rename one`,
        );
      }
      ids.set(id, key);
    }
    checkTaken(src, { node: keyNode, path, key }, event, taken);
    events.push(event);
  }
  return app === undefined ? undefined : { app, includes, events };
}
