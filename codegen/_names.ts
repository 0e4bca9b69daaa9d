/**
 * Name rules and name derivation shared by the catalog validator and the generator.
 *
 * @module
 */

/** Words that may not name an event segment, a measurement or a metadata field. */
export const reservedWords: ReadonlySet<string> = new Set([
  // ECMAScript reserved and strict-mode reserved words.
  "arguments",
  "await",
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "eval",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "implements",
  "import",
  "in",
  "instanceof",
  "interface",
  "let",
  "new",
  "null",
  "package",
  "private",
  "protected",
  "public",
  "return",
  "static",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "undefined",
  "var",
  "void",
  "while",
  "with",
  "yield",
  // Names that reach or shadow Object.prototype.
  "__proto__",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "prototype",
  "toLocaleString",
  "toString",
  "valueOf",
]);

/** The shape of an app name and of each segment of an event name: lowercase snake_case. */
export const segmentPattern = /^[a-z][a-z0-9_]*$/;

/** The shape of a measurement or metadata field name: an ASCII identifier. */
export const fieldPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Plain scalars that YAML 1.1 reads as booleans or null. This generator reads YAML 1.2, where
 * they are strings, but other tools do not: where a string is meant they must be quoted.
 */
export const yaml11Ambiguous =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$/;

/** `"cache_hit"` → `"CacheHit"`. */
export function pascalCase(segments: readonly string[]): string {
  return segments
    .flatMap((s) => s.split("_"))
    .filter((w) => w.length > 0)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");
}

/** `["context", "cache_hit"]` → `"CONTEXT_CACHE_HIT"`. */
export function constantCase(segments: readonly string[]): string {
  return segments.join("_").toUpperCase();
}

/**
 * The longest event name (`component.action`, without the app), so that every generated line
 * that holds one of its identifiers can be laid out within the formatter's line width.
 */
export const maxEventNameLength = 64;

/** The identifiers generated code declares for one event. */
export interface EventNames {
  /** The frozen name constant, `CONTEXT_CACHE_HIT`. */
  readonly constant: string;
  /** The measurements interface, `ContextCacheHitMeasurements`. */
  readonly measurements: string;
  /** The metadata interface, `ContextCacheHitMetadata`. */
  readonly metadata: string;
  /** The emitter, `emitContextCacheHit`. */
  readonly emitter: string;
  /** The module-private channel, `contextCacheHitChannel`. */
  readonly channel: string;
}

/** The identifiers of the event named `segments` (without the app). */
export function eventNames(segments: readonly string[]): EventNames {
  const pascal = pascalCase(segments);
  return {
    constant: constantCase(segments),
    measurements: `${pascal}Measurements`,
    metadata: `${pascal}Metadata`,
    emitter: `emit${pascal}`,
    channel: `${pascal[0].toLowerCase()}${pascal.slice(1)}Channel`,
  };
}

/** The exported identifiers of an event, in declaration order. */
export function exportedNames(names: EventNames): string[] {
  return [names.constant, names.measurements, names.metadata, names.emitter];
}

/** The names a generated module exports besides its events'. */
export const moduleNames: readonly string[] = ["catalog", "CatalogEvents", "CatalogEventKey"];

/** The names under which a runtime exports an included catalog: `standard` → `standardCatalog`. */
export function includeNames(name: string): { readonly catalog: string; readonly events: string } {
  return { catalog: `${name}Catalog`, events: `${pascalCase([name])}CatalogEvents` };
}
