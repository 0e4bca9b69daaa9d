/**
 * StatsD and DogStatsD lines: names, tags and values sanitised so that no value can forge a
 * line, a field or a tag.
 *
 * @module
 */

/** The line formats: plain StatsD (tags folded into the name) or DogStatsD (`|#k:v` tags). */
export type StatsdFormat = "standard" | "datadog";

/** A StatsD metric type: counter, gauge, timer, histogram or distribution. */
export type StatsdType = "c" | "g" | "ms" | "h" | "d";

/**
 * A name, tag key or tag value made safe for a line: every character that StatsD or DogStatsD
 * reads as syntax (`:`, `|`, `@`, `#`, `,`), every space or control character and everything not
 * printable ASCII becomes `_`. In the standard format, where tag values become name segments,
 * dots in tag values become `_` too.
 *
 * @param text The name or value.
 * @returns The safe text (`"_"` for an empty one, so that no segment disappears).
 * @example
 * ```ts
 * import { sanitizeStatsd } from "@jido/telemetry/statsd";
 *
 * console.log(sanitizeStatsd("a:b|c@d#e,f g\nh ü")); // "a_b_c_d_e_f_g_h__"
 * ```
 */
export function sanitizeStatsd(text: string): string {
  if (text === "") return "_";
  return /^[!-"$-+\--9;-?A-{}~]+$/.test(text) ? text : text.replace(/[^!-"$-+\--9;-?A-{}~]/g, "_");
}

/**
 * A value as StatsD servers read it: JavaScript's shortest form, but never with an exponent
 * (`1e+21` is not a number to most StatsD servers).
 *
 * @param value A finite number.
 * @returns Its decimal text.
 * @example
 * ```ts
 * import { formatValue } from "@jido/telemetry/statsd";
 *
 * console.log(formatValue(1e21), formatValue(1e-7), formatValue(0.42)); // "1000000000000000000000 0.0000001 0.42"
 * ```
 */
export function formatValue(value: number): string {
  const text = String(value);
  const e = text.indexOf("e");
  if (e === -1) return text;
  // Move the decimal point of the shortest form: exact, and as short.
  const sign = text.startsWith("-") ? "-" : "";
  const mantissa = text.slice(sign.length, e);
  const exponent = Number(text.slice(e + 1));
  const digits = mantissa.replace(".", "");
  const point = (mantissa.indexOf(".") === -1 ? mantissa.length : mantissa.indexOf(".")) + exponent;
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  return `${sign}${digits}${"0".repeat(point - digits.length)}`;
}

/**
 * One line: `name:value|type`, then `|@rate` when sampled, then `|#k:v,...` in DogStatsD. In the
 * standard format the tag values follow the name as dot-separated segments, in tag order (as
 * `telemetry_metrics_statsd` does).
 *
 * @param format `"standard"` or `"datadog"`.
 * @param name The metric's name (sanitised here).
 * @param value The value.
 * @param type The StatsD type.
 * @param tags The tag keys and values, in order.
 * @param sampleRate The sample rate, if below 1.
 * @returns The line, without a line feed.
 * @example
 * ```ts
 * import { statsdLine } from "@jido/telemetry/statsd";
 *
 * statsdLine("datadog", "app.tokens", 42, "c", [["model", "claude"]]);
 * // "app.tokens:42|c|#model:claude"
 * statsdLine("standard", "app.tokens", 42, "c", [["model", "claude"]]);
 * // "app.tokens.claude:42|c"
 * ```
 */
export function statsdLine(
  format: StatsdFormat,
  name: string,
  value: number,
  type: StatsdType,
  tags: readonly (readonly [string, string])[] = [],
  sampleRate = 1,
): string {
  let line = sanitizeStatsd(name);
  if (format === "standard") {
    for (const [, tagValue] of tags) line += `.${sanitizeStatsd(tagValue).replace(/\./g, "_")}`;
  }
  line += `:${formatValue(value)}|${type}`;
  if (sampleRate < 1) line += `|@${formatValue(sampleRate)}`;
  if (format === "datadog" && tags.length > 0) {
    line += "|#";
    for (let i = 0; i < tags.length; i++) {
      line += `${i === 0 ? "" : ","}${sanitizeStatsd(tags[i][0])}:${sanitizeStatsd(tags[i][1])}`;
    }
  }
  return line;
}
