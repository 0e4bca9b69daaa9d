// Deno smoke test: the same mod.ts that Node users import works under Deno.
import {
  attach,
  detach,
  emitLlmResponse,
  emitSessionStart,
  listHandlers,
  LLM_RESPONSE,
  SESSION_START,
  span,
} from "../../mod.ts";

function assertEquals(actual: unknown, expected: unknown): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`Expected ${e}, got ${a}`);
}

Deno.test("mod.ts attaches, emits and detaches under Deno", () => {
  const seen: unknown[] = [];
  attach("deno-smoke", SESSION_START, (event, m, md) => void seen.push([event, m, md]));
  emitSessionStart({ system_time: 1 }, { session_id: "s-1" });
  assertEquals(listHandlers(["jido_coder_lib"]).map((h) => h.id), ["deno-smoke"]);
  assertEquals(detach("deno-smoke"), true);
  emitSessionStart({ system_time: 2 }, { session_id: "s-2" });
  assertEquals(seen, [[["jido_coder_lib", "session", "start"], { system_time: 1 }, {
    session_id: "s-1",
  }]]);
});

Deno.test("span() and typed emitters work under Deno", async () => {
  const events: string[] = [];
  attach("deno-span", ["deno", "work", "stop"], (e) => void events.push(e.join(".")));
  attach("deno-llm", LLM_RESPONSE, (_e, m) => void events.push(`tokens=${m.output_tokens}`));
  const value = await span(["deno", "work"], {}, async () => {
    await Promise.resolve();
    emitLlmResponse({ duration: 5, input_tokens: 10, output_tokens: 3 }, {
      model: "m",
      provider: "p",
      finish_reason: "stop",
    });
    return 7;
  });
  detach("deno-span");
  detach("deno-llm");
  assertEquals(value, 7);
  assertEquals(events, ["tokens=3", "deno.work.stop"]);
});

Deno.test("the logger, withMetadata and the log and metrics handlers work under Deno", async () => {
  const { attachAll, detachAll, getCounters, resetCounters, standardCatalog } = await import(
    "../../mod.ts"
  );
  const { createLogger, withMetadata } = await import("../../src/logger/mod.ts");
  const lines: string[] = [];
  const logger = createLogger({
    format: "json",
    level: "info",
    sink: (line: string) => void lines.push(line),
    clock: () => Date.UTC(2026, 0, 2, 3, 4, 5, 6),
  });
  attachAll({ catalog: standardCatalog, log: { logger } });
  await withMetadata({ request_id: "r-1" }, async () => {
    await Promise.resolve();
    emitSessionStart({ system_time: 1 }, { session_id: "s-1" });
  });
  logger.info("done", { api_key: "sk-live-1234567890abcdef" });
  detachAll();
  const [event, done] = lines.map((line) => JSON.parse(line));
  assertEquals(
    [event.time, event.level, event.msg, event.request_id, event.session_id],
    ["2026-01-02T03:04:05.006Z", "info", "jido_coder_lib.session.start", "r-1", "s-1"],
  );
  assertEquals([done.msg, done.api_key], ["done", "[REDACTED]"]);
  assertEquals(getCounters()["jido_coder_lib.session.start"], 1);
  resetCounters();
});

Deno.test("spans follow await under Deno: AsyncLocalStorage gives concurrent children the right parents", async () => {
  const { contextFollowsAwait, recordSpans } = await import("../../src/trace/mod.ts");
  assertEquals(contextFollowsAwait, true);
  const recorder = recordSpans();
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  const parents = await Promise.all(
    ["a", "b"].map((name) =>
      span(["deno", "session"], { name }, async (s) => {
        await Promise.all([1, 2].map((n) =>
          span(["deno", "step"], { name, n }, async () => {
            await tick();
          })
        ));
        return s.spanId;
      })
    ),
  );
  recorder.stop();
  const steps = recorder.spans().filter((s) => s.name === "deno.step");
  assertEquals(steps.length, 4);
  for (const step of steps) {
    assertEquals(step.parentSpanId, parents[step.metadata.name === "a" ? 0 : 1]);
  }
});
