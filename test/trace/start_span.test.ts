// Spans the caller ends: startSpan() and startGenAiSpan(), on the real clock or the caller's.
import test from "ava";
import type { Measurements, Metadata } from "../../mod.ts";
import { captureEvents } from "../../src/testing/mod.ts";
import { startSpan } from "../../mod.ts";
import {
  currentTraceContext,
  drawSpanTree,
  parseTraceparent,
  recordSpans,
  startGenAiSpan,
  withTraceContext,
} from "../../src/trace/mod.ts";

interface Seen {
  readonly event: string;
  readonly m: Measurements;
  readonly md: Metadata;
}

/** Captures the span events of `prefix` (the kit's captureEvents()), as {event, m, md}. */
function watch(prefix: string[]) {
  const capture = captureEvents(["start", "stop", "exception"].map((s) => [...prefix, s]));
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

test.serial("a span on the caller's clock: its events and the finished span carry that clock's times", (t) => {
  const recorder = recordSpans();
  const w = watch(["held", "session"]);
  const session = startSpan(["held", "session"], { session_id: "s1" }, { startTime: 1_000 });
  const call = startGenAiSpan("chat", "claude-sonnet-4", { provider: "anthropic" }, {
    parent: session,
    startTime: 1_250,
  });
  call.addMeasurements({ input_tokens: 12, output_tokens: 3 });
  call.end({ endTime: 4_250 });
  call.end({ endTime: 9_999 }); // only the first end counts
  session.addMetadata({ reason: "normal" });
  session.end({ endTime: 5_000 });
  w.done();
  recorder.stop();
  t.deepEqual(w.seen.map((e) => [e.event, e.m]), [
    ["start", { monotonic_time: 1_000, system_time: 1_000 }],
    ["stop", { duration: 4_000, monotonic_time: 5_000 }],
  ]);
  t.deepEqual(w.seen[1].md, {
    session_id: "s1",
    reason: "normal",
    telemetry_span_context: session.spanId,
    trace_id: session.traceId,
    span_id: session.spanId,
  });
  const [chat, root] = recorder.spans();
  t.like(chat, {
    name: "chat claude-sonnet-4",
    kind: "client",
    traceId: session.traceId,
    parentSpanId: session.spanId,
    startTime: 1_250,
    endTime: 4_250,
    duration: 3_000,
  });
  t.is(chat.attributes["gen_ai.usage.input_tokens"], 12);
  t.like(root, { name: "held.session", startTime: 1_000, endTime: 5_000, duration: 4_000 });
  t.is(
    drawSpanTree(recorder.spans()),
    "held.session  4000.0 ms\n└─ chat claude-sonnet-4  3000.0 ms",
  );
});

test.serial("end({ error }) ends with the exception event and status error, without throwing", (t) => {
  const recorder = recordSpans();
  const w = watch(["held", "fail"]);
  const boom = new RangeError("out of tokens");
  const h = startSpan(["held", "fail"], {});
  h.end({ error: boom });
  w.done();
  recorder.stop();
  t.deepEqual(w.seen.map((e) => e.event), ["start", "exception"]);
  t.is(w.seen[1].md.reason, boom);
  t.is(w.seen[1].md.kind, "error");
  t.like(recorder.spans()[0], { status: "error", errorType: "RangeError" });
  t.true(recorder.spans()[0].duration >= 0);
});

test.serial("run() makes a held span current; it is not current otherwise; a received parent is kept", async (t) => {
  const recorder = recordSpans();
  const h = startSpan(["held", "run"], {});
  t.is(currentTraceContext(), undefined);
  const child = await h.run(async () => {
    await Promise.resolve();
    return startSpan(["held", "child"], {});
  });
  child.end();
  const remote = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")!;
  const fromRemote = startSpan(["held", "remote"], {}, { parent: remote });
  fromRemote.end();
  h.end();
  recorder.stop();
  const [c, r] = recorder.spans();
  t.is(c.parentSpanId, h.spanId);
  t.like(r, {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    parentSpanId: "00f067aa0ba902b7",
    remoteParent: true,
  });
});

test.serial("with nobody recording or listening a held span is quiet: ids on request, end() does nothing", (t) => {
  const h = startSpan(["held", "quiet"], {}, {
    parent: { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" },
  });
  t.regex(h.traceparent, /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
  t.notThrows(() => h.end({ error: new Error("x") }));
  t.is(h.run(() => 5), 5);
});

test.serial("bad options are ignored, not thrown: a non-finite time or a malformed parent", (t) => {
  const recorder = recordSpans();
  const h = startSpan(["held", "odd"], {}, {
    startTime: NaN,
    parent: { traceId: 7 as unknown as string, spanId: "x" },
  });
  h.end({ endTime: Infinity });
  recorder.stop();
  const [s] = recorder.spans();
  t.is(s.parentSpanId, undefined);
  t.true(Math.abs(s.startTime - Date.now()) < 60_000, "timed on the real clock");
  t.true(s.duration >= 0 && s.duration < 60_000);
});

test.serial("a held span passes its trace flags to children: an unsampled trace stays unsampled", (t) => {
  const recorder = recordSpans();
  const req = startSpan(["held", "req"], {
    traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
  });
  const db = startSpan(["held", "db"], {}, { parent: req });
  t.is(req.traceFlags, 0);
  t.is(db.traceFlags, 0);
  t.regex(db.traceparent, /-00$/);
  db.end();
  req.end();
  recorder.stop();
  t.deepEqual(recorder.spans().map((s) => s.traceFlags), [0, 0]);
});

test.serial("end({ error: null | undefined }) is a success; an endTime before the start is the start", (t) => {
  const recorder = recordSpans();
  const w = watch(["held", "nullish"]);
  startSpan(["held", "nullish"], {}).end({ error: null });
  startSpan(["held", "nullish"], {}).end({ error: undefined });
  startSpan(["held", "nullish"], {}, { startTime: 5_000 }).end({ endTime: 4_000 });
  w.done();
  recorder.stop();
  t.deepEqual(w.seen.map((e) => e.event), ["start", "stop", "start", "stop", "start", "stop"]);
  t.deepEqual(recorder.spans().map((s) => s.status), ["ok", "ok", "ok"]);
  t.like(recorder.spans()[2], { startTime: 5_000, endTime: 5_000, duration: 0 });
});

test.serial("a parent whose ids are not W3C ids is ignored: the current span is the parent", (t) => {
  const recorder = recordSpans();
  const outer = startSpan(["held", "outer"], {});
  outer.run(() => {
    for (
      const parent of [
        { traceId: "4BF92F3577B34DA6A3CE929D0E0E4736", spanId: "00f067aa0ba902b7" },
        { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "" },
        { traceId: "00000000000000000000000000000000", spanId: "00f067aa0ba902b7" },
      ]
    ) startSpan(["held", "child"], {}, { parent }).end();
  });
  outer.end();
  recorder.stop();
  const children = recorder.spans().filter((s) => s.name === "held.child");
  t.is(children.length, 3);
  for (const c of children) t.like(c, { traceId: outer.traceId, parentSpanId: outer.spanId });
});

test.serial("a quiet held span keeps its parent from its start, and run() makes it current", (t) => {
  const parent = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")!;
  const h = startSpan(["held", "quiet_parent"], {}, { parent });
  t.is(h.run(() => currentTraceContext()?.spanId), "00f067aa0ba902b7");
  const later = withTraceContext(parent, () => startSpan(["held", "quiet_parent"], {}));
  t.is(later.traceId, "4bf92f3577b34da6a3ce929d0e0e4736", "read at the start, not when asked");
  t.notThrows(() => startSpan(["held", "x"], {}, null as unknown as undefined).end());
});
