/**
 * `npm run bench`: every row of the benchmark, ours and the peer side by side in one process,
 * each checked once for equal work, then a table of medians and ratios (ours / peer).
 *
 * ```
 * npm run bench -- [--quick] [--json FILE] [--only SUBSTRING]...
 * ```
 *
 * `--quick` runs every case briefly (`npm test` does, to prove the cases still work; its numbers
 * mean nothing). `--json FILE` also writes the results as JSON. `--only TEXT` (repeatable) runs
 * the rows whose name holds one of the texts.
 *
 * @module
 */

import { writeFileSync } from "node:fs";
import process from "node:process";
import { parseArgs } from "node:util";
import { type Case, type Result, runCase, table } from "./harness.ts";
import { busCases } from "./cases/bus.ts";
import { loggerCases } from "./cases/logger.ts";
import { metricsCases } from "./cases/metrics.ts";
import { otelCases } from "./cases/otel.ts";
import { prometheusCases } from "./cases/prometheus.ts";
import { traceCases } from "./cases/trace.ts";
import { otlpBytesRow, otlpCases, otlpThroughputRow } from "./cases/otlp.ts";
import { canMeasureMemory, memoryRow } from "./cases/memory.ts";
import { codegenRows } from "./codegen.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    quick: { type: "boolean", default: false },
    json: { type: "string" },
    only: { type: "string", multiple: true },
  },
  strict: true,
});

/** Whether a row is wanted: every row, or those whose name holds one of the `--only` texts. */
function picked(name: string): boolean {
  return values.only === undefined || values.only.some((text) => name.includes(text));
}

const runtime = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined"
  ? `Deno ${(globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno}`
  : typeof (globalThis as { Bun?: unknown }).Bun !== "undefined"
  ? `Bun ${(process.versions as Record<string, string>).bun}`
  : `Node ${process.version}`;

const cases: Case[] = [
  ...busCases,
  ...traceCases,
  ...loggerCases,
  ...metricsCases,
  ...otelCases,
  ...prometheusCases,
  ...otlpCases,
].filter((c) => picked(c.name));
const results: Result[] = [];
for (const c of cases) {
  const r = await runCase(c, { quick: values.quick! });
  results.push(r);
  if (!values.quick) process.stderr.write(`${r.name}: ${r.checked}\n`);
}
if (canMeasureMemory() && picked("bytes per series, 10,000 tag sets (counter, histogram)")) {
  results.push(await memoryRow());
} else if (values.only === undefined) {
  process.stderr.write("bytes per series: skipped (run node with --expose-gc)\n");
}
if (picked("OTLP/HTTP JSON bytes per span")) results.push(otlpBytesRow());
if (picked("OTLP export end to end")) {
  const r = await otlpThroughputRow(values.quick!);
  results.push(r);
  if (!values.quick) process.stderr.write(`${r.name}: ${r.checked}\n`);
}
// The codegen rows time the bin under Node, as `npx jido-telemetry codegen` runs it.
if (runtime.startsWith("Node") && picked("codegen")) {
  for (const r of codegenRows({ quick: values.quick! })) {
    results.push(r);
    if (!values.quick) process.stderr.write(`${r.name}: ${r.checked}\n`);
  }
}
console.log(`${runtime}${values.quick ? " (quick: not a measurement)" : ""}\n`);
console.log(table(results));
if (values.json !== undefined) {
  const out = {
    node: process.version,
    runtime,
    quick: values.quick,
    cases: Object.fromEntries(results.map((r) => [r.name, {
      ours_ns: r.ours_ns,
      peer: r.peer,
      peer_ns: r.peer_ns,
      ratio: r.ratio,
      target: r.target,
      met: r.met,
      checked: r.checked,
      ...(r.unit === undefined ? {} : { unit: r.unit }),
    }])),
  };
  writeFileSync(values.json, JSON.stringify(out, null, 2) + "\n");
}
