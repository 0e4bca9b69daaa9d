/**
 * Reading and writing the properties of objects that telemetry receives from the application,
 * which may be Proxies, have throwing getters, or use keys such as `__proto__`.
 *
 * Internal to the library: not part of any public entry.
 *
 * @module
 */

import { errorReason } from "./error_info.ts";

/** Describes an exception thrown while reading a value: `[Throws: message]`. */
export function thrown(error: unknown): string {
  return "[Throws: " + errorReason(error) + "]";
}

/** `object[key]`, or the {@link thrown} marker when reading it throws. */
export function readSafely(object: object, key: string | number): unknown {
  try {
    return (object as Record<string | number, unknown>)[key];
  } catch (error) {
    return thrown(error);
  }
}

/**
 * Sets `key` on `target` as an own enumerable data property, even for `__proto__` (which
 * assignment would treat as the prototype) and without calling any setter.
 */
export function defineOwn(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
