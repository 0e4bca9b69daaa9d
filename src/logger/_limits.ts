// Private: validating `limits` options.

import { defaultLimits, type Limits } from "./limits.ts";

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
