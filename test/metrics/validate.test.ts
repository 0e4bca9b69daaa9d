import test from "ava";
import { counter, distribution, sum, summary, validateDefinition } from "../../src/metrics/mod.ts";
import { catalog } from "./fixtures.ts";

test("validateDefinition() accepts a definition that fits the catalog", (t) => {
  t.notThrows(() =>
    validateDefinition(
      summary("jido_coder_lib.llm.response.duration", {
        catalog: false,
        tags: ["model", "provider"],
      }),
      catalog,
    )
  );
});

test("validateDefinition() names an unknown event and the metric", (t) => {
  t.is(
    t.throws(() =>
      validateDefinition(
        summary("jido_coder_lib.llm.respons.duration", { catalog: false }),
        catalog,
      )
    )
      ?.message,
    'Unknown event "jido_coder_lib.llm.respons" for metric "jido_coder_lib.llm.respons.duration"',
  );
});

test("validateDefinition() names a measurement the event does not declare", (t) => {
  t.is(
    t.throws(() =>
      validateDefinition(
        sum("jido_coder_lib.llm.response.tokens", { catalog: false }),
        catalog,
      )
    )
      ?.message,
    'Unknown measurement "tokens" of event "jido_coder_lib.llm.response" for metric ' +
      '"jido_coder_lib.llm.response.tokens" (the event declares: "duration", "input_tokens", ' +
      '"output_tokens")',
  );
});

test("validateDefinition() does not check the measurement of a counter that counts every event", (t) => {
  t.notThrows(() =>
    validateDefinition(
      counter("jido_coder_lib.session.start.count", { catalog: false }),
      catalog,
    )
  );
});

test("validateDefinition() checks the measurement a counter was given, which it requires", (t) => {
  t.is(
    t.throws(() =>
      validateDefinition(
        counter("jido_coder_lib.llm.response.count", { measurement: "tokens" }),
        catalog,
      )
    )?.message,
    'Unknown measurement "tokens" of event "jido_coder_lib.llm.response" for metric ' +
      '"jido_coder_lib.llm.response.count" (the event declares: "duration", "input_tokens", ' +
      '"output_tokens")',
  );
  t.notThrows(() =>
    validateDefinition(
      counter("jido_coder_lib.llm.response.count", {
        measurement: "duration",
        unit: { from: "second", to: "minute" },
      }),
      catalog,
    ), "a counter ignores the value, so its conversion is not checked");
});

test("validateDefinition() does not check a measurement function", (t) => {
  const def = sum("jido_coder_lib.llm.response.total_tokens", {
    catalog: false,
    measurement: (m) => m.input_tokens + m.output_tokens,
  });
  t.notThrows(() => validateDefinition(def, catalog));
});

test("validateDefinition() rejects a conversion from the wrong unit", (t) => {
  const def = distribution("jido_coder_lib.llm.response.duration", {
    catalog: false,
    unit: { from: "second", to: "millisecond" },
  });
  t.is(
    t.throws(() => validateDefinition(def, catalog))?.message,
    'Metric "jido_coder_lib.llm.response.duration" converts from "second" but measurement ' +
      '"duration" of event "jido_coder_lib.llm.response" is in "millisecond"',
  );
});

test("validateDefinition() rejects a tag the event has no metadata for", (t) => {
  const def = counter("jido_coder_lib.session.start.count", { catalog: false, tags: ["model"] });
  t.is(
    t.throws(() => validateDefinition(def, catalog))?.message,
    'Unknown tag "model" for metric "jido_coder_lib.session.start.count": event ' +
      '"jido_coder_lib.session.start" has no metadata "model"',
  );
});

test("validateDefinition() accepts any tag when tagValues derives them", (t) => {
  const def = counter("jido_coder_lib.session.start.count", {
    catalog: false,
    tags: ["kind"],
    tagValues: () => ({ kind: "x" }),
  });
  t.notThrows(() => validateDefinition(def, catalog));
});

test("validateDefinition() accepts external events only when allowed", (t) => {
  const def = counter("telemetry.handler.failure.count", { catalog: false });
  t.throws(() => validateDefinition(def, catalog), {
    message:
      'Unknown event "telemetry.handler.failure" for metric "telemetry.handler.failure.count": outside the catalog\'s app "jido_coder_lib" (pass allowExternalEvents: true to accept it unchecked)',
  });
  t.notThrows(() => validateDefinition(def, catalog, { allowExternalEvents: true }));
});

test("validateDefinition() still checks app events when external events are allowed", (t) => {
  const def = counter("jido_coder_lib.nope.count", { catalog: false });
  t.throws(() => validateDefinition(def, catalog, { allowExternalEvents: true }), {
    message: 'Unknown event "jido_coder_lib.nope" for metric "jido_coder_lib.nope.count"',
  });
});

test("validateDefinition() matches events by segments, not by dotted name", (t) => {
  const def = sum("x.duration", { catalog: false, event: ["jido_coder_lib.llm", "response"] });
  t.is(
    t.throws(() => validateDefinition(def, catalog))?.message,
    'Unknown event ["jido_coder_lib.llm","response"] for metric "x.duration"',
  );
});

test("validateDefinition() checks an app event written with a dotted first segment", (t) => {
  const def = counter("x.count", { catalog: false, event: ["jido_coder_lib.session", "start"] });
  t.throws(() => validateDefinition(def, catalog, { allowExternalEvents: true }), {
    message: 'Unknown event ["jido_coder_lib.session","start"] for metric "x.count"',
  });
});
