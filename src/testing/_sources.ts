/**
 * What each capture offers `assertNoSecret()`: its contents as (where, value) pairs, registered
 * by the capture so that no public type has to show it.
 *
 * @module
 */

/** One place to search: a description (never the value) and the value. */
export interface Place {
  /** Where the value is, e.g. `event #2 app.llm.request`. */
  readonly where: string;
  /** The value, searched deeply. */
  readonly value: unknown;
}

const registry = new WeakMap<object, () => Iterable<Place>>();

/** Registers what a capture holds. */
export function registerSource(capture: object, places: () => Iterable<Place>): void {
  registry.set(capture, places);
}

/** What a registered capture holds, or `undefined` for any other value. */
export function placesOf(value: unknown): Iterable<Place> | undefined {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) {
    return undefined;
  }
  return registry.get(value)?.();
}
