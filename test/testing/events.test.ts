import test from "ava";
import {
  attach,
  emitLlmResponse,
  emitSessionStart,
  execute,
  HANDLER_FAILURE,
  listHandlers,
  LLM_RESPONSE,
  SESSION_START,
  SESSION_STOP,
  standardCatalog,
  type StandardCatalogEvents,
} from "../../mod.ts";
import { captureEvents, TelemetryAssertionError } from "../../src/testing/mod.ts";

const JOB = ["kit", "job", "done"] as const;
const STEP = ["kit", "job", "step"] as const;

test.afterEach.always((t) => {
  t.deepEqual(listHandlers([]).map((h) => h.id), [], "every capture was disposed");
});

test.serial("captureEvents() records events in order, as copies", (t) => {
  const capture = captureEvents([JOB, STEP]);
  const metadata = { id: 1, tags: ["a"], err: new Error("x") };
  execute(STEP, { n: 1 }, metadata);
  execute(JOB, { duration: 3 }, { id: 1 });
  metadata.tags.push("b");
  metadata.id = 2;
  capture.dispose();
  execute(JOB, { duration: 4 }, {});
  const events = capture.events();
  t.deepEqual(events.map((e) => e.key), ["kit.job.step", "kit.job.done"]);
  t.deepEqual(events[0].event, STEP);
  t.deepEqual(events[0].measurements, { n: 1 });
  t.deepEqual(events[0].metadata.tags, ["a"]);
  t.is(events[0].metadata.id, 1);
  t.is(events[0].metadata.err, metadata.err, "an Error is kept, not copied");
  t.is(typeof events[0].time, "number");
  t.deepEqual(capture.events("kit.job.done").map((e) => e.measurements), [{ duration: 3 }]);
  t.true(capture.disposed);
  capture.clear();
  t.deepEqual(capture.events(), []);
  const kept = captureEvents([JOB], { copy: false });
  execute(JOB, { duration: 1 }, metadata);
  kept.dispose();
  t.is(kept.events()[0].metadata, metadata, "copy: false keeps the object");
});

test.serial("captureEvents() with a catalog captures every event, and the library's if asked", (t) => {
  const capture = captureEvents(standardCatalog, { libraryEvents: true, id: "kit-all" });
  t.is(capture.handlerId, "kit-all");
  t.is(capture.eventNames.length, standardCatalog.events.length + 5);
  t.deepEqual(
    [...new Set(listHandlers([]).map((h) => h.id))],
    ["kit-all"],
  );
  attach("kit-broken", SESSION_STOP, () => {
    throw new Error("boom");
  });
  execute(SESSION_STOP, { duration: 1 }, { session_id: "s", reason: "normal" });
  capture.assertOrder([SESSION_STOP, HANDLER_FAILURE]);
  capture.assertEmitted(HANDLER_FAILURE, { metadata: { handler_id: "kit-broken" } });
  capture.dispose();
  capture.dispose(); // twice is harmless
});

test.serial("assertEmitted() passes on a partial match and counts times", (t) => {
  const capture = captureEvents<StandardCatalogEvents>(standardCatalog);
  emitLlmResponse({ duration: 800, input_tokens: 10, output_tokens: 5 }, {
    model: "claude-sonnet-4",
    provider: "anthropic",
  });
  emitLlmResponse({ duration: 900, input_tokens: 10, output_tokens: 7 }, {
    model: "gpt-4o",
    provider: "openai",
  });
  capture.assertEmitted(LLM_RESPONSE);
  capture.assertEmitted(LLM_RESPONSE, { times: 2 });
  capture.assertEmitted(LLM_RESPONSE, { times: 1, metadata: { model: "gpt-4o" } });
  capture.assertEmitted("jido_coder_lib.llm.response", { metadata: { model: /^claude/ } });
  capture.assertEmitted(LLM_RESPONSE, { measurements: { output_tokens: 7 } });
  capture.assertNotEmitted(SESSION_START);
  capture.assertNotEmitted(LLM_RESPONSE, { metadata: { model: "o3" } });
  const typed = capture.events(LLM_RESPONSE);
  t.is(typed[1].measurements.output_tokens, 7);
  t.is(typed[0].metadata.model, "claude-sonnet-4");
  capture.dispose();
});

