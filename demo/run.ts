/**
 * The demo, without its command line: attaches the log and metrics handlers (and, to serve
 * `/metrics`, a Prometheus reporter) and three alert rules, runs the simulated workload, and
 * writes the log lines, a progress line on terminals, and the summary to an output.
 *
 * @module
 */

import { ALERT_TRIGGERED, attach, attachAll, detach, detachAll, standardCatalog } from "../mod.ts";
import { type Alert, alert } from "../src/alerts/mod.ts";
import { attachCostAccounting, type CostAccounting } from "../src/cost/mod.ts";
import { createLogger, type Env, type SinkFunction } from "../src/logger/mod.ts";
import { type FinishedSpan, onSpanEnd } from "../src/trace/mod.ts";
import { seeded } from "./random.ts";
import { type FiredAlert, int, readSummary, renderSummary, type Summary } from "./summary.ts";
import { runWorkload, type VirtualClock } from "./workload.ts";

/** Where the demo writes: stdout, or a collector in tests. */
export interface DemoOutput {
  /** Writes log lines and the progress line; a returned promise is awaited (backpressure). */
  write(text: string): void | Promise<void>;
  /**
   * Writes the summary. With JSON lines (`env: "production"`) the summary goes here, so that
   * `write` carries nothing but JSON lines (stderr, for `npm start -- --env production | jq`).
   * @default write
   */
  writeSummary?(text: string): void | Promise<void>;
  /** Whether `write` goes to a terminal: only then is a progress line drawn. */
  readonly isTTY: boolean;
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Sessions to simulate. @default 5 */
  readonly sessions?: number;
  /** Seed of every random choice. @default 42 */
  readonly seed?: number;
  /** The logger's environment profile. @default "development" */
  readonly env?: Env;
  /** ANSI colours in log lines and the summary. @default false */
  readonly colors?: boolean;
  /** Wall-clock time simulated time starts at, ms since the epoch. @default Date.now() */
  readonly startedAt?: number;
  /** Measures real time, for the progress line and the title. @default performance.now */
  readonly realClock?: () => number;
  /** The session whose trace the summary draws. @default "s-0001" */
  readonly traceSession?: string;
  /**
   * Runs simulated time at most this many times faster than real time, so that a live
   * dashboard sees the run unfold (`--dashboard` uses 10).
   * @default no limit
   */
  readonly speed?: number;
  /** Also receives every log line and its level (a dashboard's log ring). @default none */
  readonly logSink?: SinkFunction;
  /** Called with the run's cost accounting when it is attached (a dashboard's cost panel). */
  readonly onCosts?: (costs: CostAccounting) => void;
}

/** What {@link runDemo} returns. */
export interface DemoResult {
  /** The summary's numbers. */
  readonly summary: Summary;
  /** The summary as printed. */
  readonly text: string;
  /** Log lines written. */
  readonly lines: number;
  /** The session that failed. */
  readonly failedSession: string;
  /** The spans of the traced session, in the order they ended. */
  readonly trace: readonly FinishedSpan[];
}

/** Clears a terminal's current line (the progress line). */
const clearLine = "\r\x1b[K";

/**
 * Runs the demo once: handlers attached for the run and detached after it, so the metrics
 * handler's store (`getMetrics()`) still holds the run's numbers when it returns.
 *
 * @example
 * ```ts
 * const { summary } = await runDemo({ sessions: 2 }, { isTTY: false, write: () => {} });
 * console.log(summary.counts["jido_coder_lib.session.start"]); // 2
 * ```
 */
