// Private: where a log call was made, from a short V8 stack capture: the first frame outside
// this library, so a telemetry event logged by the log handler points at the code that
// emitted it, not at the handler.

import process from "node:process";

interface V8ErrorConstructor {
  stackTraceLimit?: number;
  captureStackTrace?(target: object, constructorOpt?: (...args: never[]) => unknown): void;
}

const v8Error = Error as unknown as V8ErrorConstructor;
const frame = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\)?$/;
let cwd: string | undefined;
/** This library's `src/` folder: frames inside it are skipped. */
const libraryDir = pathOf(new URL("../", import.meta.url).href);

function pathOf(location: string): string {
  try {
    return location.startsWith("file://") ? decodeURI(location.slice(7)) : location;
  } catch {
    return location;
  }
}

/**
 * `path:line` of the caller of `above` (the public logger method), relative to the working
 * directory, or `undefined` when the engine cannot tell.
 */
export function callSite(above: (...args: never[]) => unknown): string | undefined {
  if (typeof v8Error.captureStackTrace !== "function") return undefined;
  const holder: { stack?: string } = {};
  const limit = v8Error.stackTraceLimit;
  v8Error.stackTraceLimit = 12;
  try {
    v8Error.captureStackTrace(holder, above);
  } finally {
    v8Error.stackTraceLimit = limit;
  }
  const stack = holder.stack;
  if (typeof stack !== "string") return undefined;
  let match: RegExpExecArray | null = null;
  let path = "";
  for (const line of stack.split("\n").slice(1)) {
    match = frame.exec(line.trim());
    if (match === null) continue;
    path = pathOf(match[1]);
    if (!path.startsWith(libraryDir)) break;
    match = null;
  }
  if (match === null) return undefined;
  try {
    cwd ??= process.cwd() + "/";
    if (path.startsWith(cwd)) path = path.slice(cwd.length);
  } catch {
    // No working directory available: keep the absolute path.
  }
  return path + ":" + match[2];
}
