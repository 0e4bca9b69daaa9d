import test from "ava";
import {
  attachMany,
  detach,
  type EventName,
  executeWithStartComplete,
  executeWithTelemetry,
  type Measurements,
  type Metadata,
  span,
} from "../mod.ts";

interface Seen {
  readonly event: string;
  readonly m: Measurements;
  readonly md: Metadata;
}

let n = 0;
function watch(prefix: string[], suffixes = ["start", "stop", "exception"]) {
  const id = `span-watch-${++n}`;
  const seen: Seen[] = [];
  attachMany(id, suffixes.map((s) => [...prefix, s]), (e: EventName, m, md) => {
    seen.push({ event: e.at(-1)!, m, md });
  });
  return { seen, done: () => detach(id) };
}

test.serial("span() emits start and stop around a sync function and returns its value", (t) => {
  const prefix = ["span_test", "sync"];
  const w = watch(prefix);
  const before = performance.now();
  const result = span(prefix, { file: "a.ts" }, () => 42);
  const after = performance.now();
  w.done();
  t.is(result, 42);
  t.deepEqual(w.seen.map((s) => s.event), ["start", "stop"]);
  const [start, stop] = w.seen;
  t.deepEqual(Object.keys(start.m), ["monotonic_time", "system_time"]);
  t.true(start.m.monotonic_time >= before && start.m.monotonic_time <= after);
  t.true(Math.abs(start.m.system_time - Date.now()) < 5_000);
  t.true(Number.isInteger(start.m.system_time));
  t.deepEqual(Object.keys(stop.m), ["duration", "monotonic_time"]);
  t.is(stop.m.duration, stop.m.monotonic_time - start.m.monotonic_time);
  t.is(start.md.file, "a.ts");
  t.is(stop.md.file, "a.ts");
  t.is(typeof start.md.telemetry_span_context, "string");
  t.is(stop.md.telemetry_span_context, start.md.telemetry_span_context);
});

test.serial("span() gives each span its own context", (t) => {
  const prefix = ["span_test", "ctx"];
  const w = watch(prefix, ["start"]);
  span(prefix, {}, () => {});
  span(prefix, {}, () => {});
  w.done();
  t.not(w.seen[0].md.telemetry_span_context, w.seen[1].md.telemetry_span_context);
});

test.serial("span() lets the function add stop measurements and metadata", async (t) => {
  const prefix = ["span_test", "add"];
  const w = watch(prefix);
  const text = await span(prefix, { model: "m1" }, async (s) => {
    await new Promise((r) => setTimeout(r, 5));
    s.addMeasurements({ output_tokens: 42, duration: -1 });
    s.addMetadata({ finish_reason: "stop" });
    return "hello";
  });
  w.done();
  t.is(text, "hello");
  const stop = w.seen[1];
  t.is(stop.event, "stop");
  t.is(stop.m.output_tokens, 42);
  t.true(stop.m.duration >= 4, "duration is the span's own, not the added one");
  t.deepEqual({ ...stop.md, telemetry_span_context: "x" }, {
    model: "m1",
    finish_reason: "stop",
    telemetry_span_context: "x",
  });
});

test.serial("span() emits exception and rethrows the original error of a sync function", (t) => {
  const prefix = ["span_test", "throw"];
  const w = watch(prefix);
  const boom = new TypeError("bad input");
  const error = t.throws(() =>
    span(prefix, { step: 1 }, () => {
      throw boom;
    })
  );
  w.done();
  t.is(error, boom);
  t.deepEqual(w.seen.map((s) => s.event), ["start", "exception"]);
  const ex = w.seen[1];
  t.deepEqual(Object.keys(ex.m), ["duration", "monotonic_time"]);
  t.is(ex.md.kind, "error");
  t.is(ex.md.reason, boom);
  t.regex(String(ex.md.stacktrace), /^TypeError: bad input/);
  t.is(ex.md.step, 1);
  t.is(ex.md.telemetry_span_context, w.seen[0].md.telemetry_span_context);
});

test.serial("span() emits exception for a rejected promise and rejects with the original error", async (t) => {
  const prefix = ["span_test", "reject"];
  const w = watch(prefix);
  const boom = new Error("timeout");
  await t.throwsAsync(
    span(prefix, {}, async () => {
      await Promise.resolve();
      throw boom;
    }),
    { is: boom },
  );
  w.done();
  t.deepEqual(w.seen.map((s) => s.event), ["start", "exception"]);
  t.is(w.seen[1].md.reason, boom);
});

test.serial("span() runs the function even when nobody listens", (t) => {
  t.is(span(["span_test", "nobody"], {}, (s) => s.context.length > 0), true);
});

test.serial("executeWithTelemetry() is a span under the prefix", (t) => {
  const prefix = ["span_test", "ewt"];
  const w = watch(prefix);
  t.is(executeWithTelemetry(prefix, { a: 1 }, () => "done"), "done");
  w.done();
  t.deepEqual(w.seen.map((s) => [s.event, s.md.a]), [["start", 1], ["stop", 1]]);
});

test.serial("executeWithStartComplete() emits start, then complete with duration and status ok", async (t) => {
  const start = ["span_test", "agent", "dispatch"];
  const complete = ["span_test", "agent", "complete"];
  const seen: Seen[] = [];
  attachMany("ewsc", [start, complete], (e, m, md) => void seen.push({ event: e.at(-1)!, m, md }));
  const value = await executeWithStartComplete(start, complete, { agent: "planner" }, async (s) => {
    await Promise.resolve();
    s.addMeasurements({ steps: 3 });
    return "planned";
  });
  t.is(value, "planned");
  t.deepEqual(seen.map((s) => s.event), ["dispatch", "complete"]);
  t.deepEqual(Object.keys(seen[0].m), ["system_time"]);
  t.deepEqual(seen[0].md, { agent: "planner" });
  t.deepEqual(Object.keys(seen[1].m), ["steps", "duration"]);
  t.deepEqual(seen[1].md, { agent: "planner", status: "ok" });

  seen.length = 0;
  t.throws(() =>
    executeWithStartComplete(start, complete, { agent: "coder" }, () => {
      throw new Error("disk full");
    }), { message: "disk full" });
  detach("ewsc");
  const md = seen[1].md;
  t.is(md.status, "error");
  t.is(md.kind, "error");
  t.is(md.reason, "disk full");
  t.regex(String(md.stacktrace), /^Error: disk full/);
  t.is(md.agent, "coder");
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
