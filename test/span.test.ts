import test, { type ExecutionContext } from "ava";
import {
  attach,
  attachMany,
  detach,
  executeWithStartComplete,
  executeWithTelemetry,
  type Measurements,
  type Metadata,
  span,
} from "../mod.ts";
import { captureEvents } from "../src/testing/mod.ts";

interface Seen {
  readonly event: string;
  readonly m: Measurements;
  readonly md: Metadata;
}

/**
 * Stops the clocks spans read for the rest of the (serial) test: `performance.now()` reads 100
 * until `advance()` moves it, `Date.now()` reads `wall`.
 */
function fakeClock(t: ExecutionContext, wall = 1_700_000_000_000) {
  let now = 100;
  const realDateNow = Date.now;
  performance.now = () => now;
  Date.now = () => wall;
  t.teardown(() => {
    delete (performance as { now?: unknown }).now; // back to Performance.prototype.now
    Date.now = realDateNow;
  });
  return { advance: (ms: number) => void (now += ms) };
}

/** Captures the span events of `prefix` (the kit's captureEvents()), as {event, m, md}. */
function watch(prefix: string[], suffixes = ["start", "stop", "exception"]) {
  // The span tests compare metadata objects by identity: the capture keeps them as they came.
  const capture = captureEvents(suffixes.map((s) => [...prefix, s]), { copy: false });
  return {
    get seen(): Seen[] {
      return capture.events().map((e) => ({
        event: e.event.at(-1)!,
        m: e.measurements,
        md: e.metadata,
      }));
    },
    done: () => capture.dispose(),
  };
}

test.serial("span() emits start and stop around a sync function and returns its value", (t) => {
  const clock = fakeClock(t);
  const prefix = ["span_test", "sync"];
  const w = watch(prefix);
  let context = "";
  let ids = {};
  const result = span(prefix, { file: "a.ts" }, (s) => {
    context = s.context;
    ids = { trace_id: s.traceId, span_id: s.spanId };
    clock.advance(25);
    return 42;
  });
  w.done();
  t.is(result, 42);
  t.is(typeof context, "string");
  t.not(context, "");
  t.deepEqual(w.seen, [
    {
      event: "start",
      m: { monotonic_time: 100, system_time: 1_700_000_000_000 },
      md: { file: "a.ts", telemetry_span_context: context, ...ids },
    },
    {
      event: "stop",
      m: { duration: 25, monotonic_time: 125 },
      md: { file: "a.ts", telemetry_span_context: context, ...ids },
    },
  ]);
});

test.serial("span() gives each span its own context", (t) => {
  const prefix = ["span_test", "ctx"];
  const w = watch(prefix, ["start"]);
  span(prefix, {}, () => {});
  span(prefix, {}, () => {});
  w.done();
  t.not(w.seen[0].md.telemetry_span_context, w.seen[1].md.telemetry_span_context);
});

test.serial("span() contexts are the span ids: 16 hex digits, different for every span", (t) => {
  const spans = [1, 2, 3].map(() =>
    span(["span_test", "count"], {}, (s) => ({ context: s.context, spanId: s.spanId }))
  );
  for (const s of spans) {
    t.regex(s.context, /^[0-9a-f]{16}$/);
    t.is(s.context, s.spanId);
  }
  t.is(new Set(spans.map((s) => s.context)).size, 3);
});

test.serial("span() takes the caller's telemetry_span_context: a string becomes Span.context", (t) => {
  const prefix = ["span_test", "given"];
  const w = watch(prefix, ["stop"]);
  const given = span(prefix, { telemetry_span_context: "trace-7" }, (s) => s.context);
  const trace = { trace_id: "t-1" };
  const own = span(prefix, { telemetry_span_context: trace }, (s) => s.context);
  w.done();
  t.is(given, "trace-7");
  t.regex(own, /^[0-9a-f]{16}$/, "a value that is not a string is carried, not used");
  t.deepEqual(w.seen.map((s) => s.md.telemetry_span_context), ["trace-7", trace]);
  t.is(w.seen[1].md.telemetry_span_context, trace);
});

