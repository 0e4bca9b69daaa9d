/**
 * One codegen run, shared by the repository's `npm run codegen` (main.ts) and the package's
 * `jido-telemetry codegen` (bin.ts): read the catalog, validate it, then write the module
 * (atomically: a temporary file renamed into place) or, with `check`, compare it with the file
 * on disk. A bad catalog gives one line per problem and writes nothing.
 *
 * @module
 */

import {
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import { CatalogError, loadCatalog } from "./catalog.ts";
import { generate, type GenerateOptions } from "./generate.ts";
import {
  CatalogFileError,
  errorCode,
  fileInTheWay,
  notRegular,
  readCatalogText,
  shownPath,
  whyNot,
} from "./_read.ts";
import { includable, reservedNames } from "./_standard.ts";

/** Options of {@link runCodegen}. */
export interface RunOptions extends Omit<GenerateOptions, "input"> {
  /** The catalog path, as named in problems. */
  readonly input: string;
  /** The catalog as the header names it. @default input */
  readonly source?: string;
  /** The path of the generated module. */
  readonly out: string;
  /** Compare instead of writing. @default false */
  readonly check?: boolean;
  /** Whether `input` is the standard catalog itself, whose names are then its own. @default false */
  readonly standard?: boolean;
}

/** What {@link runCodegen} did. */
export interface CodegenResult {
  /** 0 on success, 1 on a bad catalog, a file that cannot be read or written, or a stale file. */
  readonly code: number;
  /** Lines for stdout (success) or stderr (failure). */
  readonly messages: readonly string[];
}

function posix(path: string): string {
  return path.split("\\").join("/");
}

/**
 * The module `options.input` generates.
 *
 * @throws {CatalogError} With every problem of the catalog.
 */
export function render(options: RunOptions): string {
  const input = posix(options.input);
  const model = loadCatalog(input, readCatalogText(options.input, input), {
    includes: includable,
    reserved: reservedNames(options.standard ?? false),
  });
  return generate(model, { ...options, input: posix(options.source ?? options.input) });
}

/**
 * Runs the codegen without touching the process: returns the exit code and messages.
 *
 * @param options The catalog, the output, check mode and what to generate.
 * @returns The exit code and the lines to print.
 */
export function runCodegen(options: RunOptions): CodegenResult {
  const { input, out, command } = options;
  const fail = (...messages: string[]): CodegenResult => ({ code: 1, messages });
  let text: string;
  try {
    text = render(options);
  } catch (error) {
    if (error instanceof CatalogFileError) return fail(error.message);
    if (!(error instanceof CatalogError)) throw error;
    const n = error.problems.length;
    return fail(
      ...error.message.split("\n"),
      `${n} problem${n === 1 ? "" : "s"} in ${shownPath(input)}; nothing was written`,
    );
  }
  const shown = shownPath(out);
  if (options.check) {
    let current: string;
    try {
      const irregular = notRegular(statSync(out));
      if (irregular !== undefined) return fail(`${shown} ${irregular}`);
      current = readFileSync(out, "utf8");
    } catch (error) {
      if (errorCode(error) === "ENOENT") return fail(`${shown} is missing: run ${command}`);
      return fail(`${shown} ${whyNot(out, error)}`);
    }
    if (current !== text) {
      return fail(
        `${shown} is stale: it differs from what ${shownPath(input)} generates; run ${command}`,
      );
    }
    return { code: 0, messages: [`${shown} is up to date with ${shownPath(input)}`] };
  }
  const problem = write(out, input, text);
  if (problem !== undefined) return fail(`Cannot write ${shown}: ${problem}; nothing was written`);
  return { code: 0, messages: [`Wrote ${shown} from ${shownPath(input)}`] };
}

/**
 * Writes `text` to `out` atomically (a temporary file renamed into place), creating its folder.
 *
 * @returns Why it could not, or `undefined` once written.
 */
function write(out: string, input: string, text: string): string | undefined {
  if (samePath(out, input)) return "it is the catalog itself (choose another --out)";
  try {
    if (statSync(out).isDirectory()) return "it is a folder";
  } catch {
    // Absent (or unreachable, which creating its folder tells below).
  }
  const folder = dirname(out);
  try {
    makeFolder(folder);
  } catch (error) {
    const file = fileInTheWay(out);
    if (file !== undefined) return `${shownPath(file)} is a file, not a folder`;
    return `its folder ${shownPath(folder)} cannot be created: ${reason(error)}`;
  }
  const temp = `${out}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, out);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Never created.
    }
    return reason(error);
  }
  return undefined;
}

/** Whether `a` and `b` name the same file, through symbolic links too. */
function samePath(a: string, b: string): boolean {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  return real(a) === real(b);
}

/**
 * Creates `folder` and its missing parents, one at a time: `mkdirSync(…, { recursive: true })`
 * retries without end where `mkdir` keeps failing with ENOENT (`/proc/self/x`).
 *
 * @throws {Error} The system error of the first folder that cannot be made, or ENOTDIR if a
 *   file is in the way.
 */
function makeFolder(folder: string): void {
  const missing: string[] = [];
  for (let path = resolve(folder);; path = dirname(path)) {
    try {
      if (statSync(path).isDirectory()) break;
      throw Object.assign(new Error(`${path} is not a folder`), { code: "ENOTDIR" });
    } catch (error) {
      if (errorCode(error) !== "ENOENT" || path === dirname(path)) throw error;
      missing.push(path);
    }
  }
  for (const path of missing.reverse()) mkdirSync(path);
}

/** A system error's reason, for a message: `permission denied (EACCES)`. */
function reason(error: unknown): string {
  const code = errorCode(error);
  const text = String((error as Error)?.message ?? error);
  // Node words them `EACCES: permission denied, open '/x'`: keep the words, drop the syscall.
  const words = /^[A-Z]+: ([^,]+)/.exec(text)?.[1];
  return words !== undefined && code !== undefined ? `${words} (${code})` : text;
}
