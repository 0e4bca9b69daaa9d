/**
 * Reads and validates an event catalog (`events.yaml`) into a model for the generator. Every
 * problem is collected with its file, line, column and field path; the model is returned only
 * when there are none.
 *
 * @module
 */

import { isMap, isScalar, type Node } from "yaml";
import { constantCase, fieldPattern, pascalCase, reservedWords, segmentPattern } from "./_names.ts";
import { formatProblem, type Problem, Source } from "./_yaml.ts";

/** A measurement of an event. */
export interface MeasurementModel {
  readonly name: string;
  readonly type: "integer" | "float";
  readonly unit: string;
  readonly required: boolean;
  readonly description: string;
}

/** A metadata field of an event. */
export interface FieldModel {
  readonly name: string;
  readonly type: "string" | "integer" | "float" | "boolean" | "string[]" | "enum" | "object";
  readonly required: boolean;
  readonly values?: readonly string[];
  readonly description: string;
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
  readonly level: "debug" | "info" | "warn" | "error";
  readonly description: string;
  readonly measurements: readonly MeasurementModel[];
  readonly metadata: readonly FieldModel[];
}

/** A validated catalog. */
export interface CatalogModel {
  readonly app: string;
  readonly events: readonly EventModel[];
}

/** Thrown by {@link loadCatalog} with every problem found. */
export class CatalogError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "CatalogError";
  }
}

const levels = ["debug", "info", "warn", "error"] as const;
const measurementTypes = ["integer", "float"] as const;
const fieldTypes = ["string", "integer", "float", "boolean", "string[]", "enum", "object"] as const;

