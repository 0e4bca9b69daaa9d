// Private: where a log call was made, from a short V8 stack capture: the first frame outside
// this library and outside generated code, so a telemetry event logged by the log handler points
// at the code that emitted it, not at the handler, nor at the emitter that codegen wrote from the
// application's catalog into a `*.generated.ts` (or `.js`, `.mjs`) file.

import { workingDirectory } from "../host.ts";

interface V8ErrorConstructor {
  stackTraceLimit?: number;
  captureStackTrace?(target: object, constructorOpt?: (...args: never[]) => unknown): void;
}

const v8Error = Error as unknown as V8ErrorConstructor;
const frame = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\)?$/;
/** The working directory with a trailing `/`; `null` where the host has none. */
let cwd: string | null | undefined;
/** This library's `src/` folder: frames inside it are skipped. */
const libraryDir = (() => {
  try {
    return pathOf(new URL("../", import.meta.url).href);
  } catch {
    // Bundled into a page whose URL cannot be a base (an inline script in about:blank): no
    // folder to skip by, and no file path in the stack to show either.
    return "\0";
  }
})();
/** Files written by codegen: frames inside them are skipped too. */
const generatedFile = /\.generated\.(?:ts|js|mjs)$/;

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
    if (!path.startsWith(libraryDir) && !generatedFile.test(path)) break;
    match = null;
  }
  if (match === null) return undefined;
  try {
    if (cwd === undefined) {
      const dir = workingDirectory();
      cwd = dir === undefined ? null : dir + "/";
    }
    if (cwd !== null && path.startsWith(cwd)) path = path.slice(cwd.length);
  } catch {
    // No working directory available: keep the absolute path.
  }
  return path + ":" + match[2];
}
