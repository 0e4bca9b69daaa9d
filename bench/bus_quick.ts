/**
 * Quick hot-path check of the bus against node:diagnostics_channel, in one process.
 * Run: npx tsx bench/bus_quick.ts
 */
import dc from "node:diagnostics_channel";
import { bench, do_not_optimize, group, run, summary } from "mitata";
import { attach, emitLlmResponse, emitSessionStart, execute } from "../mod.ts";

const m = { duration: 812.4, input_tokens: 1200, output_tokens: 96 };
const md = { model: "claude-sonnet-4", provider: "anthropic", finish_reason: "stop" } as const;
const quiet = dc.channel("bench.quiet");
const loud = dc.channel("bench.loud");
let sink = 0;
loud.subscribe((message) => void (sink += (message as { m: typeof m }).m.output_tokens));
attach("bench", ["jido_coder_lib", "llm", "response"], (_e, mm) => void (sink += mm.output_tokens));

group("no subscriber", () => {
  summary(() => {
    bench("diagnostics_channel hasSubscribers check", () => {
      if (quiet.hasSubscribers) quiet.publish({ m, md });
    });
    bench("emitSessionStart() with no handler", () => {
      emitSessionStart({ system_time: 1 }, { session_id: "s" });
    });
    bench("execute() by name with no handler", () => {
      execute(["jido_coder_lib", "session", "start"], m, md);
    });
  });
});

group("one subscriber", () => {
  summary(() => {
    bench("diagnostics_channel publish", () => {
      if (loud.hasSubscribers) loud.publish({ m, md });
    });
    bench("emitLlmResponse() with one handler", () => {
      emitLlmResponse(m, md);
    });
    bench("execute() by name with one handler", () => {
      execute(["jido_coder_lib", "llm", "response"], m, md);
    });
  });
});

await run();
do_not_optimize(sink);
