/**
 * The error every matcher of `@jido/telemetry/testing` throws: a plain `Error` subclass, so it
 * fails a test under any runner (node:test, ava, Vitest, Jest, `deno test`).
 *
 * @module
 */

/**
 * Thrown by a failed matcher. Its message says what was expected and shows what was captured;
 * `code` is `"ERR_ASSERTION"`, as Node's `assert` errors have it.
 *
 * @example
 * ```ts
 * import { captureEvents, TelemetryAssertionError } from "@jido/telemetry/testing";
 *
 * const capture = captureEvents([["app", "job", "done"]]);
 * try {
 *   capture.assertEmitted(["app", "job", "done"]);
 * } catch (error) {
 *   console.log(error instanceof TelemetryAssertionError); // true
 * }
 * capture.dispose();
 * ```
 */
export class TelemetryAssertionError extends Error {
  /** Always `"ERR_ASSERTION"`. */
  readonly code: "ERR_ASSERTION" = "ERR_ASSERTION";

  /**
   * Makes the error a matcher throws.
   *
   * @param message What was expected and what was captured.
   */
  constructor(message: string) {
    super(message);
    this.name = "TelemetryAssertionError";
  }
}
