/**
 * The literal text the generator writes: the `@example` blocks and the run-time `catalog` value,
 * one function per kind of catalog node (event, measurement, metadata field).
 *
 * @module
 */

import type { CatalogModel, EventModel, FieldModel, MeasurementModel } from "./catalog.ts";
import { includeNames } from "./_names.ts";
import { importNames, object, property, str, tab } from "./_ts.ts";

/** Where the `@example` blocks import from. */
export interface ExampleOptions {
  /** The specifier that exports the generated names, e.g. `"./events.generated.ts"`. */
  readonly from: string;
  /** The specifier that exports the bus (`attach`), e.g. `"@jido/telemetry"`. */
  readonly runtime: string;
  /** The name under which `from` exports the catalog, e.g. `"standardCatalog"`. */
  readonly catalog: string;
}

/** The import lines of an example: one line when both kinds of name come from one place. */
function imports(o: ExampleOptions, generated: string[], bus: string[] = []): string[] {
  if (o.from === o.runtime || bus.length === 0) {
    return [importNames([...bus, ...generated], o.from)];
  }
  return [importNames(bus, o.runtime), importNames(generated, o.from)];
}

function block(lines: string[]): string {
  return ["```ts", ...lines, "```"].join("\n");
}

function exampleMeasurement(m: MeasurementModel): string {
  return m.type === "integer" ? "1" : "12.5";
}

function exampleField(f: FieldModel): string {
  switch (f.type) {
    case "string":
      return `"${f.name.replaceAll("_", "-")}-1"`;
    case "integer":
      return "1";
    case "float":
      return "0.5";
    case "boolean":
      return "true";
    case "string[]":
      return `["a"]`;
    case "enum":
      return str(f.values?.[0] ?? "");
    case "object":
      return "{}";
  }
}

function literal(entries: [string, string][]): string {
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(", ")} }`;
}

/** The `@example` of an emitter: a call with every required field. */
export function emitterExample(e: EventModel, o: ExampleOptions): string {
  const m = literal(
    e.measurements.filter((x) => x.required).map((x) => [x.name, exampleMeasurement(x)]),
  );
  const md = literal(e.metadata.filter((x) => x.required).map((x) => [x.name, exampleField(x)]));
  const args = md !== "{}" ? `${m}, ${md}` : m !== "{}" ? m : "";
  return block([...imports(o, [e.names.emitter]), "", `${e.names.emitter}(${args});`]);
}

/** The `@example` of an event-name constant: attaching a handler with it. */
export function constantExample(e: EventModel, o: ExampleOptions): string {
  const fields = [
    ...e.measurements.map((m) => `m.${m.name}`),
    ...e.metadata.map((f) => `md.${f.name}`),
  ].slice(0, 2);
  const c = e.names.constant;
  return block([
    ...imports(o, [c], ["attach"]),
    "",
    `attach("my-handler", ${c}, (_event, m, md) => console.log(${fields.join(", ")}));`,
  ]);
}

/** The `@example` of the run-time catalog. */
export function catalogExample(o: ExampleOptions): string {
  return block([
    ...imports(o, [o.catalog]),
    "",
    `console.log(${o.catalog}.events.map((e) => e.key));`,
  ]);
}

const level = tab.repeat(4);

function measurementEntry(m: MeasurementModel): string {
  return object(level, [
    ["name", str(m.name)],
    ["type", str(m.type)],
    ["unit", str(m.unit)],
    ["required", String(m.required)],
    ["description", str(m.description)],
    ...(m.otel === undefined ? [] : [["otel", str(m.otel)] as const]),
  ]);
}

function fieldEntry(f: FieldModel): string {
  return object(level, [
    ["name", str(f.name)],
    ["type", str(f.type)],
    ["required", String(f.required)],
    ...(f.values === undefined ? [] : [["values", f.values.map(str)] as const]),
    ["description", str(f.description)],
    ...(f.otel === undefined ? [] : [["otel", str(f.otel)] as const]),
  ]);
}

function entries(key: string, items: string[]): string {
  return items.length === 0 ? `${tab.repeat(3)}${key}: [],` : [
    `${tab.repeat(3)}${key}: [`,
    ...items,
    `${tab.repeat(3)}],`,
  ].join("\n");
}

/** An event's entry in the catalog literal (always one entry per line: it holds lists). */
export function eventEntry(e: EventModel): string {
  const inner = tab.repeat(3);
  return [
    `${tab.repeat(2)}{`,
    property(inner, "name", e.names.constant),
    property(inner, "key", str(e.key)),
    property(inner, "level", str(e.level)),
    property(inner, "description", str(e.description)),
    entries("measurements", e.measurements.map(measurementEntry)),
    entries("metadata", e.metadata.map(fieldEntry)),
    `${tab.repeat(2)}},`,
  ].join("\n");
}

/** The `defineCatalog({...})` expression of the run-time catalog, included catalogs first. */
export function catalogLiteral(model: CatalogModel): string {
  const spread = model.includes.map((c) =>
    `${tab.repeat(2)}...${includeNames(c.name).catalog}.events,`
  );
  const events = [...spread, ...model.events.map(eventEntry)];
  return [
    "defineCatalog({",
    property(tab, "app", str(model.app)),
    ...(events.length === 0 ? [`${tab}events: [],`] : [`${tab}events: [`, ...events, `${tab}],`]),
    "})",
  ].join("\n");
}
