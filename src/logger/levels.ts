/**
 * Log levels: their order and how to compare them.
 *
 * @module
 */

import type { Level } from "../catalog.ts";

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
export const levels: readonly Level[] = ["debug", "info", "warn", "error"];

const severity: Readonly<Record<Level, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * Tells whether a value is one of the four level names.
 *
 * @param value Anything.
 * @returns `true` for `"debug"`, `"info"`, `"warn"` and `"error"`.
 *
 * @example
 * ```ts
 * import { isLevel } from "@jido/telemetry";
 *
 * isLevel("warn"); // true
 * isLevel("fatal"); // false
 * ```
 */
export function isLevel(value: unknown): value is Level {
  return value === "debug" || value === "info" || value === "warn" || value === "error";
}

/**
 * Tells whether records at `level` pass a logger whose minimum level is `minimum`.
 *
 * @param level The level of a record.
 * @param minimum The least severe level the logger writes.
 * @returns `true` when `level` is at least as severe as `minimum`.
 *
 * @example
 * ```ts
 * import { levelPasses } from "@jido/telemetry";
 *
 * levelPasses("warn", "info"); // true
 * levelPasses("debug", "info"); // false
 * ```
 */
export function levelPasses(level: Level, minimum: Level): boolean {
  return severity[level] >= severity[minimum];
}
