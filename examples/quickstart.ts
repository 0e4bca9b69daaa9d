/**
 * Quickstart, the main job until the demo lands: attach the log and metrics handlers, run a
 * small coding-agent session that emits every standard event, then print the metrics.
 * Run with `npm run example` (JIDO_ENV=production for JSON lines, test for minimal ones).
 *
 * @module
 */

import {
  attachAll,
  detachAll,
  emitAgentDispatch,
  emitContextCacheHit,
  emitContextCacheMiss,
  emitLlmRequest,
  emitLlmResponse,
  emitSessionError,
  emitSessionStart,
  emitSessionStop,
  executeWithStartComplete,
  getCounters,
  getDurationStats,
  getMetrics,
  standardCatalog,
} from "../mod.ts";
import { createLogger, withMetadata } from "../src/logger/mod.ts";
import { alert } from "../src/alerts/mod.ts";

const logger = createLogger({ module: "quickstart" }); // the profile of JIDO_ENV / NODE_ENV
attachAll({ catalog: standardCatalog, log: { logger } });
const slow = alert({
  name: "slow-llm",
  metric: "jido_coder_lib.llm.response.duration",
  catalog: standardCatalog,
  condition: { above: 2_000 },
});

const session_id = "s-42";
const started = performance.now();
await withMetadata({ session_id }, async () => {
  emitSessionStart({ system_time: Date.now() }, { session_id, project_path: "/work/app" });
  for (
    const [file, cached] of [["src/a.ts", false], ["src/b.ts", true], ["src/a.ts", true]] as const
  ) {
    if (cached) emitContextCacheHit({ bytes: 2048, age: 1500 }, { cache: "files", key: file });
    else {emitContextCacheMiss({ system_time: Date.now() }, {
        cache: "files",
        key: file,
        reason: "absent",
      });}
  }
  for (const [action, latency] of [["plan", 812.4], ["edit_file", 2_450.9]] as const) {
    await executeWithStartComplete(
      ["jido_coder_lib", "agent", "dispatch"],
      ["jido_coder_lib", "agent", "complete"],
      { agent: "coder", action },
      async () => {
        emitLlmRequest({ system_time: Date.now(), prompt_bytes: 5120 }, {
          model: "claude-sonnet-4",
          provider: "anthropic",
          operation: "chat",
        });
        await new Promise((resolve) => setTimeout(resolve, 5));
        emitLlmResponse({ duration: latency, input_tokens: 1200, output_tokens: 96 }, {
          model: "claude-sonnet-4",
          provider: "anthropic",
          finish_reason: "stop",
        });
      },
    );
  }
  emitAgentDispatch({ system_time: Date.now() }, { agent: "tester", action: "run_tests" });
  emitSessionError({ system_time: Date.now() }, {
    session_id,
    kind: "rate_limited",
    reason: "429 from provider",
  });
  emitSessionStop({ duration: performance.now() - started }, { session_id, reason: "normal" });
});

await logger.flush(); // the lines above reach stdout before the summary below
console.log("\ncounters:", getCounters());
const llm = getDurationStats()["jido_coder_lib.llm.response"];
console.log(
  `llm latency: count=${llm.count} mean=${llm.mean.toFixed(1)} ms p95=${
    llm.quantiles.p95.toFixed(1)
  } ms`,
);
const tokens = getMetrics().find((m) => m.name === "gen_ai.client.token.usage");
console.log("token usage series:", tokens?.series.map((s) => s.tags));
slow.stop();
detachAll();
