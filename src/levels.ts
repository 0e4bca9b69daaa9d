/**
 * Log levels: the one list every other part derives from (the catalog's `level` field, the
 * logger's methods and thresholds, the codegen's validation).
 *
 * @module
 */

/**
 * The four levels, from least to most severe.
 *
 * @example
 * ```ts
 * import { levels } from "@jido/telemetry";
 *
 * console.log(levels.indexOf("warn") > levels.indexOf("info")); // true
 * ```
 */
export const levels: readonly ["debug", "info", "warn", "error"] = Object.freeze(
  ["debug", "info", "warn", "error"] as const,
);

/** A log level, from least to most severe: `"debug"`, `"info"`, `"warn"` or `"error"`. */
export type Level = typeof levels[number];

/**
 * Tells whether a value is one of the four level names.
 *
 * @param value Anything.
 * @returns `true` for `"debug"`, `"info"`, `"warn"` and `"error"`.
 * @example
 * ```ts
 * import { isLevel } from "@jido/telemetry/logger";
 *
 * isLevel("warn"); // true
 * isLevel("fatal"); // false
 * ```
 */
export function isLevel(value: unknown): value is Level {
  return typeof value === "string" && (levels as readonly string[]).includes(value);
}

/** The severity of a level: its index in {@link levels}. */
export function severity(level: Level): number {
  return levels.indexOf(level);
}
