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
   * The longest string kept, in UTF-16 code units; longer strings are cut and end with
   * `…[truncated N chars]`. Applies to the message and to each string value.
   * @default 8192
   */
  readonly maxStringLength: number;
  /**
   * The target length of a whole line. Once the serialised record reaches it, remaining
   * strings are cut short and remaining keys or items are replaced by a `…[N more …]` marker,
   * so a line exceeds it by at most a few hundred characters and stays valid JSON.
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
 * import { defaultLimits } from "@jido/telemetry";
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