function oneOf<T extends string>(allowed: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (allowed as readonly string[]).includes(value);
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

/**
 * Validates catalog text.
 *
 * @param file The file name used in problems, e.g. `"events.yaml"`.
 * @param text The YAML text.
 * @returns The model.
 * @throws {CatalogError} With one problem per mistake.
 */
export function loadCatalog(file: string, text: string): CatalogModel {
  const src = new Source(file, text);
  const model = src.root === null ? undefined : readCatalog(src, src.root);
  if (src.problems.length > 0 || model === undefined) {
    const sorted = src.problems.toSorted((a, b) => a.line - b.line || a.column - b.column);
    throw new CatalogError(
      sorted.length > 0 ? sorted : [{
        file,
        line: 1,
        column: 1,
        path: "",
        message: "The catalog is empty",
      }],
    );
  }
  return model;
}

function checkKeys(
  src: Source,
  entries: [string, Node, Node][],
  path: string,
  allowed: readonly string[],
) {
  for (const [name, , key] of entries) {
    if (!allowed.includes(name)) {
      src.report(
        key,
        `${path}.${name}`.replace(/^\./, ""),
        `Unknown key "${name}" at ${path || "the top level"} (expected one of ${
          quoteList(allowed)
        })`,
      );
    }
  }
}

function required(
  src: Source,
  entries: [string, Node, Node][],
  owner: Node,
  path: string,
  names: readonly string[],
) {
  for (const name of names) {
    if (!entries.some(([n]) => n === name)) {
      src.report(owner, path, `Missing "${name}" at ${path || "the top level"}`);
    }
  }
}

function readCatalog(src: Source, root: Node): CatalogModel | undefined {
  const top = src.entries(root, "", "the catalog");
  if (!isMap(root)) return undefined;
  checkKeys(src, top, "", ["version", "app", "events"]);
  required(src, top, root, "", ["app", "events"]);
  const get = (name: string) => top.find(([n]) => n === name)?.[1];
  const version = get("version");
  if (version !== undefined && !(version && "value" in version && version.value === 1)) {
    src.report(version, "version", `Unsupported catalog version at version (expected 1)`);
  }
  const app = get("app") === undefined ? undefined : src.string(get("app"), "app");
  if (app !== undefined) checkName(src, get("app"), "app", app, segmentPattern, "snake_case");
  const events: EventModel[] = [];
  const eventsNode = get("events");
  if (eventsNode === undefined) return undefined;
  const ids = new Map<string, string>();
  for (const [key, node, keyNode] of src.entries(eventsNode, "events", "events")) {
    const path = `events.${key}`;
    const segments = key.split(".");
    let ok = segments.length >= 2;
    if (!ok) src.report(keyNode, path, `Event name "${key}" at ${path} must be "component.action"`);
    for (const s of segments) {
      ok = checkName(
        src,
        keyNode,
        path,
        s,
        segmentPattern,
        "snake_case",
        `Event name segment "${s}"`,
      ) && ok;
    }
    const event = readEvent(src, node, path, app ?? "app", segments);
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
    events.push(event);
  }
  return app === undefined ? undefined : { app, events };
}

function checkName(
  src: Source,
  node: Node | undefined,
  path: string,
  name: string,
  pattern: RegExp,
  shape: string,
  what = `Name "${name}"`,
): boolean {
  if (reservedWords.has(name)) {
    src.report(node, path, `${what} at ${path} is a reserved word`);
    return false;
  }
  if (!pattern.test(name)) {
    src.report(node, path, `${what} at ${path} is not a valid ${shape} identifier`);
    return false;
  }
  return true;
}

function readEvent(
  src: Source,
  node: Node,
  path: string,
  app: string,
  segments: string[],
): EventModel | undefined {
  const entries = src.entries(node, path, `event ${path}`);
  if (!isMap(node)) return undefined;
  checkKeys(src, entries, path, ["description", "level", "measurements", "metadata"]);
  required(src, entries, node, path, ["description", "level"]);
  const get = (name: string) => entries.find(([n]) => n === name)?.[1];
  const description = get("description") && src.string(get("description"), `${path}.description`);
  const levelNode = get("level");
  const level = levelNode && src.string(levelNode, `${path}.level`);
  if (level !== undefined && !oneOf(levels, level)) {
    src.report(
      levelNode,
      `${path}.level`,
      `Unknown level "${level}" for ${path}.level (expected one of ${quoteList(levels)})`,
    );
  }
  const measurements: MeasurementModel[] = [];
  const mNode = get("measurements");
  if (mNode !== undefined && !isEmpty(mNode)) {
    for (const [name, value, key] of src.entries(mNode, `${path}.measurements`, "measurements")) {
      const m = readMeasurement(src, value, `${path}.measurements.${name}`, name, key);
      if (m !== undefined) measurements.push(m);
    }
  }
  const metadata: FieldModel[] = [];
  const dNode = get("metadata");
  if (dNode !== undefined && !isEmpty(dNode)) {
    for (const [name, value, key] of src.entries(dNode, `${path}.metadata`, "metadata")) {
      const f = readField(src, value, `${path}.metadata.${name}`, name, key);
      if (measurements.some((m) => m.name === name)) {
        src.report(
          key,
          `${path}.metadata.${name}`,
          `Metadata field "${name}" at ${path}.metadata.${name} has the name of a measurement; log lines would merge them`,
        );
      } else if (f !== undefined) metadata.push(f);
    }
  }
  if (description === undefined || !oneOf(levels, level)) return undefined;
  const rest = segments;
  return {
    name: [app, ...rest],
    key: [app, ...rest].join("."),
    constant: constantCase(rest),
    pascal: pascalCase(rest),
    level,
    description,
    measurements,
    metadata,
  };
}

function isEmpty(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

const unitPattern = /^(?:1|[a-z][a-z0-9_]*)$/;
const unitAbbreviations: Readonly<Record<string, string>> = {
  ns: "nanosecond",
  us: "microsecond",
  ms: "millisecond",
  msec: "millisecond",
  s: "second",
  sec: "second",
  b: "byte",
  bytes: "byte",
  kb: "kilobyte",
  mb: "megabyte",
  gb: "gigabyte",
  tokens: "token",
};

/** Checks a unit name: lowercase words (`millisecond`, `byte`, `token`) or `1` for a count. */
function checkUnit(src: Source, node: Node | undefined, path: string, unit: string): boolean {
  const full = unitAbbreviations[unit.toLowerCase()];
  if (full !== undefined) {
    src.report(node, path, `Unit "${unit}" for ${path} is an abbreviation; write "${full}"`);
    return false;
  }
  if (!unitPattern.test(unit)) {
    src.report(
      node,
      path,
      `Unit ${
        JSON.stringify(unit)
      } for ${path} is not a unit name (lowercase words such as millisecond, byte or token, or 1 for a count)`,
    );
    return false;
  }
  return true;
}

function readMeasurement(
  src: Source,
  node: Node,
  path: string,
  name: string,
  key: Node,
): MeasurementModel | undefined {
  const nameOk = checkName(
    src,
    key,
    path,
    name,
    fieldPattern,
    "measurement",
    `Measurement name "${name}"`,
  );
  const entries = src.entries(node, path, `measurement ${path}`);
  if (!isMap(node)) return undefined;
  checkKeys(src, entries, path, ["type", "unit", "description", "required"]);
  required(src, entries, node, path, ["type", "unit", "description"]);
  const get = (k: string) => entries.find(([n]) => n === k)?.[1];
  const typeNode = get("type");
  const type = typeNode && src.string(typeNode, `${path}.type`);
  if (type !== undefined && !oneOf(measurementTypes, type)) {
    const why = oneOf(fieldTypes, type) ? "is not numeric" : "is unknown";
    src.report(
      typeNode,
      `${path}.type`,
      `Measurement type "${type}" for ${path} ${why} (expected "integer" or "float")`,
    );
  }
  const unitText = get("unit") && src.string(get("unit"), `${path}.unit`);
  const unit = unitText !== undefined && checkUnit(src, get("unit"), `${path}.unit`, unitText)
    ? unitText
    : undefined;
  const description = get("description") && src.string(get("description"), `${path}.description`);
  const req = get("required") === undefined
    ? true
    : src.boolean(get("required"), `${path}.required`);
  if (
    !nameOk || !oneOf(measurementTypes, type) || unit === undefined || description === undefined ||
    req === undefined
  ) return undefined;
  return { name, type, unit, required: req, description };
}

function readField(
  src: Source,
  node: Node,
  path: string,
  name: string,
  key: Node,
): FieldModel | undefined {
  const nameOk = checkName(
    src,
    key,
    path,
    name,
    fieldPattern,
    "metadata field",
    `Metadata field name "${name}"`,
  );
  const entries = src.entries(node, path, `metadata field ${path}`);
  if (!isMap(node)) return undefined;
  checkKeys(src, entries, path, ["type", "required", "description", "values"]);
  required(src, entries, node, path, ["type", "description"]);
  const get = (k: string) => entries.find(([n]) => n === k)?.[1];
  const typeNode = get("type");
  const type = typeNode && src.string(typeNode, `${path}.type`);
  if (type !== undefined && !oneOf(fieldTypes, type)) {
    src.report(
      typeNode,
      `${path}.type`,
      `Unknown metadata type "${type}" for ${path} (expected one of ${quoteList(fieldTypes)})`,
    );
  }
  const description = get("description") && src.string(get("description"), `${path}.description`);
  const req = get("required") === undefined
    ? false
    : src.boolean(get("required"), `${path}.required`);
  const valuesNode = get("values");
  let values: string[] | undefined;
  if (type === "enum") {
    if (valuesNode === undefined) src.report(node, path, `Missing "values" for enum ${path}`);
    else values = readValues(src, valuesNode, `${path}.values`);
  } else if (valuesNode !== undefined) {
    src.report(
      valuesNode,
      `${path}.values`,
      `"values" at ${path} is only allowed with type "enum"`,
    );
  }
  if (!nameOk || !oneOf(fieldTypes, type) || description === undefined || req === undefined) {
    return undefined;
  }
  if (type === "enum" && values === undefined) return undefined;
  return values === undefined
    ? { name, type, required: req, description }
    : { name, type, required: req, values, description };
}

function readValues(src: Source, node: Node, path: string): string[] | undefined {
  const items = src.items(node, path);
  if (items === undefined) return undefined;
  if (items.length === 0) {
    src.report(node, path, `Enum ${path} needs at least one value`);
    return undefined;
  }
  const values: string[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const v = src.string(item, `${path}[${i}]`);
    if (v === undefined) ok = false;
    else if (values.includes(v)) {
      src.report(item, `${path}[${i}]`, `Duplicate enum value "${v}" at ${path}[${i}]`);
      ok = false;
    } else values.push(v);
  });
  return ok ? values : undefined;
}
