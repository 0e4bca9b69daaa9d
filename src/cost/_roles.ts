/**
 * Finding the agent events by role, the name after the app segment, as the default metric
 * definitions do: `llm.response` under any app name.
 *
 * @module
 */

import type { Catalog, EventSpec } from "../catalog.ts";

/** The catalog's events whose name after the app segment is `role`, e.g. `"llm.cost"`. */
export function eventsWithRole(catalog: Catalog, role: string): EventSpec[] {
  return catalog.events.filter((e) => e.name.length > 1 && e.name.slice(1).join(".") === role);
}

/** Whether `value` looks like a catalog: an object with an `events` array. */
export function isCatalog(value: unknown): value is Catalog {
  return typeof value === "object" && value !== null &&
    Array.isArray((value as Catalog).events);
}
