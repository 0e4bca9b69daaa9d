/**
 * A test kit for your own instrumentation, as Erlang's `telemetry_test` is for `:telemetry`:
 * capture events, log lines, metric values and spans in a test, and assert on them with
 * matchers that throw a plain error (so they work under node:test, ava, Vitest, Jest and
 * `deno test`). Every capture is removed by `dispose()`, or by `using` where the runtime has
 * `Symbol.dispose`.
 *
 * @example
 * ```ts
 * import { emitSessionStart, SESSION_START, standardCatalog } from "@jido/telemetry";
 * import { assertNoSecret, captureEvents } from "@jido/telemetry/testing";
 *
 * const capture = captureEvents(standardCatalog);
 * try {
 *   emitSessionStart({ system_time: 1 }, { session_id: "s-1" });
 *   capture.assertEmitted(SESSION_START, { times: 1, metadata: { session_id: "s-1" } });
 *   assertNoSecret("sk-live-0123456789", capture);
 * } finally {
 *   capture.dispose();
 * }
 * ```
 *
 * @module
 */

// src/testing, one concept per file (`_name.ts` files are private to this folder):
//   assertion_error.ts  TelemetryAssertionError, what every matcher throws
//   events.ts           captureEvents(): one handler, records in order, event matchers
//   logs.ts             captureLogs(): a sink, its json lines parsed back, log matchers
//   metrics.ts          metricsSnapshot(), assertMetric(): metric values as plain objects
//   spans.ts            captureSpans(), assertSpanTree(): span trees compared and drawn
//   secrets.ts          assertNoSecret(): a secret searched everywhere, never printed
//   _event_text.ts      the text of event matchers' failures
//   _values.ts          copies, partial matches and values shown on one line
//   _sources.ts         what each capture offers assertNoSecret()
//   _dispose.ts         Symbol.dispose at run time, typed only where the lib has it

export { TelemetryAssertionError } from "./assertion_error.ts";
export type { DisposeMethod } from "./_dispose.ts";
export {
  type CapturedEvent,
  type CapturedOf,
  captureEvents,
  type CaptureEventsOptions,
  type EmittedOptions,
  type EventCapture,
  type EventKey,
  type EventMatch,
  type EventShape,
  type EventTypes,
  type Match,
  type MeasurementsOf,
  type MetadataOf,
} from "./events.ts";
export {
  type CapturedLog,
  captureLogs,
  type CaptureLogsOptions,
  type LogCapture,
  type LogMatch,
} from "./logs.ts";
export {
  assertMetric,
  type MetricExpectation,
  metricsSnapshot,
  type MetricsSnapshotOptions,
  type MetricsSource,
  type PlainMetrics,
} from "./metrics.ts";
export {
  captureSpans,
  type CaptureSpansOptions,
  type ExpectedSpan,
  type SpanCapture,
} from "./spans.ts";
export { assertNoSecret } from "./secrets.ts";
