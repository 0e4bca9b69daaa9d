/**
 * The literal text the generator writes: the `@example` of each emitter and the run-time
 * `catalog` value.
 *
 * @module
 */

import type { CatalogModel, EventModel, FieldModel, MeasurementModel } from "./catalog.ts";

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
      return JSON.stringify(f.values?.[0] ?? "");
    case "object":
      return "{}";
  }
}

function literal(entries: [string, string][]): string {
  return entries.length === 0 ? "{}" : `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(", ")} }`;
}

/** The `@example` of an emitter: a call with every required field. */
export function emitterExample(e: EventModel, fn: string): string {
  const m = literal(
    e.measurements.filter((x) => x.required).map((x) => [x.name, exampleMeasurement(x)]),
  );
  const md = literal(e.metadata.filter((x) => x.required).map((x) => [x.name, exampleField(x)]));
  const args = md !== "{}" ? `${m}, ${md}` : m !== "{}" ? m : "";
  return ["```ts", `import { ${fn} } from "@jido/telemetry";`, "", `${fn}(${args});`, "```"]
    .join("\n");
}

function list(items: string[]): string {
  return items.length === 0 ? "[]" : `[\n${items.map((x) => `${x},\n`).join("")}]`;
}

/** The `defineCatalog({...})` expression of the run-time catalog. */
export function catalogLiteral(model: CatalogModel): string {
  const events = model.events.map((e) => {
    const measurements = e.measurements.map((m) =>
      `{ name: ${JSON.stringify(m.name)}, type: ${JSON.stringify(m.type)}, unit: ${
        JSON.stringify(m.unit)
      }, required: ${m.required}, description: ${JSON.stringify(m.description)} }`
    );
    const metadata = e.metadata.map((f) =>
      `{ name: ${JSON.stringify(f.name)}, type: ${
        JSON.stringify(f.type)
      }, required: ${f.required}, ${
        f.values ? `values: ${JSON.stringify(f.values)}, ` : ""
      }description: ${JSON.stringify(f.description)} }`
    );
    return `{
      name: ${e.constant},
      key: ${JSON.stringify(e.key)},
      level: ${JSON.stringify(e.level)},
      description: ${JSON.stringify(e.description)},
      measurements: ${list(measurements)},
      metadata: ${list(metadata)},
    }`;
  });
  return `defineCatalog({\n app: ${JSON.stringify(model.app)},\n events: [\n${
    events.join(",\n")
  }\n],\n})`;
}

/** The `@example` of an event-name constant: attaching a handler with it. */
export function constantExample(e: EventModel): string {
  const fields = [
    ...e.measurements.map((m) => `m.${m.name}`),
    ...e.metadata.map((f) => `md.${f.name}`),
  ]
    .slice(0, 2);
  return [
    "```ts",
    `import { attach, ${e.constant} } from "@jido/telemetry";`,
    "",
    `attach("my-handler", ${e.constant}, (_event, m, md) => console.log(${fields.join(", ")}));`,
    "```",
  ].join("\n");
}
