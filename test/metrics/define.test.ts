import test from "ava";
import { counter, distribution, lastValue, sum, summary } from "../../src/metrics/mod.ts";
import { catalog } from "./fixtures.ts";

test("summary() splits the name into event and measurement", (t) => {
  const def = summary("jido_coder_lib.llm.response.duration");
  t.is(def.kind, "summary");
  t.deepEqual(def.event, ["jido_coder_lib", "llm", "response"]);
  t.is(def.eventKey, "jido_coder_lib.llm.response");
  t.is(def.measurement, "duration");
  t.deepEqual(def.tags, []);
  t.is(def.unit, "", "no catalog given: the unit is left to the store's catalog");
  t.is(summary("jido_coder_lib.llm.response.duration", { catalog }).unit, "millisecond");
  t.is(def.conversion, undefined);
  t.is(def.description, "");
  t.deepEqual(def.reporterOptions, {});
});

test("counter() returns a frozen definition with frozen arrays", (t) => {
  const def = counter("a.b.count", { tags: ["x"], reporterOptions: { prefix: "p" } });
  t.true(Object.isFrozen(def));
  t.true(Object.isFrozen(def.event));
  t.true(Object.isFrozen(def.tags));
  t.true(Object.isFrozen(def.reporterOptions));
});

test("sum() takes the event and measurement from options when given", (t) => {
  const measure = (m: Readonly<Record<string, number>>) => m.a + m.b;
  const def = sum("tokens.total", { event: ["app", "llm", "response"], measurement: measure });
  t.deepEqual(def.event, ["app", "llm", "response"]);
  t.is(def.measurement, measure);
});

test("lastValue() copies tags, filters and description", (t) => {
  const keep = () => true;
  const drop = () => false;
  const tagValues = (m: Readonly<Record<string, unknown>>) => m;
  const def = lastValue("a.b.c", { tags: ["x", "y"], keep, tagValues, description: "d" });
  t.is(def.kind, "lastValue");
  t.deepEqual(def.tags, ["x", "y"]);
  t.is(def.keep, keep);
  t.is(def.drop, undefined);
  t.is(def.tagValues, tagValues);
  t.is(def.description, "d");
  t.is(lastValue("a.b.c", { drop }).drop, drop);
});

test("counter() rejects keep and drop given together, naming the metric", (t) => {
  t.is(
    t.throws(() => counter("a.b.count", { keep: () => true, drop: () => false }))?.message,
    'Metric "a.b.count" sets both keep and drop: give one or the other',
  );
});

test("summary() records the target unit and the conversion", (t) => {
  const def = summary("a.b.duration", { unit: { from: "millisecond", to: "second" } });
  t.is(def.unit, "second");
  t.deepEqual(def.conversion, { from: "millisecond", to: "second" });
});

test("summary() rejects an unknown unit in a conversion", (t) => {
  t.is(
    t.throws(() => summary("a.b.duration", { unit: { from: "milisecond", to: "second" } }))
      ?.message,
    'Unknown unit "milisecond" for metric "a.b.duration": expected one of nanosecond, ' +
      "microsecond, millisecond, second, minute, hour, byte, kilobyte, megabyte, gigabyte",
  );
});

test("summary() rejects a conversion between time and bytes", (t) => {
  t.is(
    t.throws(() => summary("a.b.size", { unit: { from: "byte", to: "second" } }))?.message,
    'Cannot convert "byte" to "second" for metric "a.b.size"',
  );
});

test("summary() takes the unit from the catalog when given one", (t) => {
  t.is(summary("jido_coder_lib.session.stop.duration", { catalog }).unit, "millisecond");
});

test("counter() rejects a name with no event, unless the event option gives one", (t) => {
  t.is(
    t.throws(() => counter("count"))?.message,
    'Metric "count" has no event: prefix its name with the event ("http.request.count") ' +
      "or set the event option",
  );
  t.deepEqual(counter("count", { event: ["a", "b"] }).event, ["a", "b"]);
});

