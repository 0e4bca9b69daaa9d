// The diagnostics_channel bridge, subscribed to the way an APM agent does: by channel name,
// through node:diagnostics_channel alone.
import test from "ava";
import dc from "node:diagnostics_channel";
import { emitLlmResponse, listHandlers, LLM_RESPONSE, span, standardCatalog } from "../../mod.ts";
import {
  bridgeDiagnosticsChannel,
  SPAN_TRACING_CHANNEL,
  type SpanMessage,
} from "../../src/trace/mod.ts";

test.serial("catalog events are published on one channel per event, only while subscribed", (t) => {
  const bridge = bridgeDiagnosticsChannel({ catalog: standardCatalog, spans: false });
  t.true(bridge.active);
  t.deepEqual(bridge.channels, standardCatalog.events.map((e) => `@jido/telemetry:${e.key}`));
  t.is(bridge.channels[6], "@jido/telemetry:jido_coder_lib.llm.response");
  const seen: unknown[] = [];
  const onMessage = (message: unknown, name: string | symbol) => void seen.push([name, message]);
  emitLlmResponse({ duration: 1, input_tokens: 2, output_tokens: 3 }, {
    model: "m",
    provider: "p",
    finish_reason: "stop",
  });
  dc.subscribe("@jido/telemetry:jido_coder_lib.llm.response", onMessage);
  emitLlmResponse({ duration: 4, input_tokens: 5, output_tokens: 6 }, {
    model: "m",
    provider: "p",
    finish_reason: "length",
  });
  dc.unsubscribe("@jido/telemetry:jido_coder_lib.llm.response", onMessage);
  t.deepEqual(seen, [[
    "@jido/telemetry:jido_coder_lib.llm.response",
    {
      event: ["jido_coder_lib", "llm", "response"],
      measurements: { duration: 4, input_tokens: 5, output_tokens: 6 },
      metadata: { model: "m", provider: "p", finish_reason: "length" },
    },
  ]]);
  t.is(listHandlers(LLM_RESPONSE).length, 1);
  bridge.stop();
  t.is(listHandlers(LLM_RESPONSE).length, 0, "stop() detaches every handler it attached");
});

test.serial("spans are published on a tracing channel: start, error, end, asyncStart, asyncEnd, one context object", async (t) => {
  const bridge = bridgeDiagnosticsChannel({ spans: true });
  t.teardown(() => bridge.stop());
  const seen: [string, SpanMessage][] = [];
  const handlers = {
    start: (m: unknown) => void seen.push(["start", m as SpanMessage]),
    end: (m: unknown) => void seen.push(["end", m as SpanMessage]),
    asyncStart: (m: unknown) => void seen.push(["asyncStart", m as SpanMessage]),
    asyncEnd: (m: unknown) => void seen.push(["asyncEnd", m as SpanMessage]),
    error: (m: unknown) => void seen.push(["error", m as SpanMessage]),
  };
  const channel = dc.tracingChannel(SPAN_TRACING_CHANNEL);
  channel.subscribe(handlers);
  t.teardown(() => channel.unsubscribe(handlers));
  span(["dc", "sync"], { a: 1 }, () => 1);
  const boom = new TypeError("bad");
  await t.throwsAsync(
    span(["dc", "async"], {}, async () => {
      await Promise.resolve();
      throw boom;
    }),
    { is: boom },
  );
  t.deepEqual(seen.map(([kind, m]) => `${kind} ${m.name}`), [
    "start dc.sync",
    "end dc.sync",
    "start dc.async",
    "error dc.async",
    "end dc.async",
    "asyncStart dc.async",
    "asyncEnd dc.async",
  ]);
  const [start, end] = seen;
  t.is(start[1], end[1], "the same object from start to end");
  t.like(start[1], { eventPrefix: ["dc", "sync"], metadata: { a: 1 } });
  t.regex(start[1].spanId, /^[0-9a-f]{16}$/);
  t.is(end[1].span?.status, "ok");
  t.is(seen[3][1].error, boom);
  t.is(seen[6][1].span?.errorType, "TypeError");
  t.is(seen[2][1], seen[6][1]);
});

test.serial("after stop() nothing is published and spans are no longer recorded for the bridge", (t) => {
  const bridge = bridgeDiagnosticsChannel();
  const seen: unknown[] = [];
  const onStart = (m: unknown) => void seen.push(m);
  dc.subscribe(`tracing:${SPAN_TRACING_CHANNEL}:start`, onStart);
  bridge.stop();
  bridge.stop();
  span(["dc", "after"], {}, () => 1);
  dc.unsubscribe(`tracing:${SPAN_TRACING_CHANNEL}:start`, onStart);
  t.deepEqual(seen, []);
});
