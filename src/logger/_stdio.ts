// Private: the standard streams as the host offers them, and the logger's reports about its own
// failures. Node, Deno and Bun have `node:fs` and `node:tty` (found at run time through host.ts,
// never imported); a browser or an edge runtime has only `console`.

import { builtin } from "../host.ts";

/** The part of `node:fs` the logger uses. */
export interface HostFs {
  writeSync(fd: number, data: string): number;
  writeSync(fd: number, data: Uint8Array, offset: number, length: number): number;
}

/** `node:fs` where the host has it and it can write synchronously, else `undefined`. */
export function hostFs(): HostFs | undefined {
  const fs = builtin<Partial<HostFs>>("node:fs");
  return typeof fs?.writeSync === "function" ? fs as HostFs : undefined;
}

/** Whether the file descriptor `fd` is a terminal; `false` where the host cannot tell. */
export function isTerminal(fd: number): boolean {
  try {
    return builtin<{ isatty(fd: number): boolean }>("node:tty")?.isatty(fd) === true;
  } catch {
    return false;
  }
}

/**
 * Writes one line to stderr: with a synchronous write where the host has `node:fs`, else with
 * `console.error`. Never throws.
 */
export function writeStderr(line: string): void {
  try {
    const fs = hostFs();
    if (fs === undefined) console.error(line);
    else fs.writeSync(2, line + "\n");
  } catch {
    // stderr is gone too; nothing left to tell.
  }
}

/** Returns a function that writes `@jido/telemetry: <what>: <error>` to stderr the first time. */
export function reportOnce(what: string): (error: unknown) => void {
  let reported = false;
  return (error) => {
    if (reported) return;
    reported = true;
    let detail: string;
    try {
      detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    } catch {
      detail = "unknown error";
    }
    writeStderr(`@jido/telemetry: ${what}: ${detail.replace(/\p{Cc}/gu, " ")}`);
  };
}
