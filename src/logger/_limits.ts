// Private: validating `limits` options.

import { defaultLimits, type Limits } from "./limits.ts";

/**
 * How far past `maxLineLength` a line may go: a value started before the budget ran out is
 * finished in short form (at least 64 characters and a marker) and open objects are closed with
 * `…[N more …]` markers. A line that would go further has its metadata replaced by a marker.
 */
export const lineSlack = 1024;

/** Fills in default limits and rejects values that are not positive integers. */
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
