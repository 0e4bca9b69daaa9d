/**
 * The arguments, usage and messages of the `jido-telemetry` command. Nothing here needs the
 * `yaml` package, so `--help` and usage errors work without it.
 *
 * @module
 */

import { basename, dirname, extname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { RunOptions } from "./run.ts";

/** The runtime specifier the generated module imports when `--runtime` is not given. */
export const defaultRuntime = "@jido/telemetry";

/** The usage text of `jido-telemetry codegen`. */
export const usage =
  `Usage: jido-telemetry codegen <catalog.yaml> [--out FILE] [--runtime SPECIFIER] [--check]

Generates a typed TypeScript module from an event catalog: per event a name constant, measurement
and metadata interfaces and an emitter, plus the run-time \`catalog\`. A catalog with
\`include: [standard]\` adds its events to the standard agent catalog of @jido/telemetry.

Options:
  --out FILE                  The module to write (default: the catalog path with its
                              extension replaced by .generated.ts)
  --runtime SPECIFIER         Where the module imports @jido/telemetry from (default:
                              "${defaultRuntime}", which Deno resolves through its import map)
  --example-import SPECIFIER  Where the module's @example blocks import its names from
                              (default: ./ and the file name of --out)
  --check                     Write nothing; exit 1 if FILE is not what the catalog generates
  --help                      Print this help

Exit status: 0 on success; 1 on a bad catalog, a catalog or module that cannot be read or
written, or a stale module; 2 on a usage error or when the "yaml" package is not installed.`;

/** The message printed when the `yaml` package cannot be imported. */
export function missingYamlMessage(): string {
  return 'jido-telemetry codegen needs the "yaml" package: npm install --save-dev yaml';
}

/**
 * Whether `error` says that the package `name` itself could not be found (Node:
 * `ERR_MODULE_NOT_FOUND`, "Cannot find package 'yaml'"; Deno words it differently).
 */
export function isMissingPackage(error: unknown, name: string): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== "string") return false;
  if (!message.includes(`'${name}'`) && !message.includes(`"${name}"`)) return false;
  return code === "ERR_MODULE_NOT_FOUND" ||
    /cannot find|could not find|not found|not prefixed|could not resolve/i.test(message);
}

/** What the command line asks for. */
export type Command =
  | { readonly kind: "help" }
  | { readonly kind: "usage-error"; readonly message: string }
  | { readonly kind: "run"; readonly options: RunOptions };

/** `events.yaml` → `events.generated.ts`, in the catalog's folder. */
export function defaultOut(input: string): string {
  const ext = extname(input);
  return `${ext === "" ? input : input.slice(0, -ext.length)}.generated.ts`;
}

/** Quotes a word for a POSIX shell if it needs it. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Reads the arguments after `jido-telemetry`.
 *
 * @param args `["codegen", "events.yaml", "--out", ...]`.
 * @returns Help, a usage error, or the options of the run.
 */
export function parseCommand(args: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: "string" },
        runtime: { type: "string" },
        "example-import": { type: "string" },
        check: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    return { kind: "usage-error", message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  const [command, input, ...extra] = positionals;
  if (command !== "codegen") {
    const what = command === undefined ? "Missing command" : `Unknown command "${command}"`;
    return { kind: "usage-error", message: `${what} (expected "codegen")` };
  }
  if (input === undefined || input === "") {
    return { kind: "usage-error", message: "Missing the catalog file" };
  }
  if (values.out === "") return { kind: "usage-error", message: "The --out path is empty" };
  if (extra.length > 0) {
    return { kind: "usage-error", message: `Unexpected argument "${extra[0]}"` };
  }
  const out = values.out ?? defaultOut(input);
  const runtime = values.runtime ?? defaultRuntime;
  const from = values["example-import"] ?? `./${basename(out)}`;
  // The header names the catalog and the command relative to the output's folder, so the file is
  // the same whatever folder the command runs from and however its paths are spelt.
  const source = relative(dirname(resolve(out)), resolve(input)).split("\\").join("/");
  const inFolder = ["npx", "jido-telemetry", "codegen", source];
  if (basename(out) !== basename(defaultOut(source))) inFolder.push("--out", basename(out));
  const words = ["npx", "jido-telemetry", "codegen", input];
  if (values.out !== undefined) words.push("--out", out);
  for (const list of [inFolder, words]) {
    if (values.runtime !== undefined) list.push("--runtime", runtime);
    if (values["example-import"] !== undefined) list.push("--example-import", from);
  }
  return {
    kind: "run",
    options: {
      input,
      source,
      out,
      check: values.check ?? false,
      runtime,
      command: words.map(shellWord).join(" "),
      headerCommand: inFolder.map(shellWord).join(" "),
      examples: { from, runtime, catalog: "catalog" },
    },
  };
}
