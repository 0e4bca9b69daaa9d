/**
 * Readers of an event's measurements and metadata fields (and enum values and units).
 *
 * @module
 */

import type { Node } from "yaml";
import type { FieldModel, MeasurementModel } from "./catalog.ts";
import { checkName, oneOf, quoteList } from "./_check.ts";
import { fieldPattern } from "./_names.ts";
import type { Source } from "./_yaml.ts";
import { GENAI_SEMCONV_VERSION, otelAttributes } from "../src/semconv.ts";

const measurementTypes = ["integer", "float"] as const;
const fieldTypes = ["string", "integer", "float", "boolean", "string[]", "enum", "object"] as const;

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
    const hint = "lowercase words such as millisecond, byte or token, or 1 for a count";
    src.report(node, path, `Unit ${JSON.stringify(unit)} for ${path} is not a unit name (${hint})`);
    return false;
  }
  return true;
}

/** The attribute types a catalog type may map to. */
const compatible: Readonly<Record<string, readonly string[]>> = {
  integer: ["int", "double", "any"],
  float: ["double", "any"],
  string: ["string", "any"],
  enum: ["string", "any"],
  boolean: ["boolean", "any"],
  "string[]": ["string[]", "any"],
  object: ["any"],
};

/** Reads `otel:`, the OpenTelemetry attribute a field maps to; `null` when it is not valid. */
function readOtel(
  src: Source,
  node: Node | undefined,
  path: string,
  type: string | undefined,
): string | undefined | null {
  if (node === undefined) return undefined;
  const name = src.string(node, `${path}.otel`);
  if (name === undefined) return null;
  const spec = otelAttributes.get(name);
  if (spec === undefined) {
    const last = name.split(".").at(-1)!;
    const near = last === "" ? [] : [...otelAttributes.keys()].filter((k) => k.endsWith(last));
    const hint = near.length > 0 && near.length <= 5 ? ` (did you mean ${quoteList(near)}?)` : "";
    src.report(
      node,
      `${path}.otel`,
      `Unknown OpenTelemetry attribute "${name}" at ${path}.otel: not in the GenAI semantic conventions (${GENAI_SEMCONV_VERSION})${hint}`,
    );
    return null;
  }
  if (
    type !== undefined && compatible[type] !== undefined && !compatible[type].includes(spec.type)
  ) {
    src.report(
      node,
      `${path}.otel`,
      `${path} is ${type} but the OpenTelemetry attribute "${name}" holds ${spec.type}`,
    );
    return null;
  }
  return name;
}

/** Reads `required:` (a boolean, `fallback` when absent). */
function readRequired(src: Source, node: Node | undefined, path: string, fallback: boolean) {
  return node === undefined ? fallback : src.boolean(node, `${path}.required`);
}

/** Reads one measurement; `undefined` (with problems reported) if it is not valid. */
export function readMeasurement(
  src: Source,
  node: Node,
  path: string,
  name: string,
  key: Node,
): MeasurementModel | undefined {
  const rule = { pattern: fieldPattern, shape: "measurement", what: `Measurement name "${name}"` };
  const nameOk = checkName(src, { node: key, path }, name, rule);
  const allowed = ["type", "unit", "description", "required", "otel"];
  const get = src.mapping(node, path, `measurement ${path}`, allowed, [
    "type",
    "unit",
    "description",
  ]);
  if (get === undefined) return undefined;
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
  const unitOk = unitText !== undefined && checkUnit(src, get("unit"), `${path}.unit`, unitText);
  const description = get("description") && src.string(get("description"), `${path}.description`);
  const req = readRequired(src, get("required"), path, true);
  const otel = readOtel(src, get("otel"), path, type);
  if (
    !nameOk || !oneOf(measurementTypes, type) || !unitOk || description === undefined ||
    req === undefined || otel === null
  ) {
    return undefined;
  }
  const m = { name, type, unit: unitText!, required: req, description };
  return otel === undefined ? m : { ...m, otel };
}

/** Reads one metadata field; `undefined` (with problems reported) if it is not valid. */
export function readField(
  src: Source,
  node: Node,
  path: string,
  name: string,
  key: Node,
): FieldModel | undefined {
  const rule = {
    pattern: fieldPattern,
    shape: "metadata field",
    what: `Metadata field name "${name}"`,
  };
  const nameOk = checkName(src, { node: key, path }, name, rule);
  const allowed = ["type", "required", "description", "values", "otel"];
  const get = src.mapping(node, path, `metadata field ${path}`, allowed, ["type", "description"]);
  if (get === undefined) return undefined;
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
  const req = readRequired(src, get("required"), path, false);
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
  let otel = readOtel(src, get("otel"), path, type);
  const defined = otel === undefined || otel === null
    ? undefined
    : otelAttributes.get(otel)?.values;
  const foreign = values?.filter((v) => defined !== undefined && !defined.includes(v)) ?? [];
  if (foreign.length > 0) {
    src.report(
      get("otel"),
      `${path}.otel`,
      `${path} has values ${
        quoteList(foreign)
      } that the OpenTelemetry attribute "${otel}" does not define (it defines ${
        quoteList(defined!)
      })`,
    );
    otel = null;
  }
  if (
    !nameOk || !oneOf(fieldTypes, type) || description === undefined || req === undefined ||
    otel === null
  ) {
    return undefined;
  }
  const mapped = otel === undefined ? {} : { otel };
  if (type !== "enum") return { name, type, required: req, description, ...mapped };
  if (values === undefined) return undefined;
  return { name, type, required: req, values, description, ...mapped };
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
