/**
 * Size limits that keep one record one bounded line, whatever it is given.
 *
 * @module
 */

/** Size limits for one record. */
export interface Limits {
  /**
   * How deep objects are followed; deeper values become `"[Depth limit]"`. Metadata values are
   * at depth 1.
   * @default 10
   */
  readonly maxDepth: number;
  /**
   * The longest string kept, in UTF-16 code units as written, escapes included (a control
   * character written `\u0001` counts 6); longer strings are cut between two characters (never
   * inside an escape or a surrogate pair) and end with `…[truncated N chars]`. Applies to the
   * message and to each string value; keys and the module name are cut at 256.
   * @default 8192
   */
  readonly maxStringLength: number;
  /**
   * The target length of a whole line, every character counted: time, level, message, module,
   * bound and call metadata, escapes. Once it is reached, remaining strings are cut short and
   * remaining keys or items are replaced by a `…[N more …]` marker, so the line stays valid
   * JSON and exceeds the limit only by the value being written when it was reached (at most 64
   * characters and its marker) and the markers closing open objects: about 128 characters for
   * flat metadata. A line never exceeds it by more than 1,024 characters: one that would (deep
   * nesting) has its metadata replaced by `logger_error: "[Line limit: metadata left out]"`.
   * @default 65536
   */
  readonly maxLineLength: number;
  /**
   * The most keys of one object, or items of one array, `Map` or `Set`, that are written;
   * the rest are counted in a `…[N more items]` / `"…": "[N more keys]"` marker.
   * @default 100
   */
  readonly maxItems: number;
}

/**
 * The default limits.
 *
 * @example
 * ```ts
 * import { defaultLimits } from "@jido/telemetry/logger";
 *
 * defaultLimits.maxStringLength; // 8192
 * ```
 */
export const defaultLimits: Limits = Object.freeze({
  maxDepth: 10,
  maxStringLength: 8192,
  maxLineLength: 65536,
  maxItems: 100,
});

/**
 * How far past `maxLineLength` a line may go: a value started before the budget ran out is
 * finished in short form (at least 64 characters and a marker) and open objects are closed with
 * `…[N more …]` markers. A line that would go further has its metadata replaced by a marker.
 * Internal: not exported from `mod.ts`.
 */
export const lineSlack = 1024;

/**
 * Fills in default limits and rejects values that are not positive integers. Internal: not
 * exported from `mod.ts`.
 */
export function resolveLimits(limits: Partial<Limits> | undefined): Limits {
  if (limits === undefined) return defaultLimits;
  const resolved = { ...defaultLimits, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(
        `Invalid limits.${name} ${
          String(value)
        } in createLogger() options: expected a positive integer`,
      );
    }
  }
  return resolved;
}
