/**
 * Quick cost of recording events through the metrics handler (default definitions), in one
 * process. The benchmark issue adds prom-client and the OpenTelemetry SDK side by side.
 * Run: npx tsx bench/metrics_quick.ts
 */
import { bench, run, summary } from "mitata";
import {
  attachMetricsHandler,
  emitContextCacheHit,
  emitLlmResponse,
  standardCatalog,
} from "../mod.ts";
import { counter, createMetricStore, distribution } from "../src/metrics/mod.ts";

attachMetricsHandler({ catalog: standardCatalog });
const m = { duration: 812.4, input_tokens: 1200, output_tokens: 96 };
const md = { model: "claude-sonnet-4", provider: "anthropic", finish_reason: "stop" } as const;

const store = createMetricStore([
  counter("jido_coder_lib.llm.response.count", { tags: ["model"] }),
  distribution("jido_coder_lib.llm.response.duration", {
    tags: ["model"],
    buckets: [100, 250, 500, 1000, 2500],
  }),
]);
const record = store.recorderFor(["jido_coder_lib", "llm", "response"]);

summary(() => {
  bench("emitLlmResponse(): count + duration sketch + 4 default metrics", () => {
    emitLlmResponse(m, md);
  });
  bench("emitContextCacheHit(): count + cache lookups counter", () => {
    emitContextCacheHit({ bytes: 10, age: 1 }, { cache: "files", key: "a.ts" });
  });
  bench("recorder: a tagged counter and a tagged distribution", () => {
    record(m, md);
  });
});

await run();
