/**
 * Traces: span trees with W3C trace context, the current span followed across `await`, a
 * bounded buffer of finished spans, trees drawn as text, and agent spans as OpenTelemetry's
 * GenAI semantic conventions define them.
 *
 * Every `span()` is a node of a trace: its events carry `trace_id`, `span_id` and
 * `parent_span_id`. Spans are recorded (handed to {@link onSpanEnd} listeners, the buffer, the
 * OTLP exporter) while a listener is registered; with none and no handler, a span costs what
 * it did before.
 *
 * @example
 * ```ts
 * import { chat, drawSpanTree, executeTool, invokeAgent, recordSpans } from "@jido/telemetry/trace";
 *
 * const recorder = recordSpans();
 * await invokeAgent("coder", { session_id: "s1" }, async () => {
 *   await chat("claude-sonnet-4", { provider: "anthropic" }, async () => "edit");
 *   executeTool("write_file", {}, () => true);
 * });
 * console.log(drawSpanTree(recorder.spans(), { label: () => "" }));
 * // invoke_agent coder
 * // ├─ chat claude-sonnet-4
 * // └─ execute_tool write_file
 * recorder.stop();
 * ```
 *
 * @module
 */

export {
  type FinishedSpan,
  onSpanEnd,
  type SpanKind,
  type SpanListener,
  type StartedSpan,
} from "../finished_span.ts";
export type {
  EndSpanOptions,
  Span,
  SpanDescriptor,
  SpanHandle,
  StartSpanOptions,
} from "../span.ts";
export {
  contextFollowsAwait,
  currentTraceContext,
  formatTraceparent,
  newSpanId,
  newTraceId,
  parseTraceparent,
  type TraceContext,
  withTraceContext,
} from "../trace_context.ts";
export { recordSpans, type RecordSpansOptions, type SpanRecorder } from "./buffer.ts";
export { type DrawOptions, drawSpanTree, type SpanNode, spanTree } from "./tree.ts";
export {
  bridgeDiagnosticsChannel,
  CHANNEL_PREFIX,
  type DiagnosticsBridge,
  type DiagnosticsBridgeOptions,
  type EventMessage,
  SPAN_TRACING_CHANNEL,
  type SpanMessage,
} from "./diagnostics_channel.ts";
export {
  chat,
  executeTool,
  genAiSpan,
  type GenAiSpanOptions,
  invokeAgent,
  startGenAiSpan,
  type StartGenAiSpanOptions,
} from "./genai.ts";
