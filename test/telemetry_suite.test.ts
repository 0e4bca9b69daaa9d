// Erlang :telemetry's test/telemetry_SUITE.erl (beam-telemetry/telemetry), ported where the bus
// tests did not already cover it; each case is named after the upstream one. Where we
// deliberately differ, the title says "(deviation: ...)" and README.md's "Deviations from
// telemetry_metrics" gives the reason.
//
// Already covered, by test/telemetry.test.ts: bad_event_names, duplicate_attach, invoke_handler,
// list_handlers, list_for_prefix ("listHandlers() lists by prefix ..."), no_execute_detached
// ("detach() returns true once ..."), no_execute_on_prefix and no_execute_on_specific
// ("execute() calls handlers of exactly that event ..."), handler_on_multiple_events
// ("attachMany() ..."), remove_all_handler_on_failure ("execute() detaches a throwing handler
// ..."), detach_from_all, default_metadata ("execute() calls handlers in attach order and
// defaults metadata to {}"); by test/span.test.ts: spans_generate_unique_default_contexts
// ("span() gives each span its own context"), invoke_successful_span_handlers_with_measurements
// ("span() lets the function add stop measurements and metadata"; upstream does not run it).
// Not applicable: persist_with_existing_handlers (no persistent_term), old_execute (a bare value
// as measurements, deprecated, ruled out by the types), off_execute (no application to stop),
// logs_on_local_function (Erlang's local-function performance warning).
import test from "ava";
import {
  attach,
  attachMany,
  detach,
  type EventName,
  execute,
  HANDLER_FAILURE,
  listHandlers,
  type Measurements,
  type Metadata,
  span,
} from "../mod.ts";

const suite = (upstream: string, deviation?: string) =>
  `telemetry_SUITE: "${upstream}"` + (deviation === undefined ? "" : ` (deviation: ${deviation})`);

let n = 0;
/** A fresh handler id per test, as the suite's init_per_testcase makes one. */
const freshId = () => `suite-${++n}`;

interface Echo {
  readonly event: EventName;
  readonly measurements: Measurements;
  readonly metadata: Metadata;
  readonly config: unknown;
}

/** The suite's echo_event/4: records what the handler was called with. */
function echo(): {
  seen: Echo[];
  handler: (...args: [EventName, Measurements, Metadata, unknown]) => void;
} {
  const seen: Echo[] = [];
  return {
    seen,
    handler: (event, measurements, metadata, config) =>
      void seen.push({ event, measurements, metadata, config }),
  };
}

test.serial(
  suite(
    "detach_on_exception",
    'a thrown value that is not an Error has no stack: stacktrace is ""',
  ),
  (t) => {
    const id = freshId();
    const event = ["a", "test", "event"];
    const raiseOnEvent = () => {
      throw "got_event";
    };
    const failures = echo();
    const failureConfig = { send_to: "self" };
    attach(id, event, raiseOnEvent, []);
    attach(`${id}-failure`, HANDLER_FAILURE, failures.handler, failureConfig);
    try {
      t.deepEqual(listHandlers(event), [
        { id, eventName: event, handler: raiseOnEvent, config: [] },
      ]);
      execute(event, { some: 1 }, { some: "metadata" });
      t.is(failures.seen.length, 1);
      const failure = failures.seen[0];
      t.deepEqual(failure.event, ["telemetry", "handler", "failure"]);
      t.is(failure.config, failureConfig);
      t.like(failure.metadata, {
        event_name: event,
        handler_id: id,
        handler_config: [],
        kind: "throw",
        reason: "got_event",
        stacktrace: "",
      });
      t.deepEqual(listHandlers(event), []);
      t.false(detach("doesn't exist"));
    } finally {
      detach(`${id}-failure`);
    }
  },
);

test.serial(suite("list_handler_on_many"), (t) => {
  const id = freshId();
  const events = [["a", "first", "event"], ["a", "second", "event"], ["a", "third", "event"]];
  const config = { send_to: "self" };
  const { handler } = echo();
  attachMany(id, events, handler, config);
  for (const event of events) {
    t.deepEqual(listHandlers(event), [{ id, eventName: event, handler, config }]);
  }
  detach(id);
});

