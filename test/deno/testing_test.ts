// Deno test: the testing kit's matchers pass and fail under `deno test`, without ava.
import { execute, listHandlers, span } from "../../mod.ts";
import {
  assertNoSecret,
  captureEvents,
  captureSpans,
  TelemetryAssertionError,
} from "../../src/testing/mod.ts";

Deno.test("captureEvents() and its matchers under Deno", () => {
  using capture = captureEvents([["deno_kit", "a"], ["deno_kit", "b"]]);
  execute(["deno_kit", "a"], { n: 1 }, { id: "x" });
  execute(["deno_kit", "b"], { n: 2 }, {});
  capture.assertEmitted(["deno_kit", "a"], { times: 1, metadata: { id: "x" } });
  capture.assertOrder(["deno_kit.a", "deno_kit.b"]);
  let thrown: unknown;
  try {
    capture.assertOrder(["deno_kit.b", "deno_kit.a"]);
  } catch (error) {
    thrown = error;
  }
  if (!(thrown instanceof TelemetryAssertionError)) throw new Error("assertOrder did not throw");
  if (!thrown.message.startsWith("Expected events in order deno_kit.b → deno_kit.a, but no")) {
    throw new Error(`Unexpected message: ${thrown.message}`);
  }
  assertNoSecret("sk-deno-secret-123", capture);
});

Deno.test("using detaches the capture at the end of its scope", () => {
  {
    using _capture = captureEvents([["deno_kit", "scoped"]]);
    if (listHandlers(["deno_kit"]).length !== 1) throw new Error("Not attached");
  }
  if (listHandlers(["deno_kit"]).length !== 0) throw new Error("Still attached after using");
});

Deno.test("captureSpans() under Deno", async () => {
  using spans = captureSpans();
  await span(
    ["deno_kit", "outer"],
    {},
    () => span(["deno_kit", "inner"], {}, () => Promise.resolve(1)),
  );
  spans.assertSpanTree({ name: "deno_kit.outer", children: [{ name: "deno_kit.inner" }] });
});
