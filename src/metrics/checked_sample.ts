/**
 * What one event is worth to a metric definition, with the values that cannot be recorded told
 * apart from the events that carry no value: `NaN`, ±Infinity, a value that is not a number, or
 * a finite value that unit conversion takes past the float range (1e300 seconds in
 * nanoseconds). Recorders and alerts count those and report them once instead of skipping them
 * in silence. Not part of the public entry.
 *
 * @module
 */

import type { Measurements, Metadata, MetricDefinition } from "./definition.ts";
import { compileSample } from "./sample.ts";

/** A value that cannot be recorded, and why. */
export interface Rejected {
  /** Why, for the one report: `"NaN is not a finite number"`. */
  readonly reason: string;
}

/** A value, `undefined` to skip the event (filtered out, or no value), or a {@link Rejected}. */
export type CheckedSample = (
  measurements: Measurements,
  metadata: Metadata,
) => number | undefined | Rejected;

/** Describes a value that is not a number in a report: strings quoted and cut short. */
function describe(value: unknown): string {
  if (typeof value === "string") {
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  }
  return `a value of type ${typeof value}`;
}

/**
 * Checks a raw value: the value if it is a finite number, `undefined` if there is none
 * (`undefined` or `null`), else a {@link Rejected}.
 */
export function checkValue(raw: unknown): number | undefined | Rejected {
  if (typeof raw === "number") {
    return Number.isFinite(raw) ? raw : { reason: `${raw} is not a finite number` };
  }
  if (raw === undefined || raw === null) return undefined;
  return { reason: `${describe(raw)} is not a number` };
}

/** Whether a checked sample is a rejection. */
export function isRejected(v: number | undefined | Rejected): v is Rejected {
  return typeof v === "object";
}

/**
 * Compiles `compileSample(def)` so that it tells rejected values apart: the definition's
 * measurement is read through a wrapper that keeps the raw value it returned.
 */
export function compileCheckedSample(def: MetricDefinition): CheckedSample {
  if (def.kind === "counter") return compileSample(def); // Counts events: never a value to reject.
  const { measurement } = def;
  const measure = typeof measurement === "string"
    ? (measurements: Measurements) => measurements[measurement]
    : measurement;
  let raw: unknown;
  const sample = compileSample({
    ...def,
    measurement: (measurements: Measurements, metadata: Metadata) =>
      (raw = measure(measurements, metadata)) as number | undefined,
  });
  const conversion = def.conversion;
  return (measurements, metadata) => {
    raw = undefined;
    const value = sample(measurements, metadata);
    if (value !== undefined && Number.isFinite(value)) return value;
    if (value !== undefined) {
      return {
        reason: `${raw} ${conversion?.from} is past the float range in ${conversion?.to}`,
      };
    }
    // undefined: filtered out or no value (raw stays undefined), or a value that is not finite.
    const checked = checkValue(raw);
    return isRejected(checked) ? checked : undefined;
  };
}