test("constructors reject a name with an empty segment, also when the event option is given", (t) => {
  const cases = [
    ["a..b", '"a..b"'],
    [".a.b", '".a.b"'],
    ["a.b.", '"a.b."'],
    ["", '""'],
    [".", '"."'],
  ] as const;
  for (const [name, shown] of cases) {
    for (const options of [{}, { event: ["a", "b"] }]) {
      t.throws(() => sum(name, options), {
        instanceOf: Error,
        message: `Invalid metric name ${shown}: expected non-empty segments ` +
          'separated by single dots, such as "http.request.duration"',
      });
    }
  }
});

test("counter() rejects a duplicate or empty tag", (t) => {
  t.is(
    t.throws(() => counter("a.b.count", { tags: ["x", "x"] }))?.message,
    'Duplicate tag "x" for metric "a.b.count"',
  );
  t.is(
    t.throws(() => counter("a.b.count", { tags: [""] }))?.message,
    'Invalid tag "" for metric "a.b.count"',
  );
});

test("distribution() defaults to Prometheus' buckets", (t) => {
  t.deepEqual(distribution("a.b.c").buckets, [
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1,
    2.5,
    5,
    10,
  ]);
});

test("distribution() rejects buckets that are not finite and strictly ascending", (t) => {
  const cases = [
    [[], "[]"],
    [[1, 1], "[1,1]"],
    [[2, 1], "[2,1]"],
    [[1, Infinity], "[1,Infinity]"],
    [[NaN], "[NaN]"],
  ] as const;
  for (const [buckets, shown] of cases) {
    t.is(
      t.throws(() => distribution("a.b.c", { buckets }))?.message,
      `Invalid buckets ${shown} for metric "a.b.c": ` +
        "expected a non-empty list of finite numbers in strictly ascending order",
    );
  }
});

test("distribution() names a non-finite bucket as given, not as null", (t) => {
  for (const [buckets, shown] of [[[1, Infinity], "[1,Infinity]"], [[NaN], "[NaN]"]] as const) {
    t.is(
      t.throws(() => distribution("a.b.c", { buckets }))?.message,
      `Invalid buckets ${shown} for metric "a.b.c": ` +
        "expected a non-empty list of finite numbers in strictly ascending order",
    );
  }
});

test("summary() with a catalog rejects a misspelt event at construction", (t) => {
  t.is(
    t.throws(() => summary("jido_coder_lib.llm.respons.duration", { catalog }))?.message,
    'Unknown event "jido_coder_lib.llm.respons" for metric "jido_coder_lib.llm.respons.duration"',
  );
});

test("summary() takes the unit from the catalog event with the same segments only", (t) => {
  t.is(
    summary("x.duration", { event: ["jido_coder_lib", "session", "stop"], catalog }).unit,
    "millisecond",
  );
  t.is(
    t.throws(() => summary("x.duration", { event: ["jido_coder_lib.session", "stop"], catalog }))
      ?.message,
    'Unknown event ["jido_coder_lib.session","stop"] for metric "x.duration"',
  );
});

test("constructors check names against the catalog given, none by default", (t) => {
  t.is(
    t.throws(() => summary("jido_coder_lib.llm.respons.duration", { catalog }))?.message,
    'Unknown event "jido_coder_lib.llm.respons" for metric "jido_coder_lib.llm.respons.duration"',
  );
  t.is(
    t.throws(() => summary("jido_coder_lib.llm.response.latency", { catalog }))?.message,
    'Unknown measurement "latency" of event "jido_coder_lib.llm.response" for metric ' +
      '"jido_coder_lib.llm.response.latency" (the event declares: "duration", "input_tokens", ' +
      '"output_tokens")',
  );
  t.is(
    t.throws(() => counter("my_app.job.stop.count", { catalog }))?.message,
    'Unknown event "my_app.job.stop" for metric "my_app.job.stop.count": outside the catalog\'s app "jido_coder_lib" (pass allowExternalEvents: true to accept it unchecked)',
  );
  t.notThrows(() => counter("my_app.job.stop.count", { catalog, allowExternalEvents: true }));
  t.notThrows(() => summary("jido_coder_lib.llm.respons.duration"), "no catalog: no check yet");
  t.notThrows(() => summary("jido_coder_lib.llm.respons.duration", { catalog: false }));
});

