/**
 * The `minimal` format, for test runs: `[warn] Disk almost full free=2048 module=storage`.
 *
 * The level in brackets, the message, then metadata as `key=value` (see `pretty` for how values
 * are shown), the logger's module last as `module=…` unless the metadata has its own. No time,
 * no colours, no units, no call site. Control characters are escaped as in `pretty`.
 *
 * @module
 */

import { escapeText, textToken } from "./_escape.ts";
import { paint, textPairs } from "./_text.ts";
import { clip, startWalk } from "./_walk.ts";
import type { FormatOptions } from "./json.ts";
import type { Formatter, LogRecord } from "./record.ts";

const plain = paint(false);

/**
 * Creates the `minimal` formatter.
 *
 * @param options Redaction and limits; colours are never used.
 * @returns A formatter producing `[level] message key=value` lines.
 *
 * @example
 * ```ts
 * import { createRedactor, defaultLimits, minimalFormat } from "@jido/telemetry";
 *
 * const format = minimalFormat({ redactor: createRedactor(), limits: defaultLimits, colors: false });
 * format({ time: 0, level: "warn", message: "Disk almost full", module: undefined,
 *   metadata: { free: 2048 }, units: undefined, callSite: undefined });
 * // "[warn] Disk almost full free=2048"
 * ```
 */
export function minimalFormat(options: FormatOptions): Formatter {
  const { redactor, limits } = options;
  return (record: LogRecord): string => {
    const walk = startWalk(redactor, limits);
    let line = "[" + record.level + "] " + escapeText(clip(record.message, walk));
    walk.budget -= line.length;
    line += textPairs(record.metadata, undefined, walk, plain);
    if (record.module && !Object.hasOwn(record.metadata, "module")) {
      line += " module=" + textToken(record.module);
    }
    return line;
  };
}
