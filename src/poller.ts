/**
 * A poller, like Elixir's `telemetry_poller`: while started, it executes
 * `["telemetry", "runtime", "poll"]` every `interval` milliseconds with the process's memory
 * and event-loop delay. Its timer never keeps the process alive.
 *
 * @module
 */

import { builtin, memoryUsage, runtimeName } from "./host.ts";
import { libraryChannels, type RuntimePollMeasurements } from "./library_events.ts";
import { maxTimerDelay, unrefTimer } from "./timer.ts";

/** Options of {@link startPoller}. */
export interface PollerOptions {
  /** Milliseconds between polls. @default 10_000 */
  readonly interval?: number;
}

/** A running poller. */
export interface Poller {
  /** Whether the poller is running. */
  readonly running: boolean;
  /** Executes one `runtime.poll` event now, outside the schedule. */
  poll(): void;
  /** Stops the poller; returns `false` if it was stopped already. */
  stop(): boolean;
}

interface DelayHistogram {
  readonly max: number;
  enable(): boolean;
  disable(): boolean;
  reset(): void;
}

interface PerfHooks {
  monitorEventLoopDelay(options: { resolution: number }): DelayHistogram;
}

const resolution = 10;
const runtime = runtimeName;

function delayHistogram(): DelayHistogram | undefined {
  try {
    const h = builtin<PerfHooks>("node:perf_hooks")?.monitorEventLoopDelay({ resolution });
    if (h === undefined) return undefined;
    h.enable();
    return h;
  } catch {
    return undefined; // Not every runtime implements it; the timer lag still measures delay.
  }
}

/**
 * The histogram's largest delay in milliseconds. Node records each whole timer period (so an
 * idle loop reads as the 10 ms resolution); Deno records the excess. Both become the excess.
 */
function maxDelay(h: DelayHistogram): number {
  const ms = h.max / 1e6;
  return runtime === "node" ? Math.max(0, ms - resolution) : ms;
}

/**
 * Starts polling the process's memory and event-loop delay.
 *
 * Measurements: `heap_used`, `heap_total`, `rss`, `external` (bytes, where the runtime reports
 * memory: Node, Deno, Bun), `event_loop_delay` (how late the poller's own timer fired, ms) and,
 * where the runtime has `monitorEventLoopDelay`, `event_loop_delay_max` (the largest delay since
 * the last poll, ms; at least `event_loop_delay`). Nothing is measured while no handler is
 * attached to the event.
 *
 * @param options The interval.
 * @returns The running poller.
 * @throws {TypeError} If `interval` is not a positive number.
 * @example
 * ```ts
 * import { attach, RUNTIME_POLL, startPoller } from "@jido/telemetry";
 *
 * attach("mem", RUNTIME_POLL, (_e, m) => console.log(`heap ${m.heap_used} B`));
 * const poller = startPoller({ interval: 5_000 });
 * // ... on shutdown
 * poller.stop();
 * ```
 */
export function startPoller(options: PollerOptions = {}): Poller {
  const interval = options.interval ?? 10_000;
  if (typeof interval !== "number" || !(interval > 0) || !(interval <= maxTimerDelay)) {
    throw new TypeError(
      `Poller interval must be a positive number of milliseconds up to ${maxTimerDelay}, got ${
        String(interval)
      }`,
    );
  }
  const histogram = delayHistogram();
  let running = true;
  let expected = performance.now() + interval;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const pollNow = (lag: number): void => {
    const channel = libraryChannels.runtimePoll;
    if (!channel.hasSubscribers) {
      histogram?.reset();
      return;
    }
    const mem = memoryUsage();
    const m: RuntimePollMeasurements = {
      ...(mem === undefined ? {} : {
        heap_used: mem.heapUsed,
        heap_total: mem.heapTotal,
        rss: mem.rss,
        external: mem.external,
      }),
      event_loop_delay: lag,
      ...(histogram !== undefined && histogram.max > 0
        ? { event_loop_delay_max: Math.max(lag, maxDelay(histogram)) }
        : {}),
    };
    histogram?.reset();
    channel.publish(m, { runtime, interval: Math.round(interval) });
  };

  const pollTick = (): void => {
    const now = performance.now();
    const lag = Math.max(0, now - expected);
    expected = now + interval;
    timer = unrefTimer(setTimeout(pollTick, interval));
    try {
      pollNow(lag);
    } catch {
      // A poll must never crash the process it observes.
    }
  };
  timer = unrefTimer(setTimeout(pollTick, interval));

  return {
    get running() {
      return running;
    },
    poll: () => pollNow(0),
    stop(): boolean {
      if (!running) return false;
      running = false;
      clearTimeout(timer);
      histogram?.disable();
      return true;
    },
  };
}
