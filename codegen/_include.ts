/**
 * A catalog's links to names defined elsewhere: the catalogs it includes (`include: [standard]`)
 * and the identifiers its generated module may not take because the library or an included
 * catalog already has them.
 *
 * @module
 */

import type { Node } from "yaml";
import type { CatalogModel, EventModel, IncludedCatalog } from "./catalog.ts";
import { quoteList } from "./_check.ts";
import { exportedNames, moduleNames } from "./_names.ts";
import type { Source } from "./_yaml.ts";

/** Reads `include:`, loading each catalog it names from `known`. */
export function readIncludes(
  src: Source,
  node: Node,
  known: Readonly<Record<string, () => CatalogModel>>,
): IncludedCatalog[] {
  const includes: IncludedCatalog[] = [];
  const names = Object.keys(known);
  const expected = names.length === 0
    ? "none can be included here"
    : `expected ${quoteList(names)}`;
  (src.items(node, "include") ?? []).forEach((item, i) => {
    const at = `include[${i}]`;
    const name = src.string(item, at);
    if (name === undefined) return;
    if (!Object.hasOwn(known, name)) {
      src.report(item, at, `Unknown catalog "${name}" at ${at} (${expected})`);
    } else if (includes.some((c) => c.name === name)) {
      src.report(item, at, `Duplicate catalog "${name}" at ${at}`);
    } else {
      try {
        const model = known[name]();
        includes.push({
          name,
          events: [...model.includes.flatMap((c) => c.events), ...model.events],
        });
      } catch (error) {
        src.report(
          item,
          at,
          `Cannot read the ${name} catalog for ${at}: ${(error as Error).message}`,
        );
      }
    }
  });
  return includes;
}

/** Every identifier the included catalogs export, with why an own event may not take it. */
export function includedNames(includes: readonly IncludedCatalog[]): Map<string, string> {
  const taken = new Map<string, string>();
  for (const c of includes) {
    for (const e of c.events) {
      const why = `as the event "${
        e.name.slice(1).join(".")
      }" of the included catalog "${c.name}" does`;
      for (const id of exportedNames(e.names)) taken.set(id, why);
    }
  }
  return taken;
}

function and(items: readonly string[]): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/**
 * Reports an event whose exported identifiers are taken: one problem per reason, naming every
 * identifier it concerns.
 */
export function checkTaken(
  src: Source,
  at: { readonly node: Node; readonly path: string; readonly key: string },
  event: EventModel,
  taken: readonly ReadonlyMap<string, string>[],
): void {
  const byReason = new Map<string, string[]>();
  for (const id of exportedNames(event.names)) {
    const why = taken.map((t) => t.get(id)).find((w) => w !== undefined);
    if (why !== undefined) byReason.set(why, [...(byReason.get(why) ?? []), id]);
  }
  for (const [why, ids] of byReason) {
    src.report(
      at.node,
      at.path,
      `Event "${at.key}" at ${at.path} generates ${and(ids)}, ${why}; rename it`,
    );
  }
}

/** Reports module-level names (`catalog`, `CatalogEvents`, ...) that are reserved. */
export function checkModuleNames(
  src: Source,
  root: Node,
  reserved: ReadonlyMap<string, string>,
): void {
  for (const id of moduleNames) {
    const why = reserved.get(id);
    if (why !== undefined) {
      src.report(root, "", `The generated module's ${id} clashes with a name ${why}`);
    }
  }
}
