/**
 * The codegen command: `npm run codegen [-- --input FILE] [--out FILE] [--check]`.
 *
 * Reads the catalog, validates it and writes the generated module (atomically: a temporary file
 * renamed into place). With `--check` it writes nothing and exits 1 if the file on disk is not
 * what the catalog generates. A bad catalog prints one line per problem, exits 1 and writes
 * nothing.
 *
 * @module
 */

import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CatalogError, loadCatalog } from "./catalog.ts";
import { generate } from "./generate.ts";

const srcDir = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

/** Options of {@link runCodegen}. */
export interface CodegenOptions {
  /** The catalog path. @default "events.yaml" */
  readonly input?: string;
  /** The output path. @default "src/events.generated.ts" */
  readonly out?: string;
  /** Compare instead of writing. @default false */
  readonly check?: boolean;
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

/** Generates the text for `input` as it would be written to `out`. */
export function render(input: string, out: string): string {
  const text = readFileSync(input, "utf8");
  const model = loadCatalog(posix(input), text);
  let runtime = posix(relative(dirname(resolve(out)), srcDir));
  runtime = runtime === "" ? "./" : runtime.startsWith(".") ? `${runtime}/` : `./${runtime}/`;
  return generate(model, { input: posix(input), runtime });
}

/**
 * Runs the codegen without touching the process: returns the exit code and messages.
 *
 * @param options Input, output and check mode.
 * @returns The exit code and the lines to print.
 */
export function runCodegen(options: CodegenOptions = {}): CodegenResult {
  const input = options.input ?? "events.yaml";
  const out = options.out ?? "src/events.generated.ts";
  let text: string;
  try {
    if (!existsSync(input)) return { code: 1, messages: [`Catalog file ${input} does not exist`] };
    text = render(input, out);
  } catch (error) {
    if (error instanceof CatalogError) {
      const n = error.problems.length;
      return {
        code: 1,
        messages: [
          ...error.message.split("\n"),
          `${n} problem${n === 1 ? "" : "s"} in ${input}; nothing was written`,
        ],
      };
    }
    throw error;
  }
  if (options.check) {
    if (!existsSync(out)) return { code: 1, messages: [`${out} is missing: run npm run codegen`] };
    if (readFileSync(out, "utf8") !== text) {
      return {
        code: 1,
        messages: [`${out} is stale: it differs from what ${input} generates; run npm run codegen`],
      };
    }
    return { code: 0, messages: [`${out} is up to date with ${input}`] };
  }
  const temp = `${out}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, out);
  return { code: 0, messages: [`Wrote ${out} from ${input}`] };
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