test.serial("span() treats a value whose then getter throws as a plain value", (t) => {
  const prefix = ["span_test", "then_throws"];
  const w = watch(prefix, ["stop", "exception"]);
  const value = {
    get then(): never {
      throw new Error("hostile then");
    },
  };
  t.is(span(prefix, {}, () => value), value);
  w.done();
  t.deepEqual(w.seen.map((s) => s.event), ["stop"]);
});

test.serial("span() lets the function add stop measurements and metadata", async (t) => {
  const clock = fakeClock(t);
  const prefix = ["span_test", "add"];
  const w = watch(prefix);
  let context = "";
  let ids = {};
  const text = await span(prefix, { model: "m1" }, async (s) => {
    context = s.context;
    ids = { trace_id: s.traceId, span_id: s.spanId };
    await Promise.resolve();
    clock.advance(5);
    s.addMeasurements({ output_tokens: 42, duration: -1, monotonic_time: -1 });
    s.addMetadata({ finish_reason: "stop", telemetry_span_context: "mine" });
    return "hello";
  });
  w.done();
  t.is(text, "hello");
  t.deepEqual(w.seen.map((s) => s.event), ["start", "stop"]);
  t.deepEqual(
    w.seen[1].m,
    { output_tokens: 42, duration: 5, monotonic_time: 105 },
    "duration and monotonic_time are the span's own, not the added ones",
  );
  t.deepEqual(w.seen[1].md, {
    model: "m1",
    finish_reason: "stop",
    telemetry_span_context: context,
    ...ids,
  });
});

test.serial("span() emits exception and rethrows the original error of a sync function", (t) => {
  const clock = fakeClock(t);
  const prefix = ["span_test", "throw"];
  const w = watch(prefix);
  const boom = new TypeError("bad input");
  boom.stack = "TypeError: bad input\n    at parse (a.ts:3:9)";
  let context = "";
  let ids = {};
  const error = t.throws(() =>
    span(prefix, { step: 1 }, (s) => {
      context = s.context;
      ids = { trace_id: s.traceId, span_id: s.spanId };
      ids = { trace_id: s.traceId, span_id: s.spanId };
      clock.advance(7);
      throw boom;
    })
  );
  w.done();
  t.is(error, boom);
  t.deepEqual(w.seen.map((s) => s.event), ["start", "exception"]);
  const ex = w.seen[1];
  t.deepEqual(ex.m, { duration: 7, monotonic_time: 107 });
  t.deepEqual(ex.md, {
    step: 1,
    kind: "error",
    reason: boom,
    stacktrace: "TypeError: bad input\n    at parse (a.ts:3:9)",
    telemetry_span_context: context,
    ...ids,
  });
  t.is(ex.md.reason, boom, "the error itself, not a copy");
  t.is(w.seen[0].md.telemetry_span_context, context);
});

test.serial("span() emits exception for a rejected promise and rejects with the original error", async (t) => {
  const clock = fakeClock(t);
  const prefix = ["span_test", "reject"];
  const w = watch(prefix);
  const boom = new Error("timeout");
  boom.stack = "Error: timeout\n    at call (a.ts:8:3)";
  let context = "";
  let ids = {};
  await t.throwsAsync(
    span(prefix, {}, async (s) => {
      context = s.context;
      ids = { trace_id: s.traceId, span_id: s.spanId };
      ids = { trace_id: s.traceId, span_id: s.spanId };
      await Promise.resolve();
      clock.advance(30);
      throw boom;
    }),
    { is: boom },
  );
  w.done();
  t.deepEqual(w.seen.map((s) => s.event), ["start", "exception"]);
  t.deepEqual(w.seen[1].m, { duration: 30, monotonic_time: 130 });
  t.deepEqual(w.seen[1].md, {
    kind: "error",
    reason: boom,
    stacktrace: "Error: timeout\n    at call (a.ts:8:3)",
    telemetry_span_context: context,
    ...ids,
  });
  t.is(w.seen[1].md.reason, boom);
});

