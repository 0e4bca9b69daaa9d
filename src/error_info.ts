/**
 * Reads what telemetry reports about a thrown value without ever throwing itself: a thrown
 * value can be a Proxy whose traps throw, or an Error whose `stack` getter throws.
 *
 * @module
 */

/** `"error"` for an `Error` (Erlang's `error` class), `"throw"` for any other thrown value. */
export function errorKind(error: unknown): "error" | "throw" {
  try {
    return error instanceof Error ? "error" : "throw";
  } catch {
    return "throw";
  }
}

/** The error's stack as a string, or `""`. */
export function errorStack(error: unknown): string {
  try {
    if (!(error instanceof Error)) return "";
    const stack = error.stack;
    return typeof stack === "string" ? stack : "";
  } catch {
    return "";
  }
}

/** The error's message (or the thrown value) as a string. */
export function errorReason(error: unknown): string {
  try {
    return error instanceof Error ? String(error.message) : String(error);
  } catch {
    return "[unprintable error]";
  }
}

/** `Name: message` for an Error, else the value as a string, for one-line reports. */
export function errorSummary(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return "[unprintable error]";
  }
}

/**
 * The error's class, as OpenTelemetry's `error.type` wants it: an `Error`'s `name` (`"TypeError"`,
 * a custom class's name), `"_OTHER"` for a thrown value that is not an `Error`.
 */
export function errorType(error: unknown): string {
  try {
    if (!(error instanceof Error)) return "_OTHER";
    const name = error.name;
    return typeof name === "string" && name !== "" ? name : "Error";
  } catch {
    return "_OTHER";
  }
}
