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
  const allowed = ["type", "unit", "description", "required"];
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
  if (
    !nameOk || !oneOf(measurementTypes, type) || !unitOk || description === undefined ||
    req === undefined
  ) {
    return undefined;
  }
  return { name, type, unit: unitText!, required: req, description };
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
  const allowed = ["type", "required", "description", "values"];
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
  if (!nameOk || !oneOf(fieldTypes, type) || description === undefined || req === undefined) {
    return undefined;
  }
  if (type !== "enum") return { name, type, required: req, description };
  return values === undefined ? undefined : { name, type, required: req, values, description };
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