export async function runDemo(options: DemoOptions, out: DemoOutput): Promise<DemoResult> {
  const sessions = options.sessions ?? 5;
  const seed = options.seed ?? 42;
  const colors = options.colors ?? false;
  const realClock = options.realClock ?? (() => performance.now());
  const speed = options.speed;
  const began = realClock();
  let clock: VirtualClock | undefined;
  const wall = () => clock?.wall() ?? Date.now();
  let pending: string[] = [];
  let lines = 0;
  const logger = createLogger({
    env: options.env ?? "development",
    colors,
    clock: wall,
    sink: (line, level) => {
      pending.push(line);
      lines++;
      options.logSink?.(line, level);
    },
  });
  attachAll({ catalog: standardCatalog, log: { logger } });
  const traceSession = options.traceSession ?? "s-0001";
  const trace: FinishedSpan[] = [];
  const stopTracing = onSpanEnd((span) => {
    if (span.metadata.session_id === traceSession) trace.push(span);
  });
  const fired: FiredAlert[] = [];
  const alerts: Alert[] = [];
  let costs: CostAccounting | undefined;
  try {
    costs = attachCostAccounting(standardCatalog, { id: "demo-costs", clock: wall });
    options.onCosts?.(costs);
    attach("demo-alerts", ALERT_TRIGGERED, (_event, m, md) => {
      fired.push({
        rule: String(md.rule),
        severity: String(md.severity ?? ""),
        at: wall(),
        value: m.value,
        condition: String(md.condition),
      });
    });
    alerts.push(
      alert({
        name: "llm-slow",
        metric: "jido_coder_lib.llm.response.duration",
        catalog: standardCatalog,
        condition: { above: 12_000, window: { ms: 60_000, aggregate: "mean" } },
        cooldown: 300_000,
        severity: "warning",
        clock: wall,
        checkEvery: 0, // checked on every sample, in simulated time: no real-time timer
      }),
      alert({
        name: "llm-errors",
        metric: "jido_coder_lib.llm.response.count",
        catalog: standardCatalog,
        keep: (md) => md.finish_reason === "error",
        condition: { moreThan: 1, within: 300_000 },
        cooldown: 300_000,
        severity: "warning",
        clock: wall,
        checkEvery: 0,
      }),
      alert({
        name: "session-failed",
        metric: "jido_coder_lib.session.error.count",
        catalog: standardCatalog,
        condition: { moreThan: 0, within: 60_000 },
        cooldown: 300_000,
        severity: "critical",
        clock: wall,
        checkEvery: 0,
      }),
    );
    const progress = (finished: number): string => {
      const width = 24;
      const done = Math.floor((width * finished) / sessions);
      const seconds = ((realClock() - began) / 1000).toFixed(1);
      return `[${"#".repeat(done)}${".".repeat(width - done)}] ${int(finished)}/${
        int(sessions)
      } sessions, ${int(lines)} lines, ${seconds} s`;
    };
    let drawn = false;
    const flush = async (finished: number | undefined) => {
      let text = drawn ? clearLine : "";
      if (pending.length > 0) text += pending.join("\n") + "\n";
      pending = [];
      drawn = out.isTTY && finished !== undefined;
      if (drawn) text += progress(finished!);
      if (text !== "") await out.write(text);
      // Let the event loop turn: timers (alerts' checks), a scrape, Ctrl-C; with a speed, wait
      // until real time catches up with simulated time.
      const ahead = speed === undefined || clock === undefined
        ? 0
        : clock.now() / speed - (realClock() - began);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, ahead)));
    };
    const result = await runWorkload({
      sessions,
      random: seeded(seed),
      startedAt: options.startedAt ?? Date.now(),
      onClock: (c) => (clock = c),
      onProgress: (finished) => flush(finished),
      yieldEvery: speed === undefined ? undefined : 1,
    });
    await flush(undefined);
    for (const a of alerts) a.check();
    await flush(undefined);
    const summary = readSummary(fired, { session: traceSession, spans: trace }, costs);
    const seconds = ((realClock() - began) / 1000).toFixed(2);
    const simulated = (result.simulatedMs / 60_000).toFixed(1);
    const text = renderSummary(summary, {
      colors,
      title: `Summary: ${int(sessions)} sessions (${result.failedSession} failed), seed ${seed}, ` +
        `${simulated} simulated minutes in ${seconds} s`,
    });
    if (out.writeSummary) await out.writeSummary(`\n${text}\n`);
    else await out.write(`\n${text}\n`);
    return { summary, text, lines, failedSession: result.failedSession, trace };
  } finally {
    stopTracing();
    costs?.detach();
    for (const a of alerts) a.stop();
    detach("demo-alerts");
    detachAll();
  }
}
