/**
 * The memory row: bytes per series for 10,000 tag sets of a counter and a histogram, ours (the
 * metrics handler's store) against prom-client's `Counter` and `Histogram` with the same labels
 * and buckets. Measured as the memory kept after a full collection, in the heap and outside it
 * (`external`, where typed arrays keep their bytes), so it needs `--expose-gc`.
 *
 * @module
 */

import { Counter, Histogram, Registry } from "prom-client";
import { counter, createMetricStore, distribution } from "../../src/metrics/mod.ts";
import type { Result } from "../harness.ts";

const n = 10_000;
/**
 * prom-client's default buckets (seconds). Integer bounds such as [100, 250, 500] would cost
 * prom-client 30 KB a series: it copies the bucket counts into an object whose keys are then
 * array indices up to the largest bound. That flatters us, so the row uses fractional bounds.
 */
const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const event = ["bench", "request", "done"];

/** The heap and the memory outside it (typed arrays' buffers), after full collections. */
function used(): number {
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

function heapKept(build: () => unknown): number {
  const before = used();
  const kept = build();
  const after = used();
  if (kept === undefined) throw new Error("nothing kept");
  return after - before;
}

/** Whether the heap can be measured (node --expose-gc). */
export function canMeasureMemory(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === "function";
}

function buildOurs(count: number) {
  const store = createMetricStore([
    counter("bench.requests.count", { event, tags: ["route"] }),
    distribution("bench.request.duration", {
      event,
      measurement: "duration",
      tags: ["route"],
      buckets,
    }),
  ], { maxSeries: count });
  const record = store.recorderFor(event);
  for (let i = 0; i < count; i++) {
    record({ duration: ((i * 7919) % 3000) / 1000 }, { route: `/r/${i}` });
  }
  return store;
}

function buildTheirs(count: number): Registry {
  const registry = new Registry();
  const requests = new Counter({
    name: "bench_requests_total",
    help: "-",
    labelNames: ["route"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "bench_request_duration",
    help: "-",
    labelNames: ["route"],
    buckets,
    registers: [registry],
  });
  for (let i = 0; i < count; i++) {
    requests.inc({ route: `/r/${i}` });
    duration.observe({ route: `/r/${i}` }, ((i * 7919) % 3000) / 1000);
  }
  return registry;
}

/** Measures the memory row; checks first that both hold 10,000 series of each metric. */
export async function memoryRow(): Promise<Result> {
  // Each side once on a few series first, so that compiling its code is not counted.
  buildOurs(100);
  buildTheirs(100);
  let store: ReturnType<typeof buildOurs> | undefined;
  const ours = heapKept(() => (store = buildOurs(n)));
  let registry: Registry | undefined;
  const theirs = heapKept(() => (registry = buildTheirs(n)));
  const ourSeries = store!.snapshot().reduce((sum, m) => sum + m.series.length, 0);
  const json = await registry!.getMetricsAsJSON();
  const theirSeries = json.reduce(
    (sum, m) => sum + new Set(m.values.map((v) => v.labels.route)).size,
    0,
  );
  if (ourSeries !== 2 * n || theirSeries !== 2 * n) {
    throw new Error(`Unequal work: ${ourSeries} and ${theirSeries} series, expected ${2 * n}`);
  }
  const oursPer = ours / (2 * n);
  const theirsPer = theirs / (2 * n);
  return {
    name: "bytes per series, 10,000 tag sets (counter, histogram)",
    ours_ns: oursPer,
    peer: "prom-client",
    peer_ns: theirsPer,
    ratio: oursPer / theirsPer,
    target: "<= 0.5",
    met: oursPer / theirsPer <= 0.5,
    checked: `${2 * n} series each (a counter and a histogram with 11 buckets, 10,000 routes)`,
    unit: "bytes",
  };
}