test("constructors check every option's type when the definition is made, naming metric and option", (t) => {
  const unit = 'a unit name or a conversion { from: "millisecond", to: "second" }';
  const cases: readonly [option: string, value: unknown, expected: string, got: string][] = [
    ["event", 42, "non-empty segments, as an array or separated by single dots", "42"],
    ["measurement", 42, "a measurement key or a function", "42"],
    ["measurement", "", "a measurement key or a function", '""'],
    ["tags", "model", "an array of metadata keys", '"model"'],
    ["tagValues", 1, "a function", "1"],
    ["keep", true, "a function", "true"],
    ["drop", "model", "a function", '"model"'],
    ["unit", 42, unit, "42"],
    ["unit", { from: "millisecond" }, unit, "an object"],
    ["unit", ["millisecond", "second"], unit, '["millisecond", "second"]'],
    ["description", 42, "a string", "42"],
    ["reporterOptions", ["avg"], "a plain object", '["avg"]'],
    ["reporterOptions", null, "a plain object", "null"],
    ["reporterOptions", new Map(), "a plain object", "an object"],
    ["catalog", {}, "a catalog or false", "an object"],
    ["allowExternalEvents", "yes", "a boolean", '"yes"'],
    ["buckets", 5, "an array of numbers", "5"],
  ];
  for (const [option, value, expected, got] of cases) {
    t.throws(() => distribution("x.y", { [option]: value }), {
      instanceOf: TypeError,
      message: `Invalid option ${option} for metric "x.y": expected ${expected}, got ${got}`,
    });
  }
  t.throws(() => counter("x.y", 42 as unknown as object), {
    instanceOf: TypeError,
    message: 'Invalid options for metric "x.y": expected a plain object, got 42',
  });
  t.notThrows(() => counter("x.y", { description: undefined, keep: undefined }));
});

test("constructors reject a name that is not a string", (t) => {
  for (const [name, shown] of [[42, "42"], [null, "null"], [["a", "b"], '["a", "b"]']] as const) {
    t.throws(() => counter(name as unknown as string), {
      instanceOf: TypeError,
      message: `Invalid metric name ${shown}: expected non-empty segments separated by single ` +
        'dots, such as "http.request.duration"',
    });
  }
});

test("constructors take the event option as segments or as a dotted string", (t) => {
  t.deepEqual(counter("x.count", { event: "app.request" }).event, ["app", "request"]);
  t.deepEqual(counter("x.count", { event: ["app.v1", "request"] }).event, ["app.v1", "request"]);
  const cases = [
    ["", '""'],
    [".app", '".app"'],
    ["app.", '"app."'],
    ["app..request", '"app..request"'],
    [[], "[]"],
    [["app", ""], '["app", ""]'],
    [["app", 1], '["app", 1]'],
  ] as const;
  for (const [event, got] of cases) {
    t.throws(() => counter("x.count", { event: event as string }), {
      instanceOf: TypeError,
      message: 'Invalid option event for metric "x.count": expected non-empty segments, as an ' +
        `array or separated by single dots, got ${got}`,
    });
  }
});

test("counter() requires its measurement only when the measurement option is given", (t) => {
  t.false(counter("a.b.count").requiresMeasurement);
  t.false(counter("a.b.count", { event: ["a", "b"] }).requiresMeasurement);
  t.true(counter("a.b.count", { measurement: "bytes" }).requiresMeasurement);
  t.true(counter("a.b.count", { measurement: (m) => m.bytes }).requiresMeasurement);
  t.false("requiresMeasurement" in sum("a.b.c"), "only counters have the field");
});
