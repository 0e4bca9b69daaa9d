/**
 * A bounded ring of recent log lines: a logger sink whose lines the dashboard shows.
 *
 * @module
 */

import type { Level } from "../levels.ts";
import type { SinkFunction } from "../logger/mod.ts";
import { Ring } from "./_ring.ts";
import type { DashboardLogLine } from "./snapshot.ts";

/** Options of {@link createLogRing}. */
export interface LogRingOptions {
  /** How many lines are kept; older ones are dropped. @default 500 */
  readonly size?: number;
  /**
   * Where each line also goes (the sink the logger had), so the dashboard watches the logs
   * without taking them from their destination.
   * @default nowhere
   */
  readonly forward?: SinkFunction;
  /** The clock stamping lines, in milliseconds since the Unix epoch. @default Date.now */
  readonly clock?: () => number;
}

/** Recent log lines, filled by its {@link LogRing.sink}. */
export interface LogRing {
  /** The sink to give a logger (`createLogger({ sink: ring.sink })`). */
  readonly sink: SinkFunction;
  /**
   * The lines kept, oldest first.
   *
   * @param after Only lines whose `seq` is greater. @default 0
   */
  lines(after?: number): DashboardLogLine[];
  /** Forgets every line (numbering goes on). */
  clear(): void;
}

// Terminal colour and cursor codes: the page shows lines as text.
// deno-lint-ignore no-control-regex
const ansi = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * Creates a ring of recent log lines for {@link dashboardHandler}'s `logs` option.
 *
 * @param options Its size, where lines also go, its clock.
 * @returns The ring, with the sink to give a logger.
 * @throws {RangeError} If `size` is not a positive integer.
 * @example
 * ```ts
 * import { createLogger } from "@jido/telemetry/logger";
 * import { createLogRing } from "@jido/telemetry/dashboard";
 *
 * const logs = createLogRing({ size: 100 });
 * createLogger({ env: "test", sink: logs.sink }).warn("Low disk");
 * console.log(logs.lines()[0].line); // "[warn] Low disk"
 * ```
 */
export function createLogRing(options: LogRingOptions = {}): LogRing {
  const size = options.size ?? 500;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`The log ring's size must be a positive integer, got ${String(size)}`);
  }
  const clock = options.clock ?? Date.now;
  const forward = options.forward;
  const ring = new Ring<DashboardLogLine>(size);
  let seq = 0;
  return Object.freeze({
    sink: (line: string, level: Level) => {
      ring.push(Object.freeze({ seq: ++seq, time: clock(), level, line: line.replace(ansi, "") }));
      forward?.(line, level);
    },
    lines: (after = 0) => ring.toArray().filter((l) => l.seq > after),
    clear: () => ring.clear(),
  });
}