test.serial("span() runs the function once even when nobody listens", (t) => {
  let calls = 0;
  t.is(span(["span_test", "nobody"], {}, () => ++calls), 1);
  t.is(calls, 1);
});

test.serial("executeWithTelemetry() is a span under the prefix", (t) => {
  const clock = fakeClock(t);
  const prefix = ["span_test", "ewt"];
  const w = watch(prefix);
  let context = "";
  let ids = {};
  t.is(
    executeWithTelemetry(prefix, { a: 1 }, (s) => {
      context = s.context;
      ids = { trace_id: s.traceId, span_id: s.spanId };
      ids = { trace_id: s.traceId, span_id: s.spanId };
      clock.advance(2);
      return "done";
    }),
    "done",
  );
  w.done();
  t.deepEqual(w.seen, [
    {
      event: "start",
      m: { monotonic_time: 100, system_time: 1_700_000_000_000 },
      md: { a: 1, telemetry_span_context: context, ...ids },
    },
    {
      event: "stop",
      m: { duration: 2, monotonic_time: 102 },
      md: { a: 1, telemetry_span_context: context, ...ids },
    },
  ]);
});

test.serial("executeWithStartComplete() emits start, then complete with duration and status ok", async (t) => {
  const clock = fakeClock(t);
  const start = ["span_test", "agent", "dispatch"];
  const complete = ["span_test", "agent", "complete"];
  const seen: Seen[] = [];
  attachMany("ewsc", [start, complete], (e, m, md) => void seen.push({ event: e.at(-1)!, m, md }));
  t.teardown(() => detach("ewsc"));
  const value = await executeWithStartComplete(start, complete, { agent: "planner" }, async (s) => {
    await Promise.resolve();
    clock.advance(40);
    s.addMeasurements({ steps: 3 });
    s.addMetadata({ action: "plan" });
    return "planned";
  });
  t.is(value, "planned");
  t.deepEqual(seen, [
    { event: "dispatch", m: { system_time: 1_700_000_000_000 }, md: { agent: "planner" } },
    {
      event: "complete",
      m: { steps: 3, duration: 40 },
      md: { agent: "planner", action: "plan", status: "ok" },
    },
  ]);
});

test.serial("executeWithStartComplete() returns a sync function's value as it is, complete with status ok", (t) => {
  const clock = fakeClock(t);
  const start = ["span_test", "sync_agent", "dispatch"];
  const complete = ["span_test", "sync_agent", "complete"];
  const seen: Seen[] = [];
  attachMany(
    "ewsc-sync",
    [start, complete],
    (e, m, md) => void seen.push({ event: e.at(-1)!, m, md }),
  );
  t.teardown(() => detach("ewsc-sync"));
  const value = executeWithStartComplete(start, complete, { agent: "a" }, () => {
    clock.advance(5);
    return 7;
  });
  t.is(value, 7, "not a promise");
  t.deepEqual(seen, [
    { event: "dispatch", m: { system_time: 1_700_000_000_000 }, md: { agent: "a" } },
    { event: "complete", m: { duration: 5 }, md: { agent: "a", status: "ok" } },
  ]);
});

test.serial("executeWithStartComplete() emits complete with status error, the message as reason, and rethrows", (t) => {
  const clock = fakeClock(t);
  const start = ["span_test", "agent", "dispatch"];
  const complete = ["span_test", "agent", "complete"];
  const seen: Seen[] = [];
  attachMany("ewsc", [start, complete], (e, m, md) => void seen.push({ event: e.at(-1)!, m, md }));
  t.teardown(() => detach("ewsc"));
  const diskFull = new Error("disk full");
  diskFull.stack = "Error: disk full\n    at write (a.ts:1:1)";
  const error = t.throws(() =>
    executeWithStartComplete(start, complete, { agent: "coder" }, () => {
      clock.advance(3);
      throw diskFull;
    })
  );
  t.is(error, diskFull);
  t.deepEqual(seen, [
    { event: "dispatch", m: { system_time: 1_700_000_000_000 }, md: { agent: "coder" } },
    {
      event: "complete",
      m: { duration: 3 },
      md: {
        agent: "coder",
        status: "error",
        kind: "error",
        reason: "disk full",
        stacktrace: "Error: disk full\n    at write (a.ts:1:1)",
      },
    },
  ]);
});

