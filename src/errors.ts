/**
 * Errors thrown by the event bus.
 *
 * @module
 */

/** Why a {@link TelemetryError} was thrown. */
export type TelemetryErrorCode = "already_exists";

/**
 * An error thrown by the event bus for a call it refuses, with a machine-readable `code`.
 *
 * @example
 * ```ts
 * import { attach, TelemetryError } from "@jido/telemetry";
 *
 * attach("my-handler", ["app", "thing", "done"], () => {});
 * try {
 *   attach("my-handler", ["app", "thing", "done"], () => {});
 * } catch (error) {
 *   if (error instanceof TelemetryError) console.log(error.code); // "already_exists"
 * }
 * ```
 */
export class TelemetryError extends Error {
  /** The machine-readable reason: `"already_exists"` when a handler id is taken. */
  readonly code: TelemetryErrorCode;

  /**
   * Makes an error with a code and a message.
   *
   * @param code The machine-readable reason.
   * @param message The human-readable message.
   */
  constructor(code: TelemetryErrorCode, message: string) {
    super(message);
    this.name = "TelemetryError";
    this.code = code;
  }
}
