/**
 * Memory for 100,000 distinct tag sets, with the row cap (default 10,000) and without it.
 * Run: node --expose-gc --import=tsx bench/store_memory.ts
 */
import { counter, createMetricStore, summary } from "../src/metrics/mod.ts";
import { createTable } from "../src/store/mod.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("Run with node --expose-gc");

function heapAfter(build: () => unknown): number {
  gc!();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  gc!();
  const after = process.memoryUsage().heapUsed;
  if (kept === undefined) throw new Error("nothing kept");
  return (after - before) / 2 ** 20;
}

const n = 100_000;
const rows: string[] = [];
for (const maxRows of [10_000, Infinity]) {
  const cap = maxRows === Infinity ? "no cap" : `cap ${maxRows}`;
  rows.push(`table, updateCounter on [model, i]   ${cap}: ${
    heapAfter(() => {
      const t = createTable<readonly [string, number], number>("t", { type: "set", maxRows });
      for (let i = 0; i < n; i++) t.updateCounter(["m", i], 1, 0);
      return t;
    }).toFixed(2)
  } MiB`);
  for (const make of [counter, summary]) {
    rows.push(`${make.name.padEnd(7)} with 2 tags (metric store) ${cap}: ${
      heapAfter(() => {
        const store = createMetricStore([
          make("jido_coder_lib.llm.response.duration", { tags: ["model", "provider"] }),
        ], { maxSeries: maxRows });
        const record = store.recorderFor(["jido_coder_lib", "llm", "response"]);
        for (let i = 0; i < n; i++) {
          record({ duration: 100 + (i % 997) }, { model: `m${i}`, provider: "p" });
        }
        return store;
      }).toFixed(2)
    } MiB`);
  }
}
console.log(rows.join("\n"));
