// Private: the default sink. Lines for stdout are gathered in a string and written with one
// synchronous `writeSync` at the end of the current event-loop turn (or as soon as 64 KiB are
// waiting), and on `process.on("exit")`, which also runs after `process.exit()` and after an
// uncaught exception, so nothing logged before the process ends is lost. Under Deno the same
// happens on the global "unload", "error" and "unhandledrejection" events.

import { writeSync } from "node:fs";
import process from "node:process";
import { setImmediate } from "node:timers";
import { reportOnce } from "./_report.ts";

const encoder = new TextEncoder();
const pause = new Int32Array(new SharedArrayBuffer(4));

/** A buffered, synchronous writer to a file descriptor. */
export class FdWriter {
  #buffer = "";
  #scheduled = false;
  #failed = false;
  readonly #fd: number;
  readonly #report = reportOnce("writing log records failed, dropping them");

  /** Makes a writer for `fd` and flushes it when the process exits. */
  constructor(fd: number) {
    this.#fd = fd;
    const flush = () => this.flushSync();
    try {
      process.on("exit", flush);
    } catch {
      // No process events here: records are still written at the end of each turn.
    }
    // Deno fires these, not process "exit", on Deno.exit() and on an uncaught error.
    const events = globalThis as { addEventListener?: (type: string, fn: () => void) => void };
    if (typeof events.addEventListener === "function") {
      for (const type of ["unload", "error", "unhandledrejection"]) {
        events.addEventListener(type, flush);
      }
    }
  }

  /** Queues `text` (with its newline). */
  write(text: string): void {
    if (this.#failed) return;
    this.#buffer += text;
    if (this.#buffer.length >= 65536) this.flushSync();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#tick);
    }
  }

  #tick = (): void => {
    this.#scheduled = false;
    this.flushSync();
  };

  /** Writes everything queued, now. Never throws. */
  flushSync(): void {
    if (this.#buffer === "") return;
    const bytes = encoder.encode(this.#buffer);
    this.#buffer = "";
    let offset = 0;
    let waits = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(this.#fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        if ((error as { code?: unknown }).code === "EAGAIN" && waits++ < 1000) {
          Atomics.wait(pause, 0, 0, 1);
          continue;
        }
        this.#failed = true;
        this.#report(error);
        return;
      }
    }
  }
}

let stdout: FdWriter | undefined;

/** The process-wide writer for stdout, shared by every logger so lines stay in order. */
export function stdoutWriter(): FdWriter {
  return stdout ??= new FdWriter(1);
}
