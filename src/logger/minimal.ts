/**
 * The `minimal` format, for test runs: `[warn] Disk almost full free=2048 module=storage`.
 *
 * The level in brackets, the message, then metadata as `key=value` (see `pretty` for how values
 * are shown), the logger's module last as `module=…` (redacted, clipped to 256 characters)
 * unless the metadata has its own. No time, no colours, no units, no call site. Control
 * characters are escaped as in `pretty`.
 *
 * @module
 */

import { fit, maxKeyLength } from "./_fit.ts";
import { room, startWalk } from "./_json_value.ts";
import { paint, textPairs } from "./_text_pairs.ts";
import { lineSlack } from "./limits.ts";
import type { FormatOptions, Formatter, LogRecord } from "./record.ts";

const plain = paint(false);

/**
 * Creates the `minimal` formatter.
 *
 * @param options Redaction and limits; colours are never used.
 * @returns A formatter producing `[level] message key=value` lines.
 *
 * @example
 * ```ts
 * import { createRedactor, defaultLimits, minimalFormat } from "@jido/telemetry/logger";
 *
 * const format = minimalFormat({ redactor: createRedactor(), limits: defaultLimits, colors: false });
 * format({ time: 0, level: "warn", message: "Disk almost full", module: undefined,
 *   metadata: { free: 2048 }, units: undefined, callSite: undefined });
 * // "[warn] Disk almost full free=2048"
 * ```
 */
export function minimalFormat(options: FormatOptions): Formatter {
  const { redactor, limits } = options;
  let lastModule = "";
  let moduleText = "";
  return (record: LogRecord): string => {
    const walk = startWalk(redactor, limits);
    let line = "[" + record.level + "] ";
    let tail = "";
    if (record.module && !hasModule(record.metadata)) {
      if (record.module !== lastModule) {
        moduleText = " module=" + fit(record.module, maxKeyLength, redactor, "token");
        lastModule = record.module;
      }
      tail = moduleText;
    }
    walk.budget = limits.maxLineLength - line.length - tail.length;
    const message = fit(record.message, room(walk), redactor, "text");
    walk.budget -= message.length;
    line += message;
    const pairs = textPairs(record.metadata, undefined, walk, plain);
    if (line.length + pairs.length + tail.length <= limits.maxLineLength + lineSlack) {
      return line + pairs + tail;
    }
    return line + ' logger_error="[Line limit: metadata left out]"' + tail;
  };
}

function hasModule(metadata: LogRecord["metadata"]): boolean {
  try {
    return Object.hasOwn(metadata, "module");
  } catch {
    return false;
  }
}
