/**
 * The original design's `attach_all/0` and `detach_all/0`: the log and metrics handlers
 * together.
 *
 * @module
 */

import { attachLogHandler, detachLogHandler, type LogHandlerOptions } from "./log.ts";
import {
  attachMetricsHandler,
  detachMetricsHandler,
  type MetricsHandlerOptions,
} from "./metrics.ts";
import type { Logger } from "../logger/logger.ts";
import type { MetricDefinition } from "../metrics/definition.ts";

/** Options of {@link attachAll}. */
export interface AttachAllOptions {
  /** Options of the log handler. @default {} */
  readonly log?: LogHandlerOptions;
  /** Metric definitions. @default defaultDefinitions(catalog) */
  readonly metrics?: readonly MetricDefinition[];
  /** Options of the metrics handler. @default {} */
  readonly metricsOptions?: MetricsHandlerOptions;
}

/**
 * Attaches the log handler and the metrics handler. If the second fails, the first is
 * detached again, so it attaches both or neither.
 *
 * @param options Options for each handler.
 * @returns The logger the log handler writes through (to `flush()` it before exiting).
 * @throws {TelemetryError} With code `"already_exists"` if either is attached.
 * @example
 * ```ts
 * import { attachAll, detachAll } from "@jido/telemetry";
 *
 * attachAll();
 * // ... the application runs
 * detachAll();
 * ```
 */
export function attachAll(options: AttachAllOptions = {}): Logger {
  const logger = attachLogHandler(options.log);
  try {
    attachMetricsHandler(options.metrics, options.metricsOptions);
  } catch (error) {
    detachLogHandler();
    throw error;
  }
  return logger;
}

/**
 * Detaches the log handler and the metrics handler.
 *
 * @returns `true` if either was attached, else `false`.
 * @example
 * ```ts
 * import { detachAll } from "@jido/telemetry";
 *
 * console.log(detachAll()); // false when nothing was attached
 * ```
 */
export function detachAll(): boolean {
  const log = detachLogHandler();
  const metrics = detachMetricsHandler();
  return log || metrics;
}
