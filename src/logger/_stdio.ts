// Private: reporting the logger's own failures on stderr, once per failing thing.

import { writeSync } from "node:fs";

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
    try {
      writeSync(2, `@jido/telemetry: ${what}: ${detail.replace(/\p{Cc}/gu, " ")}\n`);
    } catch {
      // stderr is gone too; nothing left to tell.
    }
  };
}
