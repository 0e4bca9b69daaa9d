/**
 * Sinks: where formatted lines go.
 *
 * The default sink is stdout for every level and format (one stream keeps records in order and
 * is what container log collectors read). It is buffered for speed and written synchronously at
 * the end of each event-loop turn and on process exit (including `process.exit()` and an
 * uncaught exception). A reader slower than the logging (a pipe) never blocks the event loop
 * and loses no line: the excess waits in a backlog of up to 16 MiB written as the reader takes
 * it (past that, whole records are dropped and their number reported on stderr). Lines buffered
 * in the current turn are lost if a signal such as SIGTERM kills the process with no handler;
 * `{ sync: true }` writes each line at once instead. See {@link Sink}.
 *
 * @module
 */

import { isatty } from "node:tty";
import type { Level } from "../catalog.ts";
import { stdoutWriter } from "./_fd_writer.ts";
import { reportOnce } from "./_report.ts";

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
 */
export type Sink = SinkFunction | WritableLike;

/** Options of {@link lineWriter}. */
export interface LineWriterOptions {
  /**
   * For the default stdout sink: write each line at once with a synchronous write (waiting for a
   * slow reader), rather than at the end of the event-loop turn. Slower, but no line is lost
   * when a signal kills the process mid-turn. Ignored for other sinks.
   * @default false
   */
  readonly sync?: boolean;
}

/** A sink wrapped so that it never throws. */
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
 * Wraps a sink so that it never throws.
 *
 * @param sink A function, a writable stream, or `undefined` for stdout.
 * @param options Whether the stdout sink writes each line synchronously.
 * @returns The wrapped sink.
 *
 * @example
 * ```ts
 * import { lineWriter } from "@jido/telemetry";
 *
 * const lines: string[] = [];
 * const writer = lineWriter((line) => lines.push(line));
 * writer.write("hello", "info");
 * await writer.flush();
 * lines; // ["hello"]
 * ```
 */
export function lineWriter(sink?: Sink, options: LineWriterOptions = {}): LineWriter {
  const report = reportOnce("log sink failed");
  if (sink === undefined) {
    const out = stdoutWriter();
    const sync = options.sync === true;
    let tty = false;
    try {
      tty = isatty(1);
    } catch {
      // Not a terminal as far as we can tell.
    }
    return {
      tty,
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