test.serial("span() rethrows the original error even when reading its stack throws", (t) => {
  const prefix = ["span_test", "hostile"];
  const w = watch(prefix);
  const original = Object.defineProperty(new Error("orig"), "stack", {
    get() {
      throw new Error("stack getter");
    },
  });
  const error = t.throws(() =>
    span(prefix, {}, () => {
      throw original;
    })
  );
  t.is(error, original);
  const error2 = t.throws(() =>
    executeWithStartComplete([...prefix, "a"], [...prefix, "b"], {}, () => {
      throw original;
    })
  );
  t.is(error2, original);
  w.done();
  t.deepEqual(w.seen.map((s) => [s.event, s.md.stacktrace]), [["start", undefined], [
    "exception",
    "",
  ]]);
});

test.serial("span() still runs and returns when its metadata is a hostile Proxy", (t) => {
  const prefix = ["span_test", "proxy"];
  const w = watch(prefix);
  const md = new Proxy({}, {
    ownKeys() {
      throw new Error("ownKeys trap");
    },
  });
  t.is(span(prefix, md, () => 5), 5);
  w.done();
  t.deepEqual(w.seen, []);
});

test.serial("span() with nobody listening runs the function alone: an id on request, no late stop event", async (t) => {
  const prefix = ["test", "quiet", "span"];
  const seen: string[] = [];
  let context = "";
  let ids = {};
  const value = span(prefix, { a: 1 }, (s) => {
    context = s.context;
    ids = { trace_id: s.traceId, span_id: s.spanId };
    s.addMeasurements({ n: 1 });
    s.addMetadata({ b: 2 });
    attach("late-stop", [...prefix, "stop"], (e) => void seen.push(e.join(".")));
    return 42;
  });
  t.is(value, 42);
  t.regex(context, /^[0-9a-f]{16}$/);
  const { trace_id, span_id } = ids as { trace_id: string; span_id: string };
  t.regex(trace_id, /^[0-9a-f]{32}$/, "a quiet span still has ids when asked");
  t.is(span_id, context);
  t.deepEqual(seen, [], "the handler attached while the span ran gets no stop for it");
  span(prefix, {}, () => undefined);
  t.deepEqual(seen, ["test.quiet.span.stop"], "the next span is heard");
  detach("late-stop");
  // A promise comes back as it is, and a caller's string context is the span's.
  const promise = Promise.resolve("done");
  t.is(span(prefix, {}, () => promise), promise);
  t.is(span(prefix, { telemetry_span_context: "mine" }, (s) => s.context), "mine");
  t.throws(() =>
    span(prefix, {}, () => {
      throw new RangeError("boom");
    }), { instanceOf: RangeError, message: "boom" });
  await promise;
});

test.serial("span() finds its stop handlers as they are at the stop: attached or detached while it ran", (t) => {
  const prefix = ["span_test", "reshaped"];
  const seen: string[] = [];
  attach("reshaped-start", [...prefix, "start"], () => void seen.push("start"));
  // A stop handler attached while the span runs adds the stop node: the trie changes shape.
  span(prefix, {}, () => {
    attach("reshaped-stop", [...prefix, "stop"], () => void seen.push("stop"));
  });
  t.deepEqual(seen, ["start", "stop"]);
  // Detached while the span runs: its node is pruned, and the stop goes to nobody.
  seen.length = 0;
  span(prefix, {}, () => void detach("reshaped-stop"));
  t.deepEqual(seen, ["start"]);
  // An exception handler attached while the span runs, for an error thrown after.
  seen.length = 0;
  t.throws(() =>
    span(prefix, {}, () => {
      attach("reshaped-exception", [...prefix, "exception"], () => void seen.push("exception"));
      throw new Error("late");
    }), { message: "late" });
  t.deepEqual(seen, ["start", "exception"]);
  detach("reshaped-exception");
  // Every handler detached while the span runs (the prefix's node is pruned), then a stop
  // handler attached (a new node for the prefix): the stop reaches it.
  seen.length = 0;
  span(prefix, {}, () => {
    detach("reshaped-start");
    attach("reshaped-stop", [...prefix, "stop"], () => void seen.push("stop"));
  });
  t.deepEqual(seen, ["start", "stop"]);
  detach("reshaped-stop");
});

