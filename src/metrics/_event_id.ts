/**
 * Event identity. An event is an array of segments, and a segment may itself contain a dot, so
 * the dotted name (`eventKey`) is for display only: `["a.b", "c"]` and `["a", "b.c"]` share it.
 * Whatever keys or compares events uses the helpers here instead.
 *
 * @module
 */

/**
 * An injective string for an event: the JSON of its segments, so two events have the same id
 * exactly when they have the same segments.
 */
export function eventId(event: readonly string[]): string {
  return JSON.stringify(event);
}

/** Whether two events have the same segments. */
export function sameEvent(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Compiles the lookup of an event by its dotted name among `events`: the one event whose
 * segments joined with dots are `name`, or `undefined` if none.
 *
 * @throws {Error} When several events share `name` (their segments contain dots differently).
 */
export function dottedNameLookup(
  events: readonly (readonly string[])[],
): (name: string) => readonly string[] | undefined {
  const byName = new Map<string, (readonly string[])[]>();
  for (const event of events) {
    const name = event.join(".");
    const same = byName.get(name);
    if (same === undefined) byName.set(name, [event]);
    else same.push(event);
  }
  return (name) => {
    const matches = byName.get(name);
    if (matches !== undefined && matches.length > 1) {
      throw new Error(
        `Ambiguous event name "${name}": it is the dotted name of events ` +
          `${matches.map((e) => JSON.stringify(e)).join(" and ")}; pass the event as an array`,
      );
    }
    return matches?.[0];
  };
}

/**
 * An event for an error message: the dotted name, or the JSON array when a segment contains a
 * dot and the dotted name would be ambiguous.
 */
export function describeEvent(event: readonly string[]): string {
  return event.some((s) => s.includes(".")) ? JSON.stringify(event) : `"${event.join(".")}"`;
}
