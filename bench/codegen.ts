/**
 * Wall time of whole codegen runs on synthetic catalogs of 200 and 1,000 events, each run a
 * child process as a user would start it: the compiled bin under plain Node (tsc output in a
 * temporary folder, as `npx jido-telemetry codegen` runs it) and the sources under tsx (as
 * `npm run codegen` runs). Prints the median of 3 runs per case.
 *
 * Run: `npx tsx bench/codegen.ts`. A benchmark, not a test: it asserts nothing about time.
 *
 * @module
 */

import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const runs = 3;
const sizes = [200, 1000];

/** A catalog of `n` events, each with 3 measurements and 6 metadata fields of every kind. */
function syntheticCatalog(n: number): string {
  const lines = ["version: 1", "app: bench_app", "include: [standard]", "events:"];
  for (let i = 0; i < n; i++) {
    lines.push(
      `  component_${Math.floor(i / 10)}.action_${i % 10}:`,
      `    description: Synthetic event ${i}, with a description long enough to be realistic.`,
      `    level: ${["debug", "info", "warn", "error"][i % 4]}`,
      "    measurements:",
      "      duration: {type: float, unit: millisecond, description: How long it took.}",
      "      size: {type: integer, unit: byte, description: Bytes handled.}",
      '      retries: {type: integer, unit: "1", required: false, description: Retries.}',
      "    metadata:",
      "      session_id: {type: string, required: true, description: Session it belongs to.}",
      "      status: {type: enum, values: [ok, error, timeout], required: true, description: Outcome.}",
      "      attempt: {type: integer, description: Attempt number.}",
      "      cached: {type: boolean, description: Whether a cache answered.}",
      '      tags: {type: "string[]", description: Free-form tags.}',
      "      extra: {type: object, description: Anything else.}",
    );
  }
  return `${lines.join("\n")}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(command: string, args: string[]): number {
  const start = performance.now();
  const run = spawnSync(command, args, { encoding: "utf8" });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${run.stderr}`);
  return ms;
}

const dir = mkdtempSync(join(tmpdir(), "jido-codegen-bench-"));
try {
  // The package layout the bin expects: dist/codegen/bin.js, events.yaml beside dist/, and
  // node_modules (for yaml) reachable from it.
  execFileSync("npx", ["tsc", "-p", "tsconfig.codegen.json", "--outDir", join(dir, "dist")]);
  copyFileSync("events.yaml", join(dir, "events.yaml"));
  symlinkSync(resolve("node_modules"), join(dir, "node_modules"), "dir");
  const bin = join(dir, "dist/codegen/bin.js");
  const rows: string[][] = [];
  for (const n of sizes) {
    const catalog = join(dir, `catalog_${n}.yaml`);
    writeFileSync(catalog, syntheticCatalog(n));
    const cases: [string, string, string[]][] = [
      ["node dist/codegen/bin.js", process.execPath, [bin, "codegen", catalog]],
      ["tsx codegen/bin.ts", "node_modules/.bin/tsx", ["codegen/bin.ts", "codegen", catalog]],
    ];
    for (const [label, command, args] of cases) {
      const times = Array.from({ length: runs }, () => time(command, args));
      const out = readFileSync(join(dir, `catalog_${n}.generated.ts`), "utf8");
      rows.push([
        String(n),
        label,
        `${(median(times) / 1000).toFixed(2)} s`,
        times.map((t) => (t / 1000).toFixed(2)).join(" / "),
        `${Math.round(out.length / 1024)} KiB`,
      ]);
    }
  }
  const header = ["events", "command", "median", `runs (${runs})`, "output"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log([line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
