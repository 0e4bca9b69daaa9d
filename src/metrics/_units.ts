/**
 * Unit conversion factors. Time units scale by powers of 1000 (then 60); byte units by 1000, as
 * `telemetry_metrics` does (a kilobyte is 1000 bytes, not 1024).
 *
 * @module
 */

const scales: Readonly<Record<string, readonly [dimension: string, scale: number]>> = {
  nanosecond: ["time", 1],
  microsecond: ["time", 1e3],
  millisecond: ["time", 1e6],
  second: ["time", 1e9],
  minute: ["time", 60e9],
  hour: ["time", 3600e9],
  byte: ["size", 1],
  kilobyte: ["size", 1e3],
  megabyte: ["size", 1e6],
  gigabyte: ["size", 1e9],
};

/** The units a conversion may name. */
export const convertibleUnits: readonly string[] = Object.keys(scales);

/**
 * The factors turning a value in `from` into `to`: `value * mul / div`. One of them is 1, so the
 * conversion is a single exact multiplication or division by an integer.
 *
 * @throws {Error} If a unit is unknown or the units measure different things.
 */
export function conversionFactors(
  from: string,
  to: string,
  metric: string,
): { readonly mul: number; readonly div: number } {
  const a = scales[from];
  const b = scales[to];
  for (const [unit, known] of [[from, a], [to, b]] as const) {
    if (known === undefined || !Object.hasOwn(scales, unit)) {
      throw new Error(
        `Unknown unit "${unit}" for metric "${metric}": expected one of ${
          convertibleUnits.join(", ")
        }`,
      );
    }
  }
  if (a[0] !== b[0]) {
    throw new Error(`Cannot convert "${from}" to "${to}" for metric "${metric}"`);
  }
  return a[1] >= b[1] ? { mul: a[1] / b[1], div: 1 } : { mul: 1, div: b[1] / a[1] };
}
