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
