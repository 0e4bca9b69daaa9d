import test from "ava";
import {
  cacheHitRatio,
  createMetricStore,
  defaultDefinitions,
  type MetricSnapshot,
} from "../../src/metrics/mod.ts";
import { catalog } from "./fixtures.ts";

test("cacheHitRatio() computes hits over lookups per cache from the default counters", (t) => {
  const store = createMetricStore(defaultDefinitions(catalog), { catalog });
  const hit = store.recorderFor("jido_coder_lib.context.cache_hit");
  const miss = store.recorderFor("jido_coder_lib.context.cache_miss");
  hit({}, { cache: "files" });
  hit({}, { cache: "files" });
  hit({}, { cache: "files" });
  miss({}, { cache: "files" });
  miss({}, { cache: "embeddings" });
  t.deepEqual(cacheHitRatio(store.snapshot()), [
    { cache: "embeddings", hits: 0, misses: 1, ratio: 0 },
    { cache: "files", hits: 3, misses: 1, ratio: 0.75 },
  ]);
});

test("cacheHitRatio() returns nothing when the counter is absent", (t) => {
  t.deepEqual(cacheHitRatio([]), []);
});

test("cacheHitRatio() reads the counter named in the options and skips the overflow series", (t) => {
  const snapshot: MetricSnapshot[] = [{
    name: "x.lookups",
    kind: "counter",
    unit: "1",
    description: "",
    tags: ["cache", "result"],
    overflowCount: 4,
    rejectedCount: 0,
    series: [
      { tags: { cache: "a", result: "hit" }, value: 1 },
      { tags: { overflow: "true" }, value: 4 },
    ],
  }];
  t.deepEqual(cacheHitRatio(snapshot, { metric: "x.lookups" }), [
    { cache: "a", hits: 1, misses: 0, ratio: 1 },
  ]);
});
