import test from "ava";
import { emitToolCalled } from "./fixtures/emit.generated.ts";
import { emitToolCalledJs } from "./fixtures/emit.generated.mjs";
import { capture } from "./fixtures/capture.ts";

const site = { env: "development" as const, colors: false };

/** The line of this file from which `lineHere()` is called. */
function lineHere(): number {
  const caller = new Error().stack!.split("\n")[2];
  return Number(/:(\d+):\d+\)?$/.exec(caller)![1]);
}

test("createLogger() names the caller of a generated emitter as the call site", (t) => {
  const { log, lines } = capture(site);
  const line = lineHere() + 1;
  emitToolCalled(log);
  emitToolCalledJs(log);
  t.deepEqual(lines, [
    `12:30:45.123 INFO  app.tool.called (test/logger/call_site.test.ts:${line})`,
    `12:30:45.123 INFO  app.tool.called.js (test/logger/call_site.test.ts:${line + 1})`,
  ]);
});
