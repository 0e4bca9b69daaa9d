// Private: where a log call was made, from a short V8 stack capture: the first frame outside
// this library and outside generated code, so a telemetry event logged by the log handler points
// at the code that emitted it, not at the handler, nor at the emitter that codegen wrote from the
// application's catalog into a `*.generated.ts` (or `.js`, `.mjs`) file. Events the runtime
// itself drives (the poller's timer) have no call site.

import { workingDirectory } from "../host.ts";

interface V8ErrorConstructor {
  stackTraceLimit?: number;
  captureStackTrace?(target: object, constructorOpt?: (...args: never[]) => unknown): void;
}

const v8Error = Error as unknown as V8ErrorConstructor;
const frame = /\(?((?:file:\/\/)?[^\s()]+?):(\d+):\d+\)?$/;
/** The working directory with a trailing `/`; `null` where the host has none. */
let cwd: string | null | undefined;
const selfUrl = (() => {
  try {
    return String(import.meta.url);
  } catch {
    return "";
  }
})();
/**
 * Whether a bundler put this module in one file with the application: then the library's frames
 * cannot be told by their folder, only by their function names (which bundlers that do not
 * minify keep).
 */
const bundled = !/\/_call_site\.(?:ts|js|mjs)$/.test(selfUrl);
/** This library's `src/` folder (`dist/src/` when installed): frames inside it are skipped. */
const libraryDir = bundled ? "\0" : pathOf(new URL("../", selfUrl).href);
/** Files written by codegen: frames inside them are skipped too. */
const generatedFile = /\.generated\.(?:ts|js|mjs)$/;
/** The runtime's own frames (timers, module loading): never a call site. */
const runtimeFrame = /^(?:node:|ext:|internal\/)/;
/**
 * In a bundle: the library's frames on the way from an event to the logger, by name (the bus,
 * the log handler, generated emitters, the poller, alerts).
 */
const libraryFunction =
  /^at (?:\w+\.)?(?:publish|invokeHandler|execute|logEvent|emit[A-Z]\w*|pollNow|pollTick|alertSample|checkAlert)(?: \[as \w+\])? \(/;

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
  for (const raw of stack.split("\n").slice(1)) {
    const line = raw.trim();
    match = frame.exec(line);
    if (match === null) continue;
    path = pathOf(match[1]);
    const library = bundled
      ? libraryFunction.test(line)
      : path.startsWith(libraryDir) || generatedFile.test(path);
    if (!library && !runtimeFrame.test(path)) break;
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
