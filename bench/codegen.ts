/**
 * The codegen rows: wall time of whole codegen runs on synthetic catalogs of 200 and 1,000 events,
 * each run a child process as a user starts it: the compiled bin under plain Node (tsc output in a
 * temporary folder, as `npx jido-telemetry codegen` runs it). The median of 3 runs; `--quick`
 * runs a 20-event catalog once. Absolute targets: no peer generates code from a catalog.
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
import process from "node:process";
import type { Result, RunOptions } from "./harness.ts";

/** Catalog sizes and their wall-time targets in seconds. */
const sizes: readonly (readonly [number, number])[] = [[200, 2], [1000, 5]];

/** A catalog of `n` events, each with 3 measurements and 6 metadata fields of every kind. */
export function syntheticCatalog(n: number): string {
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

/** Wall time of one run of the bin, in nanoseconds. */
function time(bin: string, catalog: string): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [bin, "codegen", catalog], { encoding: "utf8" });
  const ns = (performance.now() - start) * 1e6;
  if (run.status !== 0) throw new Error(`codegen ${catalog} failed:\n${run.stderr}`);
  return ns;
}

/** Builds the bin once and times it on each catalog size. */
export function codegenRows(options: RunOptions): Result[] {
  const dir = mkdtempSync(join(tmpdir(), "jido-codegen-bench-"));
  try {
    // The package layout the bin expects: dist/codegen/bin.js, events.yaml beside dist/, and
    // node_modules (for yaml) reachable from it.
    execFileSync(process.execPath, [
      "node_modules/typescript/bin/tsc",
      "-p",
      "tsconfig.codegen.json",
      "--outDir",
      join(dir, "dist"),
    ]);
    copyFileSync("events.yaml", join(dir, "events.yaml"));
    symlinkSync(resolve("node_modules"), join(dir, "node_modules"), "dir");
    const bin = join(dir, "dist/codegen/bin.js");
    const rows: Result[] = [];
    for (const [n, seconds] of options.quick ? [[20, 2] as const] : sizes) {
      const catalog = join(dir, `catalog_${n}.yaml`);
      writeFileSync(catalog, syntheticCatalog(n));
      const times = Array.from({ length: options.quick ? 1 : 3 }, () => time(bin, catalog));
      const out = readFileSync(join(dir, `catalog_${n}.generated.ts`), "utf8");
      const emitters = out.match(/^export function emit\w+\(/gm)?.length ?? 0;
      // The standard catalog's events are re-exported, not generated again.
      if (emitters !== n) throw new Error(`codegen wrote ${emitters} emitters for ${n} events`);
      const ours_ns = median(times);
      rows.push({
        name: `codegen, ${n.toLocaleString("en-US")} events (wall, node bin)`,
        ours_ns,
        peer: null,
        peer_ns: null,
        ratio: null,
        target: `<= ${seconds} s`,
        met: ours_ns <= seconds * 1e9,
        checked: `one emitter per event (${n}), ${Math.round(out.length / 1024)} KiB written`,
      });
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
