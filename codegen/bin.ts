#!/usr/bin/env node
/**
 * The package's command, for users' own catalogs:
 *
 * ```sh
 * npx jido-telemetry codegen events.yaml [--out FILE] [--runtime SPECIFIER] [--check]
 * ```
 *
 * Compiled to dist/codegen/bin.js and run by plain Node. The `yaml` package is an optional peer
 * dependency, needed only here: it is imported when a catalog is to be read, and its absence is
 * reported with the command that installs it (exit 2). A bad catalog prints one line per problem
 * (`... at events.yaml:14:17`), exits 1 and writes nothing; a usage error exits 2.
 *
 * @module
 */

import process from "node:process";
import { isMissingPackage, missingYamlMessage, parseCommand, usage } from "./_cli.ts";

const command = parseCommand(process.argv.slice(2));
if (command.kind === "help") {
  console.log(usage);
} else if (command.kind === "usage-error") {
  console.error(`${command.message}\n\n${usage}`);
  process.exitCode = 2;
} else {
  let hasYaml = true;
  try {
    await import("yaml");
  } catch (error) {
    if (!isMissingPackage(error, "yaml")) throw error;
    hasYaml = false;
  }
  if (hasYaml) {
    const { runCodegen } = await import("./run.ts");
    const result = runCodegen(command.options);
    for (const line of result.messages) (result.code === 0 ? console.log : console.error)(line);
    process.exitCode = result.code;
  } else {
    console.error(missingYamlMessage());
    process.exitCode = 2;
  }
}
