/**
 * The standard agent catalog (events.yaml at the package root) and the names a user's catalog
 * may not take: the library's root exports and, unless it is the standard catalog itself being
 * generated, the standard catalog's.
 *
 * @module
 */

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type CatalogModel, loadCatalog } from "./catalog.ts";
import { libraryNames } from "./_library_names.ts";
import { exportedNames } from "./_names.ts";

/**
 * Where events.yaml may be: from the sources (`codegen/x.ts`) one folder up, from the compiled
 * package (`dist/codegen/x.js`) two.
 */
const candidates = ["../events.yaml", "../../events.yaml"];

/** The path of the standard catalog. @throws {Error} If it is in none of its places. */
export function standardCatalogPath(): string {
  const paths = candidates.map((c) => fileURLToPath(new URL(c, import.meta.url)));
  const found = paths.find((p) => existsSync(p));
  if (found === undefined) throw new Error(`no file at ${paths.join(" or ")}`);
  return found;
}

let standard: CatalogModel | undefined;

/** The standard catalog, read once. @throws {Error} If it is missing or invalid. */
export function loadStandardCatalog(): CatalogModel {
  if (standard === undefined) {
    const path = standardCatalogPath();
    standard = loadCatalog(path, readFileSync(path, "utf8"), { reserved: reservedNames(true) });
  }
  return standard;
}

/** The catalogs a catalog may name in `include:`. */
export const includable: Readonly<Record<string, () => CatalogModel>> = {
  standard: loadStandardCatalog,
};

const byLibrary = "which @jido/telemetry exports";
const byStandard =
  "which @jido/telemetry exports for the standard catalog (to emit that event, write include: [standard] instead of copying it)";

/**
 * The identifiers a generated module may not declare, with who has them: the library's root
 * names, and the standard catalog's unless `isStandard` (the standard catalog being generated)
 * or it cannot be read (then only `include: [standard]` fails, saying why).
 */
export function reservedNames(isStandard: boolean): Map<string, string> {
  const reserved = new Map(libraryNames.map((name) => [name, byLibrary]));
  let events: CatalogModel["events"] = [];
  try {
    if (!isStandard) events = loadStandardCatalog().events;
  } catch {
    // Left to include: [standard], which reports it.
  }
  for (const e of events) {
    for (const id of exportedNames(e.names)) reserved.set(id, byStandard);
  }
  return reserved;
}
