// Span trees: ids, W3C traceparent, parents across await and Promise.all, the span buffer, the
// events' trace fields, trees drawn as text.
import test, { type ExecutionContext } from "ava";
import { attachMany, detach, type EventName, type Metadata, span } from "../../mod.ts";
import {
  contextFollowsAwait,
  currentTraceContext,
  drawSpanTree,
  type FinishedSpan,
  formatTraceparent,
  newSpanId,
  newTraceId,
  onSpanEnd,
  parseTraceparent,
  recordSpans,
  spanTree,
  withTraceContext,
} from "../../src/trace/mod.ts";
import { finishedSpan } from "../fixtures/spans.ts";

/** `performance.now()` reads 100 until `advance()` moves it (as in span.test.ts). */
function fakeClock(t: ExecutionContext) {
  let now = 100;
  performance.now = () => now;
  t.teardown(() => void delete (performance as { now?: unknown }).now);
  return { advance: (ms: number) => void (now += ms) };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

test("trace ids are 32 and span ids 16 lowercase hex digits, all different", (t) => {
  const traces = Array.from({ length: 2000 }, newTraceId);
  const spans = Array.from({ length: 2000 }, newSpanId);
  for (const id of traces) t.true(/^[0-9a-f]{32}$/.test(id) && !/^0+$/.test(id), id);
  for (const id of spans) t.true(/^[0-9a-f]{16}$/.test(id) && !/^0+$/.test(id), id);
  t.is(new Set(traces).size, 2000);
  t.is(new Set(spans).size, 2000);
});

test("parseTraceparent() reads a valid header and formatTraceparent() writes it back", (t) => {
  const header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const ctx = parseTraceparent(header);
  t.deepEqual(ctx, {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    traceFlags: 1,
    remote: true,
  });
  t.is(formatTraceparent(ctx!), header);
  t.is(
    formatTraceparent({ ...ctx!, traceFlags: 0 }),
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
  );
  t.deepEqual(parseTraceparent(` \t${header}\t `), ctx, "optional whitespace around the value");
  t.deepEqual(
    parseTraceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0b-future-part"),
    { ...ctx!, traceFlags: 3 },
    "a later version may append fields after a dash; flags other than sampled and random drop",
  );
  const padded = " ".repeat(40) + header;
  t.deepEqual(parseTraceparent(padded), ctx);
  t.is(parseTraceparent(`${" ".repeat(458)}${header}`), undefined, "longer than 512: not read");
  t.is(parseTraceparent("0" + " ".repeat(16_000) + "x"), undefined, "a long run of spaces");
});

test("parseTraceparent() refuses what W3C Trace Context tells a receiver to ignore", (t) => {
  const valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  const bad = [
    "",
    valid.slice(0, 54),
    `${valid}-extra`, // version 00 is exactly 55 characters
    `${valid}0`,
    "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", // later version, no dash
    "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff is invalid
    "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // uppercase
    "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero span id
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
    "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
  ];
  for (const header of bad) t.is(parseTraceparent(header), undefined, header);
  t.is(parseTraceparent(42), undefined);
  t.is(parseTraceparent(undefined), undefined);
});

test.serial("AsyncLocalStorage carries the current span across await on Node, and a throw restores it", async (t) => {
  t.true(contextFollowsAwait);
  t.is(currentTraceContext(), undefined);
  const recorder = recordSpans();
  const seen = await span(["tr", "await"], {}, async (s) => {
    await tick();
    const after = currentTraceContext()?.spanId;
    t.throws(() =>
      span(["tr", "inner_throw"], {}, () => {
        throw new Error("x");
      })
    );
    return [s.spanId, after, currentTraceContext()?.spanId];
  });
  recorder.stop();
  t.is(seen[1], seen[0], "the span is current after await");
  t.is(seen[2], seen[0], "and again after a child threw");
  t.is(currentTraceContext(), undefined);
});

test.serial("nested spans form a tree: same trace, each parent the enclosing span, ids in the events", (t) => {
  const recorder = recordSpans();
  const seen: { event: string; md: Metadata }[] = [];
  const events: EventName[] = [["tr", "outer", "start"], ["tr", "inner", "stop"]];
  attachMany("tree-events", events, (e, _m, md) => void seen.push({ event: e.join("."), md }));
  const ids = span(["tr", "outer"], { a: 1 }, (outer) => {
    const inner = span(["tr", "inner"], {}, (s) => ({ traceId: s.traceId, spanId: s.spanId }));
    return { outer: { traceId: outer.traceId, spanId: outer.spanId }, inner };
  });
  detach("tree-events");
  recorder.stop();
  t.is(ids.inner.traceId, ids.outer.traceId);
  const [inner, outer] = recorder.spans();
  t.like(inner, {
    name: "tr.inner",
    traceId: ids.outer.traceId,
    spanId: ids.inner.spanId,
    parentSpanId: ids.outer.spanId,
    remoteParent: false,
    traceFlags: 1,
    kind: "internal",
    status: "ok",
  });
  t.like(outer, { name: "tr.outer", spanId: ids.outer.spanId, parentSpanId: undefined });
  t.deepEqual(seen, [
    {
      event: "tr.outer.start",
      md: {
        a: 1,
        telemetry_span_context: ids.outer.spanId,
        trace_id: ids.outer.traceId,
        span_id: ids.outer.spanId,
      },
    },
    {
      event: "tr.inner.stop",
      md: {
        telemetry_span_context: ids.inner.spanId,
        trace_id: ids.outer.traceId,
        span_id: ids.inner.spanId,
        parent_span_id: ids.outer.spanId,
      },
    },
  ]);
});

test.serial("concurrent async spans under Promise.all get the right parents, whatever the interleaving", async (t) => {
  const recorder = recordSpans({ capacity: 10_000 });
  const order = [3, 0, 2, 1, 4];
  const runs = await Promise.all(
    ["a", "b", "c"].map((name, i) =>
      span(["tr", "session"], { name }, async (session) => {
        await tick();
        const steps = await Promise.all(order.map((n) =>
          span(["tr", "step"], { name, n }, async (step) => {
            for (let k = 0; k < (n + i) % 3; k++) await tick();
            const leaf = await span(["tr", "leaf"], { name, n }, async (l) => {
              await tick();
              return l.spanId;
            });
            return { step: step.spanId, leaf };
          })
        ));
        return { name, session: session.spanId, trace: session.traceId, steps };
      })
    ),
  );
  recorder.stop();
  const byId = new Map(recorder.spans().map((s) => [s.spanId, s]));
  t.is(byId.size, 3 * (1 + 2 * order.length));
  for (const run of runs) {
    t.is(byId.get(run.session)?.parentSpanId, undefined);
    for (const { step, leaf } of run.steps) {
      t.is(byId.get(step)?.parentSpanId, run.session);
      t.is(byId.get(step)?.traceId, run.trace);
      t.is(byId.get(step)?.metadata.name, run.name);
      t.is(byId.get(leaf)?.parentSpanId, step);
      t.is(byId.get(leaf)?.traceId, run.trace);
    }
  }
  t.is(new Set(runs.map((r) => r.trace)).size, 3, "each session is its own trace");
  t.is(currentTraceContext(), undefined, "nothing leaks out of the spans");
});

test.serial("a traceparent in the start metadata continues a remote trace", (t) => {
  const recorder = recordSpans();
  const header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
  const outgoing = span(["tr", "tool_server"], { traceparent: header, tool: "grep" }, (s) => {
    t.is(s.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
    return s.traceparent;
  });
  recorder.stop();
  const [received] = recorder.spans();
  t.like(received, {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    parentSpanId: "00f067aa0ba902b7",
    remoteParent: true,
    traceFlags: 0,
  });
  t.deepEqual(received.metadata, { tool: "grep" }, "the header itself is not kept as metadata");
  t.is(outgoing, `00-4bf92f3577b34da6a3ce929d0e0e4736-${received.spanId}-00`);
  // An invalid header starts a new trace instead.
  const fresh = recordSpans();
  span(["tr", "tool_server"], { traceparent: "00-bad" }, () => 1);
  fresh.stop();
  t.like(fresh.spans()[0], { parentSpanId: undefined, remoteParent: false });
});

test.serial("withTraceContext() makes a received context the parent of the spans inside", async (t) => {
  const recorder = recordSpans();
  const parent = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  await withTraceContext(parent, async () => {
    await tick();
    span(["tr", "inside"], {}, () => 1);
  });
  span(["tr", "outside"], {}, () => 1);
  recorder.stop();
  const [inside, outside] = recorder.spans();
  t.like(inside, {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    parentSpanId: "00f067aa0ba902b7",
    remoteParent: true,
  });
  t.not(outside.traceId, "4bf92f3577b34da6a3ce929d0e0e4736");
  t.is(outside.parentSpanId, undefined);
});

test.serial("a finished span carries its times, duration, metadata, measurements and status", (t) => {
  const clock = fakeClock(t);
  const recorder = recordSpans();
  span(["tr", "timed"], { file: "a.ts", telemetry_span_context: "mine" }, (s) => {
    clock.advance(12.5);
    s.addMeasurements({ lines: 3 });
    s.addMetadata({ result: "ok" });
  });
  const boom = new RangeError("too far");
  t.throws(() =>
    span(["tr", "timed"], {}, () => {
      clock.advance(2);
      throw boom;
    })
  );
  try {
    span(["tr", "timed"], {}, () => {
      throw "a string";
    });
  } catch (thrown) {
    t.is(thrown, "a string");
  }
  recorder.stop();
  const [ok, failed, thrown] = recorder.spans();
  const origin = performance.timeOrigin;
  t.like(ok, {
    eventPrefix: ["tr", "timed"],
    startTime: origin + 100,
    endTime: origin + 112.5,
    duration: 12.5,
    metadata: { file: "a.ts", result: "ok" },
    measurements: { lines: 3 },
    attributes: {},
    status: "ok",
    errorType: undefined,
    errorMessage: undefined,
  });
  t.deepEqual(ok.metadata, { file: "a.ts", result: "ok" }, "no telemetry_span_context");
  t.like(failed, {
    duration: 2,
    status: "error",
    errorType: "RangeError",
    errorMessage: "too far",
    attributes: { "error.type": "RangeError" },
  });
  t.like(thrown, { status: "error", errorType: "_OTHER", errorMessage: "a string" });
});

test.serial("a span listener that throws is skipped: the others and the span's result are unharmed", (t) => {
  const names: string[] = [];
  const offBad = onSpanEnd(() => {
    throw new Error("listener bug");
  });
  const offGood = onSpanEnd((s) => void names.push(s.name));
  t.is(span(["tr", "guarded"], {}, () => 7), 7);
  offBad();
  offGood();
  span(["tr", "after"], {}, () => 1);
  t.deepEqual(names, ["tr.guarded"]);
});

test.serial("a quiet span whose metadata names a remote parent still passes that parent to its children", (t) => {
  const seen: Metadata[] = [];
  attachMany("quiet-child", [["tr", "heard", "stop"]], (_e, _m, md) => void seen.push(md));
  const header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
  span(["tr", "not_heard"], { traceparent: header }, () => span(["tr", "heard"], {}, () => 1));
  detach("quiet-child");
  t.like(seen[0], {
    trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
    parent_span_id: "00f067aa0ba902b7",
  });
});

test.serial("with no listener and no handler a span is not recorded and does not become current", (t) => {
  const inside = span(["tr", "quiet"], {}, (s) => {
    t.regex(s.spanId, /^[0-9a-f]{16}$/);
    t.regex(s.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    return currentTraceContext();
  });
  t.is(inside, undefined);
  // Its ids still follow a parent in effect, so a header sent from it continues the trace.
  const parent = parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  const header = withTraceContext(parent, () => span(["tr", "quiet"], {}, (s) => s.traceparent));
  t.regex(header, /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
});

test.serial("recordSpans() keeps the last `capacity` spans, counts the dropped, and stops", (t) => {
  const recorder = recordSpans({ capacity: 3 });
  for (let i = 0; i < 5; i++) span(["tr", "ring"], { i }, () => i);
  t.deepEqual(recorder.spans().map((s) => s.metadata.i), [2, 3, 4]);
  t.is(recorder.dropped, 2);
  const traceId = recorder.spans()[1].traceId;
  t.deepEqual(recorder.trace(traceId).map((s) => s.metadata.i), [3]);
  recorder.clear();
  t.deepEqual(recorder.spans(), []);
  t.is(recorder.dropped, 0);
  span(["tr", "ring"], { i: 5 }, () => 5);
  recorder.stop();
  span(["tr", "ring"], { i: 6 }, () => 6);
  t.deepEqual(recorder.spans().map((s) => s.metadata.i), [5]);
  for (const capacity of [0, -1, 1.5, NaN]) {
    t.throws(() => recordSpans({ capacity }), {
      instanceOf: RangeError,
      message: `capacity must be a positive integer, got ${capacity}`,
    });
  }
});

function fake(spanId: string, parentSpanId: string | undefined, name: string, start: number) {
  return finishedSpan({
    spanId,
    parentSpanId,
    name,
    eventPrefix: [],
    startTime: start,
    endTime: start + 2,
    duration: 2,
  });
}

test("drawSpanTree() draws parents before children, children by start time, orphans as roots", (t) => {
  const spans: FinishedSpan[] = [
    fake("c", "a", "chat m", 3),
    fake("b", "a", "execute_tool read", 1),
    fake("d", "b", "execute_tool grep", 1.5),
    { ...fake("e", "c", "execute_tool bad", 4), status: "error", errorType: "TypeError" },
    fake("a", undefined, "invoke_agent coder", 0),
    fake("z", "elsewhere", "orphan", 10),
  ];
  t.is(
    drawSpanTree(spans),
    [
      "invoke_agent coder  2.0 ms",
      "├─ execute_tool read  2.0 ms",
      "│  └─ execute_tool grep  2.0 ms",
      "└─ chat m  2.0 ms",
      "   └─ execute_tool bad  2.0 ms  error TypeError",
      "orphan  2.0 ms",
    ].join("\n"),
  );
  t.deepEqual(spanTree(spans).map((n) => n.span.spanId), ["a", "z"]);
  t.is(drawSpanTree([]), "");
  t.is(
    drawSpanTree([fake("a", undefined, "evil\n[fake] line\u001b[31m", 0)], { label: () => "" }),
    "evil\\u000a[fake] line\\u001b[31m",
    "a name cannot break the line or color the terminal",
  );
  t.is(
    drawSpanTree([fake("a", undefined, "tool \u202egnp.exe", 0)], { label: () => "" }),
    "tool \\u202egnp.exe",
    "nor reverse what follows it",
  );
  t.is(drawSpanTree([fake("a", "a", "self", 0)], { label: () => "" }), "self");
});

test.serial("hostile start metadata costs a recorded span its metadata, never its record", (t) => {
  const recorder = recordSpans();
  const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
  span(["tr", "revoked"], proxy, () => revoke());
  recorder.stop();
  t.like(recorder.spans()[0], { name: "tr.revoked", status: "ok", metadata: {} });
});
