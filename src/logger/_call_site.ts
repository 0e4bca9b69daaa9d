// Private: where a log call was made, from a one-frame V8 stack capture.

import process from "node:process";

interface V8ErrorConstructor {
  stackTraceLimit?: number;
  captureStackTrace?(target: object, constructorOpt?: (...args: never[]) => unknown): void;
}

const v8Error = Error as unknown as V8ErrorConstructor;
const frame = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\)?$/;
let cwd: string | undefined;

/**
 * `path:line` of the caller of `above` (the public logger method), relative to the working
 * directory, or `undefined` when the engine cannot tell.
 */
export function callSite(above: (...args: never[]) => unknown): string | undefined {
  if (typeof v8Error.captureStackTrace !== "function") return undefined;
  const holder: { stack?: string } = {};
  const limit = v8Error.stackTraceLimit;
  v8Error.stackTraceLimit = 1;
  try {
    v8Error.captureStackTrace(holder, above);
  } finally {
    v8Error.stackTraceLimit = limit;
  }
  const stack = holder.stack;
  if (typeof stack !== "string") return undefined;
  const line = stack.slice(stack.indexOf("\n") + 1).trim();
  const match = frame.exec(line);
  if (match === null) return undefined;
  let path = match[1];
  try {
    if (path.startsWith("file://")) path = decodeURI(path.slice(7));
    cwd ??= process.cwd() + "/";
    if (path.startsWith(cwd)) path = path.slice(cwd.length);
  } catch {
    // No working directory available: keep the absolute path.
  }
  return path + ":" + match[2];
}
