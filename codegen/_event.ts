/**
 * The declarations of one event, one function per kind of catalog node: the event (its name
 * constant, interfaces, channel and emitter), a measurement and a metadata field (interface
 * members).
 *
 * @module
 */

import type { EventModel, FieldModel, MeasurementModel } from "./catalog.ts";
import { constantExample, emitterExample, type ExampleOptions } from "./_literals.ts";
import { call, docBlock, docText, lineWidth, list, member, str, tab } from "./_ts.ts";

/** The interface member of a measurement, with its doc (description, unit, type). */
export function measurementMember(m: MeasurementModel): string {
  const doc = [docText(m.description), "", `Unit: \`${docText(m.unit)}\`; ${m.type}.`];
  return `${docBlock(tab, doc)}\n${member(tab, m.name, !m.required, ["number"])}`;
}

function fieldType(f: FieldModel): string[] {
  switch (f.type) {
    case "string":
      return ["string"];
    case "integer":
    case "float":
      return ["number"];
    case "boolean":
      return ["boolean"];
    case "string[]":
      return ["readonly string[]"];
    case "enum":
      return (f.values ?? []).map(str);
    case "object":
      return ["Readonly<Record<string, unknown>>"];
  }
}

/** The interface member of a metadata field, with its doc. */
export function fieldMember(f: FieldModel): string {
  return `${docBlock(tab, [docText(f.description)])}\n${
    member(tab, f.name, !f.required, fieldType(f))
  }`;
}

/** An exported interface; with no members, an index signature that admits no field. */
function shape(name: string, doc: string, members: readonly string[], none: string): string {
  const body = members.length > 0
    ? members
    : [`${docBlock(tab, [none])}\n${tab}readonly [name: string]: never;`];
  return `${docBlock("", [doc])}\nexport interface ${name} {\n${body.join("\n")}\n}`;
}

/**
 * `export const NAME: readonly [...] = Object.freeze([...] as const);`, broken as the formatter
 * breaks it: the call's argument on its own line, or else both tuples one segment per line.
 */
function constantDeclaration(e: EventModel): string {
  const items = e.name.map(str);
  const tuple = `[${items.join(", ")}]`;
  const head = `export const ${e.names.constant}: readonly ${tuple} = Object.freeze(`;
  const one = `${head}${tuple} as const);`;
  if (one.length <= lineWidth) return one;
  const arg = `${tab}${tuple} as const,`;
  if (head.length <= lineWidth && arg.length <= lineWidth) return `${head}\n${arg}\n);`;
  const column = (indent: string) => items.map((i) => `${indent}${tab}${i},`).join("\n");
  return [
    `export const ${e.names.constant}: readonly [`,
    column(""),
    "] = Object.freeze(",
    `${tab}[`,
    column(tab),
    `${tab}] as const,`,
    ");",
  ].join("\n");
}

/** Every declaration of one event: constant, interfaces, channel and emitter. */
export function eventDeclarations(e: EventModel, examples: ExampleOptions): string {
  const n = e.names;
  const what = `\`${e.key}\``;
  const constant = [
    docBlock("", [
      `${what} (level \`${e.level}\`): ${docText(e.description)}`,
      "",
      "@example",
      constantExample(e, examples),
    ]),
    constantDeclaration(e),
  ].join("\n");
  const measurements = shape(
    n.measurements,
    `Measurements of ${what}.`,
    e.measurements.map(measurementMember),
    `${what} has no measurements.`,
  );
  const metadata = shape(
    n.metadata,
    `Metadata of ${what}.`,
    e.metadata.map(fieldMember),
    `${what} has no metadata.`,
  );
  const optionalMd = e.metadata.every((f) => !f.required);
  const optionalM = optionalMd && e.measurements.every((m) => !m.required);
  const emitter = [
    docBlock("", [
      `Emits ${what}: ${docText(e.description)}`,
      "",
      "Costs one property read when no handler is attached.",
      "",
      `@param measurements See {@link ${n.measurements}}.`,
      `@param metadata See {@link ${n.metadata}}.`,
      "@example",
      emitterExample(e, examples),
    ]),
    `export function ${n.emitter}(`,
    `${tab}measurements: ${n.measurements}${optionalM ? " = {}" : ""},`,
    `${tab}metadata: ${n.metadata}${optionalMd ? " = {}" : ""},`,
    "): void {",
    `${tab}if (${n.channel}.hasSubscribers) {`,
    call(tab + tab, `${n.channel}.publish`, ["measurements", "metadata"]),
    `${tab}}`,
    "}",
  ].join("\n");
  const channel = list("", `const ${n.channel} = channel(`, [n.constant], ");");
  return [constant, measurements, metadata, channel, emitter].join("\n\n");
}
