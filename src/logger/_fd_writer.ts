// Private: the default sink where the host has `node:fs` (Node, Deno, Bun). Lines for stdout are
// gathered in a string and written with one synchronous `writeSync` at the end of the current
// event-loop turn (or as soon as 64 KiB are waiting), and on `process.on("exit")`, which also runs
// after `process.exit()` and after an uncaught exception. Under Deno the same happens on the global
// "unload", "error" and "unhandledrejection" events.
//
// Back-pressure. When stdout is a pipe read more slowly than lines are logged, a write fails
// with EAGAIN or writes only part of the text. The writer then never waits: what is left (the
// rest of a line first, so lines are never torn by this writer) and every later line go to a
// backlog, which a timer retries until it is written, in order. The backlog is bounded
// (16 MiB by default); past that, whole records are dropped and counted, and the count is
// reported on stderr when the backlog has drained. The pending timer keeps the process alive
// until the backlog is written; on exit, what is left is written synchronously, waiting for the
// reader for up to 5 s without progress.

import { hostProcess } from "../host.ts";
import { type HostFs, hostFs, reportOnce, writeStderr } from "./_stdio.ts";

const encoder = new TextEncoder();
/** What `Atomics.wait` sleeps on; made on first use (browsers lack `SharedArrayBuffer`). */
let pause: Int32Array | undefined;
const chunkSize = 65536;
const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
/** Runs `fn` at the end of this event-loop turn: `setImmediate` where the host has it. */
const nextTurn: (fn: () => void) => void = typeof immediate === "function"
  ? (fn) => void immediate(fn)
  : (fn) => void setTimeout(fn, 0);

/** Sizes and waits of a writer; the defaults suit stdout. */
export interface FdWriterOptions {
  /** The most characters held while the fd is not accepting more. @default 16 MiB */
  readonly maxBacklog?: number;
  /** How long a synchronous flush waits for a reader that takes nothing, in ms. @default 5000 */
  readonly patience?: number;
}

/** A buffered writer to a file descriptor that loses nothing to a slow reader. */
export class FdWriter {
  readonly #fd: number;
  readonly #fs: HostFs;
  readonly #maxBacklog: number;
  readonly #patience: number;
  readonly #report = reportOnce("writing log records failed, dropping them");
  /** Lines not yet handed to the fd, newest last. */
  #buffer = "";
  /** While blocked: older text waiting behind `#head`, in chunks of about 64 KiB. */
  #chunks: string[] = [];
  /** The encoded text being written, and how much of it is written. */
  #head: Uint8Array | undefined;
  #offset = 0;
  /** Characters in `#buffer` and `#chunks` plus bytes left in `#head`. */
  #queued = 0;
  /** The fd refused more (EAGAIN); a timer retries. */
  #blocked = false;
  #timer = false;
  #delay = 1;
  /** Bytes written so far, to tell progress from none. */
  #written = 0;
  #scheduled = false;
  #failed = false;
  #dropped = 0;
  #waiters: (() => void)[] = [];

