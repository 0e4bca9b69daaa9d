import test from "ava";
import {
  ALERT_RESOLVED,
  ALERT_TRIGGERED,
  emitLlmResponse,
  emitSessionError,
  type Measurements,
  type Metadata,
  standardCatalog,
  TelemetryError,
} from "../../mod.ts";
import { alert } from "../../src/alerts/mod.ts";
import { sum } from "../../src/metrics/mod.ts";
import { captureEvents } from "../../src/testing/mod.ts";

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** Records alert events (the kit's captureEvents()) as [kind, measurements, metadata]. */
function watchAlerts() {
  const capture = captureEvents([ALERT_TRIGGERED, ALERT_RESOLVED]);
  return {
    get seen(): [string, Measurements, Metadata][] {
      return capture.events().map((e) => [e.event[2], e.measurements, e.metadata]);
    },
    done: () => capture.dispose(),
  };
}

const error = (id = "s-1") =>
  emitSessionError({ system_time: 0 }, { session_id: id, kind: "crash", reason: "boom" });

const llm = (duration: number, model = "m1") =>
  emitLlmResponse({ duration, input_tokens: 1, output_tokens: 1 }, {
    model,
    provider: "p",
    finish_reason: "stop",
  });

test.serial("alert() fires on the 6th session.error within 60 s and resolves as the window slides", (t) => {
  const clock = fakeClock();
  const w = watchAlerts();
  const a = alert({
    name: "errors",
    catalog: standardCatalog,
    metric: "jido_coder_lib.session.error.count",
    condition: { moreThan: 5, within: 60_000 },
    clock: clock.now,
    checkEvery: 0,
  });
  for (let i = 0; i < 5; i++) {
    error();
    clock.advance(1_000);
  }
  t.deepEqual(w.seen, [], "5 errors are not more than 5");
  t.false(a.active);
  error(); // 6 errors within [0 s, 5 s]
  t.true(a.active);
  t.deepEqual(w.seen, [["triggered", { value: 6, threshold: 5, window: 60_000 }, {
    rule: "errors",
    metric: "jido_coder_lib.session.error.count",
    condition: "more than 5 in 60000 ms",
  }]]);
  clock.advance(54_999); // now = start + 59_999: the first error is 59_999 ms old, still in
  a.check();
  t.true(a.active);
  clock.advance(1); // the first error leaves the window: 5 remain
  a.check();
  t.false(a.active);
  t.deepEqual(w.seen[1], ["resolved", { value: 5, threshold: 5, duration: 55_000 }, {
    rule: "errors",
    metric: "jido_coder_lib.session.error.count",
    condition: "more than 5 in 60000 ms",
  }]);
  t.true(a.stop());
  t.false(a.stop());
  w.done();
});

test.serial("alert() does not fire again within its cooldown, and fires after it if still true", (t) => {
  const clock = fakeClock();
  const w = watchAlerts();
  const a = alert({
    name: "slow-llm",
    catalog: standardCatalog,
    metric: "jido_coder_lib.llm.response.duration",
    condition: { above: 30_000 },
    cooldown: 60_000,
    clock: clock.now,
  });
  llm(31_000);
  llm(10_000);
  clock.advance(10_000);
  llm(45_000); // true again, but inside the cooldown
  t.deepEqual(w.seen.map(([kind, m]) => [kind, m.value]), [["triggered", 31_000], [
    "resolved",
    10_000,
  ]]);
  t.false(a.active);
  clock.advance(50_000); // cooldown over; the latest value is still above
  a.check();
  t.deepEqual(w.seen.map(([kind, m]) => [kind, m.value]), [
    ["triggered", 31_000],
    ["resolved", 10_000],
    ["triggered", 45_000],
  ]);
  t.deepEqual(w.seen[0][2].condition, "above 30000");
  t.false("window" in w.seen[0][1], "no window without a window");
  a.stop();
  w.done();
});

test.serial("alert() below a threshold over a windowed mean, filtered by metadata", (t) => {
  const clock = fakeClock();
  const w = watchAlerts();
  const a = alert({
    name: "fast-cheap",
    catalog: standardCatalog,
    metric: "jido_coder_lib.llm.response.duration",
    condition: { below: 100, window: { ms: 10_000, aggregate: "mean" } },
    keep: (md) => md.model === "m1",
    clock: clock.now,
    checkEvery: 0,
  });
  llm(150);
  llm(10, "other-model"); // dropped by keep
  t.is(a.value, 150);
  llm(40); // mean (150 + 40) / 2 = 95
  t.true(a.active);
  t.deepEqual(w.seen[0][1], { value: 95, threshold: 100, window: 10_000 });
  t.is(w.seen[0][2].condition, "mean over 10000 ms below 100");
  clock.advance(10_000); // both samples expire: no data, so the condition no longer holds
  a.check();
  t.false(a.active);
  t.is(a.value, undefined);
  t.deepEqual(w.seen[1][1], { value: 0, threshold: 100, duration: 10_000 });
  a.stop();
  w.done();
});

test.serial("alert() rejects unknown metrics, bad numbers and a taken name", (t) => {
  t.throws(
    () =>
      alert({
        name: "x",
        catalog: standardCatalog,
        metric: "jido_coder_lib.llm.respons.duration",
        condition: { above: 1 },
      }),
    {
      instanceOf: TypeError,
      message:
        'Unknown event "jido_coder_lib.llm.respons" for alert "x" (metric "jido_coder_lib.llm.respons.duration")',
    },
  );
  t.throws(
    () =>
      alert({
        name: "x",
        catalog: standardCatalog,
        metric: "jido_coder_lib.llm.response.latency",
        condition: { above: 1 },
      }),
    {
      message: 'Unknown measurement "latency" of event "jido_coder_lib.llm.response" for alert "x"',
    },
  );
  t.throws(
    () =>
      alert({
        name: "x",
        catalog: standardCatalog,
        metric: "jido_coder_lib.session.error.count",
        condition: { moreThan: 5, within: 0 },
      }),
    {
      message:
        'Window of alert "x" must be a positive number of milliseconds up to 2147483647 (the longest delay timers support), got 0',
    },
  );
  t.throws(
    () =>
      alert({
        name: "x",
        catalog: standardCatalog,
        metric: "jido_coder_lib.session.error.count",
        condition: { above: Number.NaN },
      }),
    { message: 'Threshold of alert "x" must be a number, got NaN' },
  );
  const a = alert({
    name: "dup",
    catalog: standardCatalog,
    metric: "jido_coder_lib.session.error.count",
    condition: { above: 1 },
  });
  t.throws(
    () =>
      alert({
        name: "dup",
        catalog: standardCatalog,
        metric: "jido_coder_lib.session.error.count",
        condition: { above: 1 },
      }),
    {
      instanceOf: TelemetryError,
    },
  );
  a.stop();
});

test.serial("alert() keeps bounded memory: a window keeps at most maxSamples samples", (t) => {
  const clock = fakeClock();
  const a = alert({
    name: "bounded",
    catalog: standardCatalog,
    metric: "jido_coder_lib.llm.response.duration",
    condition: { above: 1e9, window: { ms: 60_000, aggregate: "mean" } },
    maxSamples: 100,
    clock: clock.now,
    checkEvery: 0,
  });
  for (let i = 1; i <= 1_000; i++) llm(i);
  t.is(a.value, 950.5, "the mean of the newest 100 samples, 901..1000");
  a.stop();
});

test.serial("alert() rejects a rate it could never count and a bad maxSamples", (t) => {
  const metric = "jido_coder_lib.session.error.count";
  t.throws(
    () =>
      alert({
        name: "r",
        metric,
        catalog: standardCatalog,
        condition: { moreThan: 5, within: 1_000 },
        maxSamples: 5,
      }),
    {
      instanceOf: TypeError,
      message: 'Alert "r" can never count more than 5 events with maxSamples 5; raise maxSamples',
    },
  );
  t.throws(
    () =>
      alert({
        name: "r",
        metric,
        catalog: standardCatalog,
        condition: { above: 1 },
        maxSamples: 0,
      }),
    {
      message: 'maxSamples of alert "r" must be a positive integer, got 0',
    },
  );
});

test.serial("alert() watches a default definition by name, in its unit (seconds)", (t) => {
  const clock = fakeClock();
  const w = watchAlerts();
  const a = alert({
    name: "genai-latency",
    catalog: standardCatalog,
    metric: "gen_ai.client.operation.duration",
    condition: { above: 2 },
    clock: clock.now,
  });
  llm(1_500);
  llm(2_500);
  a.stop();
  w.done();
  t.deepEqual(w.seen.map(([kind, m, md]) => [kind, m.value, md.metric]), [
    ["triggered", 2.5, "gen_ai.client.operation.duration"],
  ]);
});

test.serial("alert() watches a metric definition, with its measurement function and keep", (t) => {
  const clock = fakeClock();
  const w = watchAlerts();
  const a = alert({
    name: "tokens",
    metric: sum("jido_coder_lib.llm.response.total_tokens", {
      measurement: (m) => m.input_tokens + m.output_tokens,
      keep: (md) => md.model === "m1",
    }),
    condition: { above: 2 },
    clock: clock.now,
  });
  emitLlmResponse({ duration: 1, input_tokens: 500, output_tokens: 500 }, {
    model: "other",
    provider: "p",
    finish_reason: "stop",
  }); // 1,000 tokens, but keep drops it
  t.is(a.value, undefined);
  llm(10); // input 1 + output 1 = 2: not above 2
  t.false(a.active);
  t.is(a.value, 2);
  a.stop();
  w.done();
  t.deepEqual(w.seen, []);
});

test.serial("alert() needs the catalog to resolve a metric given by name", (t) => {
  t.throws(
    () =>
      alert({ name: "n", metric: "jido_coder_lib.session.error.count", condition: { above: 1 } }),
    {
      instanceOf: TypeError,
      message:
        'Alert "n" names its metric "jido_coder_lib.session.error.count": pass the catalog that declares it (catalog: your generated catalog, or standardCatalog), or pass a metric definition',
    },
  );
  t.deepEqual([ALERT_TRIGGERED, ALERT_RESOLVED], [
    ["telemetry", "alert", "triggered"],
    ["telemetry", "alert", "resolved"],
  ]);
});

test.serial("alert() keep gets the metadata, then the measurements", (t) => {
  const calls: unknown[][] = [];
  const a = alert({
    name: "big-prompts",
    catalog: standardCatalog,
    metric: "jido_coder_lib.llm.response.input_tokens",
    condition: { above: 0 },
    keep: (md, m) => {
      calls.push([md.model, m.input_tokens]);
      return m.input_tokens > 100;
    },
    checkEvery: 0,
  });
  emitLlmResponse({ duration: 1, input_tokens: 50, output_tokens: 1 }, {
    model: "m1",
    provider: "p",
    finish_reason: "stop",
  });
  t.is(a.value, undefined, "the small prompt was not kept");
  emitLlmResponse({ duration: 1, input_tokens: 500, output_tokens: 1 }, {
    model: "m2",
    provider: "p",
    finish_reason: "stop",
  });
  a.stop();
  t.is(a.value, 500);
  t.deepEqual(calls, [["m1", 50], ["m2", 500]]);
});

test.serial("alert() fires strictly above or below its threshold, never at it", (t) => {
  const w = watchAlerts();
  const above = alert({
    name: "at-threshold-above",
    catalog: standardCatalog,
    metric: "jido_coder_lib.llm.response.duration",
    condition: { above: 100 },
    checkEvery: 0,
  });
  const below = alert({
    name: "at-threshold-below",
    catalog: standardCatalog,
    metric: "jido_coder_lib.llm.response.duration",
    condition: { below: 100 },
    checkEvery: 0,
  });
  llm(100);
  t.false(above.active);
  t.false(below.active);
  llm(100.5);
  t.true(above.active);
  llm(99.5);
  t.true(below.active);
  above.stop();
  below.stop();
  w.done();
  t.deepEqual(w.seen.map(([kind, m, md]) => [kind, md.rule, m.value]), [
    ["triggered", "at-threshold-above", 100.5],
    ["resolved", "at-threshold-above", 99.5],
    ["triggered", "at-threshold-below", 99.5],
  ]);
});

test.serial("alert() describes a window with no aggregate as a mean", (t) => {
  const w = watchAlerts();
  const a = alert({
    name: "mean-by-default",
    catalog: standardCatalog,
    metric: "jido_coder_lib.llm.response.duration",
    condition: { above: 10, window: { ms: 1_000 } },
    checkEvery: 0,
  });
  llm(30);
  llm(0); // mean 15: still above 10
  a.stop();
  w.done();
  t.deepEqual(w.seen.map(([, m, md]) => [md.condition, m.value]), [
    ["mean over 1000 ms above 10", 30],
  ]);
});

const llmMetadata = { model: "m", provider: "p", finish_reason: "stop" } as const;

test.serial("alert() refuses a threshold given as a string, and takes maxSamples 1", (t) => {
  t.throws(
    () =>
      alert({
        name: "x",
        metric: "jido_coder_lib.llm.response.duration",
        catalog: standardCatalog,
        condition: { above: "10" as unknown as number },
      }),
    { instanceOf: TypeError, message: 'Threshold of alert "x" must be a number, got 10' },
  );
  const a = alert({
    name: "one",
    metric: "jido_coder_lib.llm.response.duration",
    catalog: standardCatalog,
    condition: { above: 100, window: { ms: 1_000, aggregate: "max" } },
    maxSamples: 1,
    clock: fakeClock().now,
  });
  emitLlmResponse({ duration: 150, input_tokens: 1, output_tokens: 1 }, llmMetadata);
  emitLlmResponse({ duration: 50, input_tokens: 1, output_tokens: 1 }, llmMetadata);
  t.is(a.value, 50, "one sample kept: the newest");
  a.stop();
});

test.serial("alert() with checkEvery 0 runs no timer, and stop() clears the timer of one that does", async (t) => {
  let untimed = 0;
  const quiet = alert({
    name: "untimed",
    metric: "jido_coder_lib.llm.response.duration",
    catalog: standardCatalog,
    condition: { above: 100, window: { ms: 60_000 } },
    checkEvery: 0,
    clock: () => (untimed++, 0),
  });
  let timed = 0;
  const ticking = alert({
    name: "timed",
    metric: "jido_coder_lib.llm.response.duration",
    catalog: standardCatalog,
    condition: { above: 100, window: { ms: 60_000 } },
    checkEvery: 5,
    clock: () => (timed++, 0),
  });
  await new Promise((resolve) => setTimeout(resolve, 60));
  t.is(untimed, 0, "no check without an event");
  t.true(timed > 0, "the timed rule checked itself");
  ticking.stop();
  const after = timed;
  await new Promise((resolve) => setTimeout(resolve, 60));
  t.is(timed, after, "no check after stop()");
  quiet.stop();
});

test.serial("a second stop() does not detach a new rule of the same name", (t) => {
  const first = alert({
    name: "same",
    metric: "jido_coder_lib.llm.response.duration",
    catalog: standardCatalog,
    condition: { above: 100 },
  });
  t.true(first.stop());
  const second = alert({
    name: "same",
    metric: "jido_coder_lib.llm.response.duration",
    catalog: standardCatalog,
    condition: { above: 100 },
  });
  t.false(first.stop());
  emitLlmResponse({ duration: 150, input_tokens: 1, output_tokens: 1 }, llmMetadata);
  t.true(second.active, "the new rule still samples");
  t.true(second.stop());
});
