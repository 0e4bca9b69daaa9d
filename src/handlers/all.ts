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
import type { Catalog } from "../catalog.ts";
import type { Logger } from "../logger/mod.ts";

/** Options of {@link attachAll}. */
export interface AttachAllOptions {
  /** The catalog of the events to log and measure: your generated `catalog`, or `standardCatalog`. */
  readonly catalog: Catalog;
  /** Options of the log handler (its `catalog` defaults to this one). @default {} */
  readonly log?: Partial<LogHandlerOptions>;
  /** Options of the metrics handler (its `catalog` defaults to this one). @default {} */
  readonly metrics?: Partial<MetricsHandlerOptions>;
}

/**
 * Attaches the log handler and the metrics handler. If the second fails, the first is
 * detached again, so it attaches both or neither.
 *
 * @param options Options for each handler.
 * @returns The logger the log handler writes through (to `flush()` it before exiting).
 * @throws {TelemetryError} With code `"already_exists"` if either is attached.
 * @throws {TypeError} If `options.catalog` is missing.
 * @example
 * ```ts
 * import { attachAll, detachAll, standardCatalog } from "@jido/telemetry";
 *
 * attachAll({ catalog: standardCatalog });
 * // ... the application runs
 * detachAll();
 * ```
 */
export function attachAll(options: AttachAllOptions): Logger {
  const catalog = options?.catalog;
  const logger = attachLogHandler({ ...options?.log, catalog: options?.log?.catalog ?? catalog });
  try {
    attachMetricsHandler({
      ...options.metrics,
      catalog: options.metrics?.catalog ?? catalog,
    });
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
