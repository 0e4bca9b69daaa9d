// Private: facts about the process, read once and tolerant of missing permissions (Deno).

import { hostname } from "node:os";
import process from "node:process";

let host: string | undefined | null = null;

/** The process id, or `undefined` where it cannot be read. */
export function processId(): number | undefined {
  try {
    return process.pid;
  } catch {
    return undefined;
  }
}

/** The host name, or `undefined` where it cannot be read. */
export function hostName(): string | undefined {
  if (host === null) {
    try {
      host = hostname();
    } catch {
      host = undefined;
    }
  }
  return host;
}

/** An environment variable, or `undefined` when unset or not readable. */
export function envVar(name: string): string | undefined {
  try {
    return process.env[name];
  } catch {
    return undefined;
  }
}
