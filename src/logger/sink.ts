/**
 * Sinks: where formatted lines go.
 *
 * The default sink is stdout for every level and format (one stream keeps records in order and
 * is what container log collectors read). It is buffered for speed but flushed synchronously at
 * the end of each event-loop turn and on process exit; see {@link Sink}.
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
export function lineWriter(sink?: Sink): LineWriter {
  const report = reportOnce("log sink failed");
  if (sink === undefined) {
    const out = stdoutWriter();
    let tty = false;
    try {
      tty = isatty(1);
    } catch {
      // Not a terminal as far as we can tell.
    }
    return {
      tty,
      write: (line) => out.write(line + "\n"),
      flush: () => Promise.resolve(out.flushSync()),
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
