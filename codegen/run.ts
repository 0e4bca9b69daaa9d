/**
 * One codegen run, shared by the repository's `npm run codegen` (main.ts) and the package's
 * `jido-telemetry codegen` (bin.ts): read the catalog, validate it, then write the module
 * (atomically: a temporary file renamed into place) or, with `check`, compare it with the file
 * on disk. A bad catalog gives one line per problem and writes nothing.
 *
 * @module
 */

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { CatalogError, loadCatalog } from "./catalog.ts";
import { generate, type GenerateOptions } from "./generate.ts";
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
  /** 0 on success, 1 on a bad catalog or a stale file. */
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
  const model = loadCatalog(input, readFileSync(options.input, "utf8"), {
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
  let text: string;
  try {
    if (!existsSync(input)) return { code: 1, messages: [`Catalog file ${input} does not exist`] };
    text = render(options);
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    const n = error.problems.length;
    return {
      code: 1,
      messages: [
        ...error.message.split("\n"),
        `${n} problem${n === 1 ? "" : "s"} in ${input}; nothing was written`,
      ],
    };
  }
  if (options.check) {
    if (!existsSync(out)) return { code: 1, messages: [`${out} is missing: run ${command}`] };
    if (readFileSync(out, "utf8") !== text) {
      return {
        code: 1,
        messages: [`${out} is stale: it differs from what ${input} generates; run ${command}`],
      };
    }
    return { code: 0, messages: [`${out} is up to date with ${input}`] };
  }
  mkdirSync(dirname(out), { recursive: true });
  const temp = `${out}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, out);
  return { code: 0, messages: [`Wrote ${out} from ${input}`] };
}
