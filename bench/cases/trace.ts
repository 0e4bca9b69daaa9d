/**
 * The trace rows: nested spans recorded into a bounded buffer, against the OpenTelemetry
 * tracing SDK with its `AsyncLocalStorage` context manager and a span processor that keeps the
 * finished spans in a ring of the same size.
 *
 * @module
 */

import { context, type Span as OtelSpan, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { type ReadableSpan, type SpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { span } from "../../mod.ts";
import { type FinishedSpan, recordSpans, type SpanRecorder } from "../../src/trace/mod.ts";
import { type Case, same } from "../harness.ts";

const capacity = 1024;

/** Keeps the last `capacity` ended spans, as `recordSpans()` does. */
class RingProcessor implements SpanProcessor {
  readonly ring: ReadableSpan[] = [];
  next = 0;
  onStart(): void {}
  onEnd(s: ReadableSpan): void {
    if (this.ring.length < capacity) this.ring.push(s);
    else {
      this.ring[this.next] = s;
      this.next = (this.next + 1) % capacity;
    }
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let recorder: SpanRecorder | undefined;
let processor: RingProcessor;
let manager: AsyncLocalStorageContextManager;
let tracer: ReturnType<TracerProvider["getTracer"]>;

const md = { session_id: "s-1", tool: "read_file" };
const outer = ["bench", "agent"] as const;
const inner = ["bench", "tool"] as const;

/** A parent span with one child, both recorded with their metadata as attributes. */
const ours = () => span(outer, md, () => span(inner, md, () => 1));
const theirs = () =>
  tracer.startActiveSpan("bench.agent", { attributes: md }, (parent: OtelSpan) => {
    const n = tracer.startActiveSpan("bench.tool", { attributes: md }, (child: OtelSpan) => {
      child.end();
      return 1;
    });
    parent.end();
    return n;
  });

function shape(spans: readonly FinishedSpan[]) {
  const [child, parent] = spans.slice(-2);
  return [
    parent.name,
    child.name,
    child.parentSpanId === parent.spanId,
    child.traceId === parent.traceId,
  ];
}

/** The trace rows. */
export const traceCases: readonly Case[] = [
  {
    name: "span() sync with a child, both recorded into a span buffer",
    peer: "OpenTelemetry SDK startActiveSpan, AsyncLocalStorage",
    target: { ratio: 1 },
    setup: () => {
      recorder = recordSpans({ capacity });
      manager = new AsyncLocalStorageContextManager().enable();
      context.setGlobalContextManager(manager);
      processor = new RingProcessor();
      const provider = new TracerProvider({ spanProcessors: [processor] });
      tracer = provider.getTracer("bench");
      trace.setGlobalTracerProvider(provider);
    },
    teardown: () => {
      recorder?.stop();
      context.disable();
      trace.disable();
    },
    check: () => {
      ours();
      theirs();
      const theirSpans = processor.ring.slice(-2);
      const [child, parent] = theirSpans;
      same(
        "two spans, the second the parent of the first, one trace, the metadata kept",
        [...shape(recorder!.spans()), recorder!.spans().at(-1)!.metadata],
        [
          "bench.agent",
          "bench.tool",
          child.parentSpanContext?.spanId === parent.spanContext().spanId,
          child.spanContext().traceId === parent.spanContext().traceId,
          parent.attributes,
        ],
      );
      return "each side recorded a parent and its child, linked, with the metadata";
    },
    ours,
    theirs,
  },
];
