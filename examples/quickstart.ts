/**
 * Quickstart: attach one handler to every standard event and emit each of them once, as a
 * small coding-agent session would. Run with `npm run example`.
 *
 * @module
 */

import {
  attachMany,
  catalog,
  detach,
  emitAgentComplete,
  emitAgentDispatch,
  emitContextCacheHit,
  emitContextCacheMiss,
  emitLlmRequest,
  emitLlmResponse,
  emitSessionError,
  emitSessionStart,
  emitSessionStop,
} from "../mod.ts";

attachMany("quickstart", catalog.events.map((e) => e.name), (event, measurements, metadata) => {
  const spec = catalog.events.find((e) => e.name === event); // the constants are the names
  const numbers = Object.entries(measurements)
    .map(([k, v]) => `${k}=${v}${spec?.measurements.find((m) => m.name === k)?.unit ?? ""}`);
  console.log(
    `${spec?.level.padEnd(5)} ${event.join(".")} ${numbers.join(" ")} ${JSON.stringify(metadata)}`,
  );
});

const session_id = "s-42";
emitSessionStart({ system_time: Date.now() }, { session_id, project_path: "/work/app" });
emitAgentDispatch({ system_time: Date.now() }, { agent: "planner", action: "plan", session_id });
emitContextCacheMiss({ system_time: Date.now() }, { cache: "files", key: "src/a.ts", session_id });
emitContextCacheHit({ bytes: 2048, age: 1500 }, { cache: "files", key: "src/b.ts", session_id });
emitLlmRequest({ system_time: Date.now(), prompt_bytes: 5120 }, {
  model: "claude-sonnet-4",
  provider: "anthropic",
  operation: "chat",
  session_id,
});
emitLlmResponse({ duration: 812.4, input_tokens: 1200, output_tokens: 96 }, {
  model: "claude-sonnet-4",
  provider: "anthropic",
  finish_reason: "stop",
  session_id,
});
emitAgentComplete({ duration: 830.1 }, {
  agent: "planner",
  action: "plan",
  status: "ok",
  session_id,
});
emitSessionError({ system_time: Date.now() }, {
  session_id,
  kind: "rate_limited",
  reason: "429 from provider",
});
emitSessionStop({ duration: 1204.7 }, { session_id, reason: "normal" });
detach("quickstart");