test.serial(
  suite(
    "invoke_successful_span_handlers",
    "the stop event carries the start metadata plus what the function adds, not only the latter; span events also carry W3C trace_id and span_id",
  ),
  (t) => {
    const id = freshId();
    const prefix = ["some", "action"];
    const config = { send_to: "self" };
    const startMetadata = { some: "start_metadata", telemetry_span_context: "ctx" };
    const { seen, handler } = echo();
    attachMany(id, [[...prefix, "start"], [...prefix, "stop"]], handler, config);
    const context = span(prefix, startMetadata, (s) => {
      s.addMetadata({ other: "stop_metadata" });
      return s.context;
    });
    detach(id);
    t.is(context, "ctx", "the span's context is the caller's");
    t.deepEqual(seen.map((e) => [e.event, e.config]), [[[...prefix, "start"], config], [
      [...prefix, "stop"],
      config,
    ]]);
    const [start, stop] = seen;
    const ids = { trace_id: start.metadata.trace_id, span_id: start.metadata.span_id };
    t.regex(String(ids.trace_id), /^[0-9a-f]{32}$/);
    t.regex(String(ids.span_id), /^[0-9a-f]{16}$/);
    t.deepEqual(start.metadata, { ...startMetadata, ...ids });
    t.deepEqual(Object.keys(start.measurements).sort(), ["monotonic_time", "system_time"]);
    t.deepEqual(stop.metadata, {
      some: "start_metadata",
      other: "stop_metadata",
      telemetry_span_context: "ctx",
      ...ids,
    });
    t.deepEqual(Object.keys(stop.measurements).sort(), ["duration", "monotonic_time"]);
  },
);

test.serial(
  suite(
    "invoke_exception_span_handlers",
    "span events also carry W3C trace_id and span_id",
  ),
  (t) => {
    const id = freshId();
    const prefix = ["some", "action"];
    const config = { send_to: "self" };
    const startMetadata = { some: "start_metadata", telemetry_span_context: "ctx" };
    const { seen, handler } = echo();
    attachMany(id, [[...prefix, "start"], [...prefix, "exception"]], handler, config);
    const badarith = new RangeError("badarith");
    const error = t.throws(() =>
      span(prefix, startMetadata, () => {
        throw badarith;
      })
    );
    detach(id);
    t.is(error, badarith);
    t.regex(String(error?.stack), /^RangeError: badarith\n/);
    const [start, exception] = seen;
    t.deepEqual(start.event, [...prefix, "start"]);
    const ids = { trace_id: start.metadata.trace_id, span_id: start.metadata.span_id };
    t.deepEqual(start.metadata, { ...startMetadata, ...ids });
    t.deepEqual(Object.keys(start.measurements).sort(), ["monotonic_time", "system_time"]);
    t.deepEqual(exception.event, [...prefix, "exception"]);
    t.deepEqual(Object.keys(exception.measurements).sort(), ["duration", "monotonic_time"]);
    t.deepEqual(Object.keys(exception.metadata).sort(), [
      "kind",
      "reason",
      "some",
      "span_id",
      "stacktrace",
      "telemetry_span_context",
      "trace_id",
    ]);
    t.like(exception.metadata, {
      kind: "error",
      reason: badarith,
      telemetry_span_context: "ctx",
      ...ids,
    });
  },
);

test.serial("span() keeps a caller's telemetry_span_context that is not a string, as Erlang keeps any term", (t) => {
  const id = freshId();
  const prefix = ["some", "traced"];
  const traceContext = { traceId: "abc", spanId: "def" };
  const { seen, handler } = echo();
  attachMany(id, [[...prefix, "start"], [...prefix, "stop"]], handler);
  const context = span(prefix, { telemetry_span_context: traceContext }, (s) => s.context);
  detach(id);
  t.deepEqual(seen.map((e) => e.metadata.telemetry_span_context), [traceContext, traceContext]);
  t.is(seen[0].metadata.telemetry_span_context, traceContext);
  t.regex(context, /^[0-9a-f]{16}$/, "Span.context stays a string: the span id");
});