  /**
   * Makes a writer for `fd` and flushes it when the process exits.
   *
   * @throws {TypeError} Where the host has no `node:fs` (see {@link stdoutWriter}).
   */
  constructor(fd: number, options: FdWriterOptions = {}) {
    const fs = hostFs();
    if (fs === undefined) throw new TypeError(`Cannot write to fd ${fd}: this host has no node:fs`);
    this.#fd = fd;
    this.#fs = fs;
    this.#maxBacklog = options.maxBacklog ?? 16 * 1024 * 1024;
    this.#patience = options.patience ?? 5000;
    const flush = () => this.flushSync();
    try {
      hostProcess()?.on?.("exit", flush);
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

  /**
   * Queues `text` (whole lines, with their newline). With `sync`, writes it and everything
   * before it now, waiting for a slow reader up to the patience; else by the end of the turn.
   */
  write(text: string, sync = false): void {
    if (this.#failed) return;
    if (this.#blocked && this.#queued + text.length > this.#maxBacklog) {
      this.#dropped++;
      return;
    }
    this.#buffer += text;
    this.#queued += text.length;
    if (sync) {
      this.#flush(false);
    } else if (this.#blocked) {
      if (this.#buffer.length >= chunkSize) {
        this.#chunks.push(this.#buffer);
        this.#buffer = "";
      }
    } else if (this.#buffer.length >= chunkSize) {
      this.#drain();
    } else if (!this.#scheduled) {
      this.#scheduled = true;
      nextTurn(this.#tick);
    }
  }

  /** Resolves once everything queued so far is written (or dropped). */
  flush(): Promise<void> {
    if (!this.#blocked) this.#drain();
    if (!this.#blocked || this.#failed) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Writes everything queued now, waiting for the reader up to the patience. Never throws. */
  flushSync(): void {
    this.#flush(true);
  }

  #tick = (): void => {
    this.#scheduled = false;
    if (!this.#blocked) this.#drain();
  };

  #retry = (): void => {
    this.#timer = false;
    const before = this.#written;
    this.#drain();
    if (!this.#blocked || this.#timer) return;
    this.#delay = this.#written > before ? 1 : Math.min(this.#delay * 2, 50);
    this.#timer = true;
    setTimeout(this.#retry, this.#delay);
  };

  /** Writes until done or the fd refuses more; on refusal, starts the retry timer. */
  #drain(): void {
    if (this.#writeSome()) {
      if (this.#blocked) this.#unblock();
    } else if (!this.#blocked) {
      this.#blocked = true;
      this.#delay = 1;
      if (!this.#timer) {
        this.#timer = true;
        setTimeout(this.#retry, this.#delay);
      }
    }
  }

  /** Writes synchronously, sleeping while the fd refuses; gives up after `patience` ms idle. */
  #flush(exiting: boolean): void {
    let idle = 0;
    let before = this.#written;
    while (!this.#writeSome()) {
      if (this.#written > before) {
        idle = 0;
        before = this.#written;
      } else if (++idle >= this.#patience) {
        if (exiting) this.#drop();
        else if (!this.#blocked) this.#drain();
        return;
      }
      Atomics.wait(pause ??= new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
    if (this.#blocked) this.#unblock();
  }

  /** Writes what it can without waiting; `true` when nothing is left (or writing failed). */
  #writeSome(): boolean {
    while (!this.#failed) {
      if (this.#head === undefined) {
        const next = this.#chunks.length > 0 ? this.#chunks.shift()! : this.#buffer;
        if (next === "") return true;
        if (next === this.#buffer) this.#buffer = "";
        this.#head = encoder.encode(next);
        this.#offset = 0;
        this.#queued += this.#head.length - next.length;
      }
      const head = this.#head;
      try {
        const written = this.#fs.writeSync(
          this.#fd,
          head,
          this.#offset,
          head.length - this.#offset,
        );
        this.#offset += written;
        this.#queued -= written;
        this.#written += written;
        if (this.#offset >= head.length) this.#head = undefined;
      } catch (error) {
        if ((error as { code?: unknown }).code === "EAGAIN") return false;
        this.#failed = true;
        this.#report(error);
      }
    }
    this.#clear();
    return true;
  }

  #unblock(): void {
    this.#blocked = false;
    if (this.#dropped > 0) {
      const dropped = this.#dropped;
      this.#dropped = 0;
      writeStderr(`@jido/telemetry: stdout could not keep up, dropped ${dropped} log records`);
    }
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Gives up on what is queued, counting the records in it as dropped. */
  #drop(): void {
    let lines = 0;
    for (const text of [...this.#chunks, this.#buffer]) {
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
    }
    const head = this.#head;
    if (head !== undefined) {
      for (let i = head.indexOf(10, this.#offset); i >= 0; i = head.indexOf(10, i + 1)) lines++;
    }
    this.#dropped += lines;
    this.#clear();
    this.#unblock();
  }

  #clear(): void {
    this.#buffer = "";
    this.#chunks = [];
    this.#head = undefined;
    this.#queued = 0;
  }
}

let stdout: FdWriter | undefined | null = null;

/**
 * The process-wide writer for stdout, shared by every logger so lines stay in order; `undefined`
 * where the host has no `node:fs` (a browser, an edge runtime).
 */
export function stdoutWriter(): FdWriter | undefined {
  if (stdout === null) stdout = hostFs() === undefined ? undefined : new FdWriter(1);
  return stdout;
}
