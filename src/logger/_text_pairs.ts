// Private: ` key=value` pairs shared by the pretty and minimal formats, and their colours. Like
// the JSON containers (see _json_containers.ts), they keep the walk's budget exact and start a
// pair only when its key fits.

import { readSafely } from "../objects.ts";
import type { Metadata } from "../telemetry.ts";
import { textToken } from "./_escape.ts";
import { fit, textKey } from "./_fit.ts";
import { jsonValue, room, type Walk } from "./_json_value.ts";
import { unreadable } from "./_metadata.ts";
import { unitSuffix } from "./units.ts";

/** ANSI colour wrappers; identity functions when colours are off. */
export interface Paint {
  readonly key: (text: string) => string;
  readonly dim: (text: string) => string;
}

const plain: Paint = { key: (t) => t, dim: (t) => t };
const ansi: Paint = {
  key: (t) => "\x1b[36m" + t + "\x1b[39m",
  dim: (t) => "\x1b[2m" + t + "\x1b[22m",
};

/** The colour wrappers for `colors`. */
export function paint(colors: boolean): Paint {
  return colors ? ansi : plain;
}

/**
 * A measurement for human eyes: at most 3 decimals (3 significant digits below 1), so a
 * duration reads `7.04ms`, not `7.039782000000002ms`. Only values with a unit (pretty) get this;
 * json and minimal keep every digit.
 */
function readable(value: number | bigint): string {
  if (typeof value === "bigint" || Number.isInteger(value) || !Number.isFinite(value)) {
    return String(value);
  }
  return String(Math.abs(value) >= 1 ? Number(value.toFixed(3)) : Number(value.toPrecision(3)));
}

/** A value for `key=value` text: bare or quoted strings, numbers with units, JSON otherwise. */
function textValue(value: unknown, unit: string | undefined, walk: Walk): string {
  switch (typeof value) {
    case "string": {
      const token = fit(value, room(walk), walk.redactor, "token");
      walk.budget -= token.length;
      return token;
    }
    case "number":
    case "bigint":
      return unit === undefined ? String(value) : readable(value) + unitSuffix(unit);
    case "boolean":
      return value ? "true" : "false";
    default:
      return jsonValue(value, walk, 1);
  }
}

/** ` key=value key2=value2`, redacted and bounded; the leading space included. */
export function textPairs(
  metadata: Metadata,
  units: Readonly<Record<string, string>> | undefined,
  walk: Walk,
  colors: Paint,
): string {
  let keys: string[];
  try {
    keys = Object.keys(metadata);
  } catch (error) {
    metadata = { logger_error: unreadable(error) };
    keys = ["logger_error"];
  }
  const start = walk.budget;
  let out = "";
  for (let i = 0; i < keys.length; i++) {
    walk.budget = start - out.length;
    const key = keys[i];
    const name = i < walk.limits.maxItems && walk.budget > 0 ? textKey(key, walk.redactor) : "";
    if (name === "" || walk.budget < name.length + 2) {
      out += " " + colors.key("…=") + `[${keys.length - i}_more_keys]`;
      break;
    }
    const value = readSafely(metadata, key);
    if (value === undefined) continue;
    walk.budget -= name.length + 2;
    const text = walk.redactor.key(key)
      ? textToken(walk.redactor.censor)
      : textValue(value, units?.[key], walk);
    out += " " + colors.key(name + "=") + text;
  }
  walk.budget = start - out.length;
  return out;
}
