/**
 * Short unit suffixes for the pretty format.
 *
 * @module
 */

const short: Readonly<Record<string, string>> = {
  nanosecond: "ns",
  microsecond: "µs",
  millisecond: "ms",
  second: "s",
  minute: "min",
  hour: "h",
  byte: "B",
  kilobyte: "kB",
  megabyte: "MB",
  gigabyte: "GB",
  token: "tok",
  percent: "%",
  "1": "",
  native: "",
};

/**
 * The suffix the pretty format appends to a number measured in `unit`: `ns`, `µs`, `ms`, `s`,
 * `min`, `h`, `B`, `kB`, `MB`, `GB`, `tok` (token), `%` (percent), nothing for `"1"` and
 * `"native"`; any other unit made of letters, `/` or `_` is appended as written
 * (`3request`), and anything else is dropped.
 *
 * @param unit A unit name, as in `events.yaml`.
 * @returns The suffix, possibly empty.
 *
 * @example
 * ```ts
 * import { unitSuffix } from "@jido/telemetry/logger";
 *
 * unitSuffix("millisecond"); // "ms"
 * unitSuffix("token"); // "tok"
 * ```
 */
export function unitSuffix(unit: string): string {
  const known = short[unit];
  if (known !== undefined) return known;
  return /^[A-Za-z_/]{1,32}$/.test(unit) ? unit : "";
}
