/**
 * The repository's codegen command: `npm run codegen [-- --input FILE] [--out FILE] [--check]`,
 * which turns the standard catalog (events.yaml) into src/events.generated.ts. Users of the
 * package run `jido-telemetry codegen` (bin.ts) on their own catalog instead.
 *
 * The module imports the runtime through src/_generated_api.ts, and its examples import from
 * the package root, which exports its catalog as `standardCatalog`. With `--check` it writes
 * nothing and exits 1 if the file on disk is not what the catalog generates.
 *
 * @module
 */

import { basename, dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  type CodegenResult,
  render as renderWith,
  runCodegen as run,
  type RunOptions,
} from "./run.ts";
import { standardCatalogPath } from "./_standard.ts";

const runtimeFile = resolve(dirname(fileURLToPath(import.meta.url)), "../src/_generated_api.ts");
const defaults = { input: "events.yaml", out: "src/events.generated.ts" };

/** Options of {@link runCodegen}. */
export interface CodegenOptions {
  /** The catalog path. @default "events.yaml" */
  readonly input?: string;
  /** The output path. @default "src/events.generated.ts" */
  readonly out?: string;
  /** Compare instead of writing. @default false */
  readonly check?: boolean;
}

function posix(path: string): string {
  return path.split("\\").join("/");
}

/** What the repository generates for `input` written to `out`. */
function repoOptions(input: string, out: string, check = false): RunOptions {
  let runtime = posix(relative(dirname(resolve(out)), runtimeFile));
  if (!runtime.startsWith(".")) runtime = `./${runtime}`;
  const standard = resolve(input) === standardCatalogPath();
  const args = input === defaults.input && out === defaults.out
    ? ""
    : ` -- --input ${input} --out ${out}`;
  return {
    input,
    out,
    check,
    runtime,
    standard,
    command: `npm run codegen${args}`,
    // The standard catalog's examples import from the package root; another catalog's from
    // the generated file itself.
    examples: standard
      ? { from: "@jido/telemetry", runtime: "@jido/telemetry", catalog: "standardCatalog" }
      : { from: `./${basename(out)}`, runtime: "@jido/telemetry", catalog: "catalog" },
  };
}

/** Generates the text for `input` as it would be written to `out`. */
export function render(input: string, out: string): string {
  return renderWith(repoOptions(input, out));
}

/**
 * Runs the codegen without touching the process: returns the exit code and messages.
 *
 * @param options Input, output and check mode.
 * @returns The exit code and the lines to print.
 */
export function runCodegen(options: CodegenOptions = {}): CodegenResult {
  const input = options.input ?? defaults.input;
  return run(repoOptions(input, options.out ?? defaults.out, options.check));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options: CodegenOptions;
  try {
    const { values } = parseArgs({
      options: { input: { type: "string" }, out: { type: "string" }, check: { type: "boolean" } },
      strict: true,
    });
    options = values;
  } catch (error) {
    console.error(
      `${
        (error as Error).message
      }\nUsage: npm run codegen -- [--input FILE] [--out FILE] [--check]`,
    );
    process.exit(2);
  }
  const result = runCodegen(options);
  for (const line of result.messages) (result.code === 0 ? console.log : console.error)(line);
  process.exitCode = result.code;
}
