/**
 * Log levels: their order and how to compare them. The list itself is `src/levels.ts`.
 *
 * @module
 */

import { isLevel, type Level, levels, severity } from "../levels.ts";

export { isLevel, levels };

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
  return severity(level) >= severity(minimum);
}
