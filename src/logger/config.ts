/**
 * Environment profiles: what a logger does by default in development, test and production.
 *
 * @module
 */

import type { Level } from "../levels.ts";
import { envDenied, envVar } from "../host.ts";
import { writeStderr } from "./_stdio.ts";
import type { FormatName } from "./record.ts";

/** The environments a logger knows. */
export type Env = "development" | "test" | "production";

/** The defaults for one environment. */
export interface LoggerProfile {
  /** The environment the profile is for. */
  readonly env: Env;
  /** The least severe level written. */
  readonly level: Level;
  /** The line format. */
  readonly format: FormatName;
  /** Whether records carry the call site (`src/app.ts:42`). */
  readonly callSite: boolean;
}

const profiles: Readonly<Record<Env, LoggerProfile>> = {
  development: Object.freeze({
    env: "development",
    level: "debug",
    format: "pretty",
    callSite: true,
  }),
  test: Object.freeze({ env: "test", level: "warn", format: "minimal", callSite: false }),
  production: Object.freeze({ env: "production", level: "info", format: "json", callSite: false }),
};

/**
 * The profile for an environment:
 * - `development`: level `debug`, `pretty` format, call sites on. Capturing a call site costs a
 *   stack capture (a few microseconds), noise next to writing to a terminal, and it is what a
 *   developer reading the line wants;
 * - `test`: level `warn`, `minimal` format, nothing else;
 * - `production`: level `info`, `json` format.
 *
 * @param env The environment.
 * @returns Its profile.
 *
 * @example
 * ```ts
 * import { loggerConfig } from "@jido/telemetry/logger";
 *
 * loggerConfig("production");
 * // { env: "production", level: "info", format: "json", callSite: false }
 * ```
 */
export function loggerConfig(env: Env): LoggerProfile {
  return profiles[env];
}

/** Whether `value` names an environment. Internal: not exported from `mod.ts`. */
export function isEnv(value: unknown): value is Env {
  return typeof value === "string" && Object.hasOwn(profiles, value);
}

function parseEnv(value: string | undefined): Env | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  switch (value.trim().toLowerCase()) {
    case "development":
    case "dev":
      return "development";
    case "test":
      return "test";
    default:
      return "production";
  }
}

/**
 * Picks the environment: `env` when given, else `JIDO_ENV`, else `NODE_ENV`, else
 * `"development"`. Variables may say `dev`; any other non-empty value than `development`,
 * `dev` or `test` (`staging`, `prod`, …) means `"production"`, the safe choice for a deployed
 * service.
 *
 * @param env An explicit environment.
 * @returns The environment to use.
 *
 * @example
 * ```ts
 * import { resolveEnv } from "@jido/telemetry/logger";
 *
 * resolveEnv("test"); // "test"
 * resolveEnv(); // from JIDO_ENV or NODE_ENV, else "development"
 * ```
 */
export function resolveEnv(env?: Env): Env {
  const resolved = env ?? parseEnv(envVar("JIDO_ENV")) ?? parseEnv(envVar("NODE_ENV"));
  if (resolved !== undefined) return resolved;
  if (!deniedNoted && (envDenied("JIDO_ENV") || envDenied("NODE_ENV"))) {
    deniedNoted = true;
    writeStderr(
      "@jido/telemetry: cannot read JIDO_ENV or NODE_ENV (under Deno, run with " +
        "--allow-env=JIDO_ENV,NODE_ENV,NO_COLOR); logging with the development profile",
    );
  }
  return "development";
}

let deniedNoted = false;