test.serial("assertEmitted() fails showing what was captured", (t) => {
  const capture = captureEvents([JOB, STEP]);
  execute(JOB, { duration: 3 }, { id: 1 });
  execute(STEP, { n: 1 }, {});
  execute(JOB, { duration: 5 }, { id: 2 });
  capture.dispose();
  const error = t.throws(() => capture.assertEmitted(JOB, { metadata: { id: 3 } }), {
    instanceOf: TelemetryAssertionError,
  });
  t.is(
    error.message,
    `Expected kit.job.done to be emitted with metadata matching {"id":3}, but no captured event matched
Captured kit.job.done events (2):
  #1 measurements {"duration":3} metadata {"id":1}
  #3 measurements {"duration":5} metadata {"id":2}`,
  );
  t.is(error.code, "ERR_ASSERTION");
  t.is(error.name, "TelemetryAssertionError");
  t.is(
    t.throws(() => capture.assertEmitted(JOB, { times: 1, measurements: {}, metadata: {} }))
      .message,
    `Expected kit.job.done to be emitted 1 time with measurements matching {} and metadata matching {}, but 2 captured events matched
Captured kit.job.done events (2):
  #1 measurements {"duration":3} metadata {"id":1}
  #3 measurements {"duration":5} metadata {"id":2}`,
  );
  t.is(
    t.throws(() => capture.assertEmitted(JOB, { times: 3, measurements: { duration: 3 } }))
      .message.split("\n")[0],
    `Expected kit.job.done to be emitted 3 times with measurements matching {"duration":3}, but 1 captured event matched`,
  );
});

test.serial("assertEmitted() on an event never captured lists what was", (t) => {
  const capture = captureEvents([JOB, STEP]);
  t.throws(() => capture.assertEmitted(JOB), {
    message: "Expected kit.job.done to be emitted, but no captured event matched\n" +
      "Captured kit.job.done events: none\nNo event was captured",
  });
  execute(STEP, {}, {});
  execute(STEP, {}, {});
  capture.dispose();
  t.throws(() => capture.assertEmitted(JOB), {
    message: "Expected kit.job.done to be emitted, but no captured event matched\n" +
      "Captured kit.job.done events: none\nCaptured instead: kit.job.step ×2",
  });
});

test.serial("a name the capture does not listen to is an error, not a silent pass", (t) => {
  const capture = captureEvents([JOB]);
  capture.dispose();
  const message = "Event kit.job.typo is not captured: this capture listens to kit.job.done";
  t.throws(() => capture.assertNotEmitted(["kit", "job", "typo"]), { message });
  t.throws(() => capture.assertEmitted("kit.job.typo"), { message });
  t.throws(() => capture.events("kit.job.typo"), { message });
  t.throws(() => capture.assertOrder([JOB, "kit.job.typo"]), { message });
});

test.serial("assertNotEmitted() fails listing the events", (t) => {
  const capture = captureEvents([JOB]);
  execute(JOB, { duration: 1 }, { id: "a" });
  execute(JOB, { duration: 2 }, { id: "b" });
  capture.dispose();
  t.throws(() => capture.assertNotEmitted(JOB), {
    message: `Expected kit.job.done not to be emitted, but it was, 2 times
Captured kit.job.done events (2):
  #1 measurements {"duration":1} metadata {"id":"a"}
  #2 measurements {"duration":2} metadata {"id":"b"}`,
  });
  t.throws(() => capture.assertNotEmitted(JOB, { metadata: { id: "b" } }), {
    message:
      /^Expected kit\.job\.done not to be emitted with metadata matching \{"id":"b"\}, but it was, 1 time\n/,
  });
});

test.serial("assertOrder() checks a subsequence and says which step is missing", (t) => {
  const A = ["kit", "a"];
  const B = ["kit", "b"];
  const C = ["kit", "c"];
  const capture = captureEvents([A, B, C]);
  for (const name of [A, C, B, A]) execute(name, {}, {});
  capture.dispose();
  capture.assertOrder([A, B]);
  capture.assertOrder([A, C, A]);
  capture.assertOrder(["kit.c", "kit.b", "kit.a"]);
  capture.assertOrder([]);
  t.throws(() => capture.assertOrder([B, C]), {
    message: `Expected events in order kit.b → kit.c, but no kit.c was captured after kit.b (#3)
Captured events in order:
  #1 kit.a
  #2 kit.c
  #3 kit.b
  #4 kit.a`,
  });
  const empty = captureEvents([A, B]);
  empty.dispose();
  t.throws(() => empty.assertOrder([A, B]), {
    message: "Expected events in order kit.a → kit.b, but kit.a was never captured\n" +
      "No event was captured",
  });
});

test.serial("dispose() detaches even when the test threw; Symbol.dispose does the same", (t) => {
  let capture: ReturnType<typeof captureEvents> | undefined;
  t.throws(() => {
    capture = captureEvents([JOB]);
    try {
      capture.assertEmitted(JOB);
    } finally {
      capture.dispose();
    }
  }, { instanceOf: TelemetryAssertionError });
  t.deepEqual(listHandlers([]), []);
  const other = captureEvents([JOB]);
  t.is(listHandlers(JOB).length, 1);
  const dispose = (other as unknown as Record<symbol, () => void>)[Symbol.dispose];
  t.is(typeof dispose, "function");
  dispose.call(other);
  t.true(other.disposed);
  t.deepEqual(listHandlers([]), []);
});

test.serial("captureEvents() rejects a taken id and leaves nothing attached", (t) => {
  const first = captureEvents([JOB], { id: "kit-same" });
  t.throws(() => captureEvents([STEP], { id: "kit-same" }), {
    message: 'Handler id "kit-same" is already attached',
  });
  first.dispose();
  emitSessionStart({ system_time: 1 }, { session_id: "s" });
});
