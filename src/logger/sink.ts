/**
 * Sinks: where formatted lines go.
 *
 * The default sink is stdout for every level and format (one stream keeps records in order and
 * is what container log collectors read). Where the host has `node:fs` (Node, Deno, Bun) it is
 * buffered for speed and written synchronously at the end of each event-loop turn and on process
 * exit (including `process.exit()` and an uncaught exception). A reader slower than the logging
 * (a pipe) never blocks the event loop and loses no line: the excess waits in a backlog of up to
 * 16 MiB written as the reader takes it (past that, whole records are dropped and their number
 * reported on stderr). Lines buffered in the current turn are lost if a signal such as SIGTERM
 * kills the process with no handler; `{ sync: true }` writes each line at once instead. Where
 * the host has no `node:fs` (a browser, an edge runtime), each line goes to `console.log(line)`
 * as it is logged. See {@link Sink}.
 *
 * @module
 */

import type { Level } from "../levels.ts";
import { stdoutWriter } from "./_fd_writer.ts";
import { isTerminal, reportOnce } from "./_stdio.ts";

/** A function that receives each formatted line (without a newline) and its level. */
export type SinkFunction = (line: string, level: Level) => void;

/** Anything with a `write(text)` method, such as a Node `Writable`; it receives `line + "\n"`. */
export interface WritableLike {
  /** Writes one chunk of text. */
  write(chunk: string): unknown;
}

/**
 * Where a logger writes: a function or a writable stream. A sink that throws (or a stream that
 * emits `"error"`) never throws into the caller; the failure is reported once on stderr and
 * later records are still offered to the sink.
 *
 * Without a sink a logger writes to stdout: buffered through `node:fs` where the host has it
 * (Node, Deno, Bun), else (a browser, an edge runtime) with `console.log(line)` for each line.
 *
 * @example
 * ```ts
 * import { createLogger, type Sink } from "@jido/telemetry/logger";
 *
 * const lines: string[] = [];
 * const sink: Sink = (line, level) => lines.push(`${level} ${line}`);
 * createLogger({ env: "test", sink }).warn("Low disk");
 * lines; // ["warn [warn] Low disk"]
 * ```
 */
export type Sink = SinkFunction | WritableLike;

/** Options of {@link lineWriter}. Internal: not exported from `mod.ts`. */
export interface LineWriterOptions {
  /**
   * For the default stdout sink: write each line at once with a synchronous write (waiting for a
   * slow reader), rather than at the end of the event-loop turn. Slower, but no line is lost
   * when a signal kills the process mid-turn. Ignored for other sinks.
   * @default false
   */
  readonly sync?: boolean;
}

/** A sink wrapped so that it never throws. Internal: not exported from `mod.ts`. */
export interface LineWriter {
  /** Writes one line. */
  write(line: string, level: Level): void;
  /** Resolves when everything written so far has reached the sink. */
  flush(): Promise<void>;
  /** Whether the destination is a terminal (colours are on by default only then). */
  readonly tty: boolean;
}

interface NodeWritable extends WritableLike {
  readonly isTTY?: boolean;
  readonly writableLength?: number;
  write(chunk: string, callback?: (error?: unknown) => void): unknown;
  on?(event: "error", listener: (error: unknown) => void): unknown;
}

/**
 * Wraps a sink so that it never throws. Internal: not exported from `mod.ts`.
 *
 * @param sink A function, a writable stream, or `undefined` for stdout.
 * @param options Whether the stdout sink writes each line synchronously.
 * @returns The wrapped sink.
 */
export function lineWriter(sink?: Sink, options: LineWriterOptions = {}): LineWriter {
  const report = reportOnce("log sink failed");
  if (sink === undefined) {
    const out = stdoutWriter();
    if (out === undefined) return consoleWriter(report);
    const sync = options.sync === true;
    return {
      tty: isTerminal(1),
      write: (line) => out.write(line + "\n", sync),
      flush: () => out.flush(),
    };
  }
  if (typeof sink === "function") {
    return {
      tty: false,
      write(line, level) {
        try {
          sink(line, level);
        } catch (error) {
          report(error);
        }
      },
      flush: () => Promise.resolve(),
    };
  }
  const stream = sink as NodeWritable;
  try {
    stream.on?.("error", report);
  } catch (error) {
    report(error);
  }
  if (typeof stream.writableLength !== "number") {
    return {
      tty: stream.isTTY === true,
      write(line) {
        try {
          stream.write(line + "\n");
        } catch (error) {
          report(error);
        }
      },
      flush: () => Promise.resolve(),
    };
  }
  // A Node Writable: count writes until their callbacks run, so flush() can wait for them.
  let pending = 0;
  let waiters: (() => void)[] = [];
  const written = (): void => {
    if (--pending > 0) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  return {
    tty: stream.isTTY === true,
    write(line) {
      pending++;
      try {
        stream.write(line + "\n", written);
      } catch (error) {
        written();
        report(error);
      }
    },
    flush: () =>
      pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve)),
  };
}

/** Stdout where the host has no `node:fs`: `console.log(line)` for each line, unbuffered. */
function consoleWriter(report: (error: unknown) => void): LineWriter {
  return {
    tty: false,
    write(line) {
      try {
        console.log(line);
      } catch (error) {
        report(error);
      }
    },
    flush: () => Promise.resolve(),
  };
}