test.serial("span() events copy the caller's own fields: __proto__ stays a field, inherited ones are left out", (t) => {
  const prefix = ["span_test", "fields"];
  const w = watch(prefix);
  const md = JSON.parse('{"__proto__": {"polluted": true}, "file": "a.ts"}') as Metadata;
  const inherited = Object.create({ inherited: 1 }) as Metadata;
  inherited.own = 2;
  span(prefix, md, (s) => {
    s.addMetadata(inherited);
    s.addMeasurements(JSON.parse('{"__proto__": 5, "tokens": 7}'));
  });
  w.done();
  const [start, stop] = w.seen;
  t.deepEqual(Object.keys(start.md), [
    "__proto__",
    "file",
    "telemetry_span_context",
    "trace_id",
    "span_id",
  ]);
  t.is(Object.getPrototypeOf(start.md), Object.prototype);
  t.deepEqual(start.md.__proto__, { polluted: true });
  t.is((start.md as { polluted?: unknown }).polluted, undefined);
  t.deepEqual(Object.keys(stop.md), [
    "__proto__",
    "file",
    "own",
    "telemetry_span_context",
    "trace_id",
    "span_id",
  ]);
  t.deepEqual(Object.keys(stop.m), ["__proto__", "tokens", "duration", "monotonic_time"]);
  t.is(Object.getOwnPropertyDescriptor(stop.m, "__proto__")?.value, 5);
});

test.serial("span() start and stop share one metadata object unless the function adds metadata", (t) => {
  const prefix = ["span_test", "shared"];
  const w = watch(prefix);
  const md = { file: "a.ts" };
  span(prefix, md, () => 1);
  span(prefix, md, (s) => s.addMetadata({ lines: 3 }));
  w.done();
  const [start1, stop1, start2, stop2] = w.seen.map((e) => e.md);
  t.is(stop1, start1);
  t.not(start1, md, "never the caller's own object");
  t.not(stop2, start2);
  const ids = {
    telemetry_span_context: start2.span_id,
    trace_id: start2.trace_id,
    span_id: start2.span_id,
  };
  t.deepEqual(start2, { file: "a.ts", ...ids });
  t.deepEqual(stop2, { file: "a.ts", lines: 3, ...ids });
  t.deepEqual(md, { file: "a.ts" });
});

test.serial("span() with only an exception handler is heard: the exception event arrives", (t) => {
  const prefix = ["span_test", "only_exception"];
  const w = watch(prefix, ["exception"]);
  t.throws(() =>
    span(prefix, { a: 1 }, () => {
      throw new TypeError("bad");
    }), { instanceOf: TypeError, message: "bad" });
  w.done();
  t.deepEqual(w.seen.map((e) => [e.event, e.md.a, e.md.kind, (e.md.reason as Error).message]), [
    ["exception", 1, "error", "bad"],
  ]);
});

test.serial("span() runs under a prefix that is itself an event, or whose start only leads deeper", (t) => {
  const prefix = ["span_test", "shapes"];
  const seen: string[] = [];
  // The prefix's own node has a handler and no children; then "start" is only on the way to a
  // longer name, with no channel of its own.
  attach("shapes-self", prefix, () => void seen.push("self"));
  t.is(span(prefix, {}, () => 1), 1);
  attach("shapes-deeper", [...prefix, "start", "deeper"], () => void seen.push("deeper"));
  t.is(span(prefix, {}, () => 2), 2);
  attach("shapes-stop", [...prefix, "stop"], () => void seen.push("stop"));
  t.is(span(prefix, {}, () => 3), 3);
  detach("shapes-self");
  detach("shapes-deeper");
  detach("shapes-stop");
  t.deepEqual(seen, ["stop"], "only the stop event of the last span has a handler");
});
