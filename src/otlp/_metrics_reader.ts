// Private: the metrics signal's reading side: the source read at the interval (skipped while
// the previous reading is still being sent, since the next one carries the same cumulative
// totals), and once more when a flush or the shutdown asks.

import { envVar } from "../host.ts";
import { maxTimerDelay, unrefTimer } from "../timer.ts";
import type { Delivery } from "./_delivery.ts";
import { definitionsOf, snapshotsOf } from "./_check.ts";
import { metricEntries } from "./metrics.ts";
import type { OtlpMetricsOptions } from "./options.ts";

/** Reads a metric source into a delivery. */
export interface MetricsReader {
  /** Reads the source now and sends its data points. Never throws. */
  collect(): void;
  /**
   * Settles what is being sent, reads the source (after the shutdown's wait in any case,
   * else only if nothing is still in flight) and settles that too, by `deadline`.
   */
  flush(deadline: number, final: boolean): Promise<void>;
  /** Stops the interval. */
  stop(): void;
}

/** The interval: the option, else OTEL_METRIC_EXPORT_INTERVAL, else 60 s. */
function intervalOf(options: OtlpMetricsOptions, warn: (m: string) => void): number {
  if (options.intervalMs !== undefined) return options.intervalMs;
  const raw = envVar("OTEL_METRIC_EXPORT_INTERVAL");
  if (raw === undefined || raw.trim() === "") return 60_000;
  const value = Number(raw);
  if (Number.isFinite(value) && value > 0 && value <= maxTimerDelay) return value;
  warn("OTEL_METRIC_EXPORT_INTERVAL is not a positive number of milliseconds; 60000 is used");
  return 60_000;
}

/**
 * Starts reading `options.source` into `delivery` every interval (an unref'd timer). A source
 * that throws is reported once through `failed`; the next reading may succeed.
 */
export function startMetricsReader(
  options: OtlpMetricsOptions,
  delivery: Delivery,
  warn: (message: string) => void,
  failed: (error: unknown) => void,
): MetricsReader {
  const read = snapshotsOf(options.source);
  const definitions = definitionsOf(options);
  const startTime = options.startTime ?? Date.now();
  const collect = (): void => {
    try {
      const entries = metricEntries(read(), { startTime, time: Date.now(), definitions });
      for (const entry of entries) delivery.push(entry);
      delivery.send();
    } catch (error) {
      failed(error);
    }
  };
  const timer = unrefTimer(setInterval(() => {
    if (!delivery.busy()) collect();
  }, intervalOf(options, warn)));
  return {
    collect,
    async flush(deadline, final) {
      if (delivery.busy()) await delivery.flush(deadline);
      if (final || !delivery.busy()) collect();
      await delivery.flush(deadline);
    },
    stop: () => clearInterval(timer),
  };
}
