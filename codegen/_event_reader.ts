/**
 * The reader of one event of a catalog: its description, level, measurements and metadata.
 *
 * @module
 */

import { isScalar, type Node } from "yaml";
import { levels } from "../src/levels.ts";
import type { EventModel, FieldModel, MeasurementModel } from "./catalog.ts";
import { oneOf, quoteList } from "./_check.ts";
import { readField, readMeasurement } from "./_fields.ts";
import { constantCase, eventNames, pascalCase } from "./_names.ts";
import type { Source } from "./_yaml.ts";

function isEmpty(node: Node | undefined): boolean {
  return node === undefined || (isScalar(node) && node.value === null);
}

/** Reads the event at `path`, named `name` (app first); `undefined` if it is not valid. */
export function readEvent(
  src: Source,
  node: Node,
  path: string,
  name: string[],
): EventModel | undefined {
  const allowed = ["description", "level", "measurements", "metadata"];
  const get = src.mapping(node, path, `event ${path}`, allowed, ["description", "level"]);
  if (get === undefined) return undefined;
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
  if (!isEmpty(mNode)) {
    for (const [field, value, key] of src.entries(mNode, `${path}.measurements`, "measurements")) {
      const m = readMeasurement(src, value, `${path}.measurements.${field}`, field, key);
      if (m !== undefined) measurements.push(m);
    }
  }
  const metadata: FieldModel[] = [];
  const dNode = get("metadata");
  if (!isEmpty(dNode)) {
    for (const [field, value, key] of src.entries(dNode, `${path}.metadata`, "metadata")) {
      const at = `${path}.metadata.${field}`;
      const f = readField(src, value, at, field, key);
      if (measurements.some((m) => m.name === field)) {
        src.report(
          key,
          at,
          `Metadata field "${field}" at ${at} has the name of a measurement; log lines would merge them`,
        );
      } else if (f !== undefined) metadata.push(f);
    }
  }
  if (description === undefined || !oneOf(levels, level)) return undefined;
  const segments = name.slice(1);
  return {
    name,
    key: name.join("."),
    constant: constantCase(segments),
    pascal: pascalCase(segments),
    names: eventNames(segments),
    level,
    description,
    measurements,
    metadata,
  };
}
