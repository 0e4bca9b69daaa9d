// The test suites of Elixir's telemetry_metrics (beam-telemetry/telemetry_metrics 1.1.0,
// test/telemetry_metrics_test.exs and test/console_reporter_test.exs), ported: one case per
// upstream test that has a TypeScript analogue, named after it and asserting the same behaviour
// in TypeScript terms (names are dotted strings, `:native` time is `nanosecond`, the console
// reporter's analogue is the metrics handler and its store). Where we deliberately differ, the
// title says "(deviation: ...)" and README.md's "Deviations from telemetry_metrics" gives the
// reason. Upstream tests with no analogue are listed there as not applicable.
import test, { type ExecutionContext } from "ava";
import {
  attachMetricsHandler,
  detachMetricsHandler,
  execute,
  getMetrics,
  listHandlers,
  type Measurements,
  type Metadata,
  resetCounters,
  standardCatalog,
} from "../../mod.ts";
import {
  counter,
  createMetricStore,
  distribution,
  lastValue,
  type MetricDefinition,
  type MetricOptions,
  sum,
  summary,
} from "../../src/metrics/mod.ts";

type Make = (name: string, options?: MetricOptions) => MetricDefinition;

/** Upstream's metric types, by their Elixir names, and our constructors for them. */
const metricTypes: readonly [string, Make][] = [
  ["counter", counter],
  ["sum", sum],
  ["last_value", lastValue],
  ["summary", summary],
  ["distribution", distribution],
];

const nameRule =
  'expected non-empty segments separated by single dots, such as "http.request.duration"';
const eventRule = "expected non-empty segments, as an array or separated by single dots";
const unitRule = 'expected a unit name or a conversion { from: "millisecond", to: "second" }';

/** What a metric made of one event, and what it wrote to stderr. */
interface Outcome {
  /**
   * A counter's count, a sum, a last value, or for summaries and distributions the sum of what
   * they recorded; `undefined` when the metric recorded nothing.
   */
  readonly value: number | undefined;
  /** The values the metric rejected (not finite numbers), from the snapshot's `rejectedCount`. */
  readonly rejected: number;
  readonly stderr: readonly string[];
}

function recordOne(def: MetricDefinition, m: Measurements, md: Metadata = {}): Outcome {
  const stderr: string[] = [];
  const original = console.error;
  console.error = (line: string) => void stderr.push(line);
  try {
    const store = createMetricStore([def]);
    store.recorderFor(def.event)(m, md);
    const [metric] = store.snapshot();
    const v = metric.series[0]?.value;
    const value = v === undefined ? undefined : typeof v === "number" ? v : v.sum;
    return { value, rejected: metric.rejectedCount ?? 0, stderr };
  } finally {
    console.error = original;
  }
}

/** What a metric recorded from one event (see {@link Outcome.value}). */
function recorded(def: MetricDefinition, m: Measurements, md: Metadata = {}): number | undefined {
  return recordOne(def, m, md).value;
}

/** The tags of the one series a metric recorded from one event. */
function tagsRecorded(def: MetricDefinition, m: Measurements, md: Metadata): unknown {
  const store = createMetricStore([def]);
  store.recorderFor(def.event)(m, md);
  return store.snapshot()[0].series.map((s) => s.tags);
}

/** Time units but `:native`, which JavaScript has no analogue for, and a fixed measurement. */
const timeConversions: readonly [from: string, to: string, converted: number][] = [
  ["second", "millisecond", 7_654_321_000],
  ["second", "microsecond", 7_654_321_000_000],
  ["second", "nanosecond", 7_654_321_000_000_000],
  ["millisecond", "second", 7654.321],
  ["millisecond", "microsecond", 7_654_321_000],
  ["millisecond", "nanosecond", 7_654_321_000_000],
  ["microsecond", "second", 7.654321],
  ["microsecond", "millisecond", 7654.321],
  ["microsecond", "nanosecond", 7_654_321_000],
  ["nanosecond", "second", 0.007654321],
  ["nanosecond", "millisecond", 7.654321],
  ["nanosecond", "microsecond", 7654.321],
];
const timeMeasurement = 7_654_321;

/** Upstream's byte conversions, value for value. */
const byteConversions: readonly [[string, number], [string, number]][] = [
  [["byte", 76_000_000], ["kilobyte", 76_000]],
  [["byte", 76_000_000], ["megabyte", 76]],
  [["kilobyte", 76_000], ["byte", 76_000_000]],
  [["kilobyte", 76_000], ["megabyte", 76]],
  [["megabyte", 76], ["byte", 76_000_000]],
  [["megabyte", 76], ["kilobyte", 76_000]],
];

for (const [type, make] of metricTypes) {
  const title = (upstream: string, deviation?: string) =>
    `telemetry_metrics: "${type}/2 ${upstream}"` +
    (deviation === undefined ? "" : ` (deviation: ${deviation})`);
  const isCounter = type === "counter";
  /** What the metric records from a value `v`: a counter counts 1 whatever the value. */
  const expect = (v: number) => (isCounter ? 1 : v);

  test(title("raises when metric name is invalid"), (t) => {
    t.throws(() => make(["my", "event"] as unknown as string), {
      instanceOf: TypeError,
      message: `Invalid metric name ["my", "event"]: ${nameRule}`,
    });
  });

  test(title("raises when event name is invalid"), (t) => {
    t.throws(() => make("my.metric", { event: ["my", 1] as unknown as string[] }), {
      instanceOf: TypeError,
      message: `Invalid option event for metric "my.metric": ${eventRule}, got ["my", 1]`,
    });
  });

  test(title("raises when tag_values is invalid"), (t) => {
    t.throws(() => make("my.metric", { tagValues: 1 as unknown as () => Metadata }), {
      instanceOf: TypeError,
      message: 'Invalid option tagValues for metric "my.metric": expected a function, got 1',
    });
  });

  test(title("raises when tags are invalid"), (t) => {
    t.throws(() => make("my.metric", { tags: 1 as unknown as string[] }), {
      instanceOf: TypeError,
      message: 'Invalid option tags for metric "my.metric": expected an array of metadata keys, ' +
        "got 1",
    });
  });

  test(title("raises when description is invalid"), (t) => {
    t.throws(() => make("my.metric", { description: Symbol("metric description") as never }), {
      instanceOf: TypeError,
      message: 'Invalid option description for metric "my.metric": expected a string, ' +
        "got Symbol(metric description)",
    });
  });

  test(title("raises when unit is invalid"), (t) => {
    t.throws(() => make("my.metric", { unit: Symbol("second") as never }), {
      instanceOf: TypeError,
      message: `Invalid option unit for metric "my.metric": ${unitRule}, got Symbol(second)`,
    });
  });

  test(title("raises when reporter options is invalid"), (t) => {
    t.throws(() => make("my.metric", { reporterOptions: ["avg"] as never }), {
      instanceOf: TypeError,
      message: 'Invalid option reporterOptions for metric "my.metric": expected a plain object, ' +
        'got ["avg"]',
    });
  });

  test(
    title(
      `returns ${type} specification with default fields`,
      "the default tagValues is undefined, which reads tags from the metadata as is",
    ),
    (t) => {
      const metric = make("http.request.latency");
      t.deepEqual(metric.event, ["http", "request"]);
      t.is(metric.name, "http.request.latency");
      t.deepEqual(metric.tags, []);
      t.is(metric.description, "");
      t.is(metric.unit, "");
      t.is(metric.measurement, "latency");
      t.deepEqual(metric.reporterOptions, {});
      t.is(metric.tagValues, undefined);
      const tagged = make("http.request.latency", { tags: ["key", "another_key"] });
      t.deepEqual(tagsRecorded(tagged, { latency: 1 }, { key: 1, another_key: 2 }), [
        { key: "1", another_key: "2" },
      ]);
    },
  );

  test(title(`returns ${type} specification with overridden fields`), (t) => {
    const tagValues = (md: Metadata) => ({
      controller: md.controller,
      controller_action: md.action,
    });
    const metric = make("my.metric", {
      event: ["my", "event"],
      measurement: "other_value",
      tags: ["controller", "controller_action"],
      tagValues,
      description: "a metric",
      unit: "second",
      reporterOptions: { sample_rate: 0.1 },
    });
    t.deepEqual(metric.event, ["my", "event"]);
    t.is(metric.name, "my.metric");
    t.deepEqual(metric.tags, ["controller", "controller_action"]);
    t.is(metric.description, "a metric");
    t.is(metric.unit, "second");
    t.is(metric.measurement, "other_value");
    t.deepEqual(metric.reporterOptions, { sample_rate: 0.1 });
    t.deepEqual(metric.tagValues!({ controller: "UserController", action: "create" }), {
      controller: "UserController",
      controller_action: "create",
    });
  });

  test(title("return normalized metric and event name in the specification"), (t) => {
    const metric = make("http.requests.count", { event: "http.request" });
    t.deepEqual(metric.event, ["http", "request"]);
    t.is(metric.name, "http.requests.count");
  });

  test(
    title(
      "tag_values default returns identity function in metric spec",
      "tagValues is undefined, and tags are read from the metadata as is",
    ),
    (t) => {
      const metric = make("my.event.value", { tags: ["controller", "action"] });
      t.is(metric.tagValues, undefined);
      t.deepEqual(
        tagsRecorded(metric, { value: 1 }, { controller: "UserController", action: "create" }),
        [{ controller: "UserController", action: "create" }],
      );
    },
  );

  test(title("setting function as tag_values returns that function in metric spec"), (t) => {
    const tagValues = () => ({ constant: "metadata" });
    const metric = make("my.event.value", { tagValues });
    t.is(metric.tagValues, tagValues);
    t.deepEqual(metric.tagValues!({ controller: "UserController", action: "create" }), {
      constant: "metadata",
    });
  });

  test(title("setting function as filter returns that function in metric spec"), (t) => {
    const readOnly = (md: Metadata) => md.repo === "my_app_read_only_repo";
    const keepMetric = make("my.repo.query", { keep: readOnly });
    const dropMetric = make("my.repo.query", { drop: readOnly });
    t.is(keepMetric.keep, readOnly);
    t.true(keepMetric.keep!({ repo: "my_app_read_only_repo" }, {}));
    t.false(keepMetric.keep!({ repo: "my_app_repo" }, {}));
    t.is(dropMetric.drop, readOnly, "kept as drop, not folded into a negated keep");
    t.is(dropMetric.keep, undefined);
    for (
      const [metric, kept, dropped] of [[keepMetric, "my_app_read_only_repo", "my_app_repo"], [
        dropMetric,
        "my_app_repo",
        "my_app_read_only_repo",
      ]] as const
    ) {
      t.is(recorded(metric, { query: 5 }, { repo: kept }), expect(5));
      t.is(recorded(metric, { query: 5 }, { repo: dropped }), undefined);
    }
  });

  test(title("using event filter that evaluates both metadata and measurement"), (t) => {
    const metric = make("my.repo.query", {
      keep: (md, m) => md.repo === "my_app_read_only_repo" && m.duration > 100,
    });
    t.true(metric.keep!({ repo: "my_app_read_only_repo" }, { duration: 200 }));
    t.false(metric.keep!({ repo: "my_app_read_only_repo" }, { duration: 50 }));
    const md = { repo: "my_app_read_only_repo" };
    t.is(recorded(metric, { query: 5, duration: 200 }, md), expect(5));
    t.is(recorded(metric, { query: 5, duration: 50 }, md), undefined);
  });

  test(title("setting both keep and drop options raises"), (t) => {
    t.throws(
      () =>
        make("my.event.value", {
          keep: (md) => md.some === "value",
          drop: (md) => md.some === "other_value",
        }),
      { message: 'Metric "my.event.value" sets both keep and drop: give one or the other' },
    );
  });

  test(title("using metric name with leading, trailing or subsequent dots raises"), (t) => {
    for (const name of [".metric.name", "metric.name.", "metric..name"]) {
      t.throws(() => make(name), {
        message: `Invalid metric name ${JSON.stringify(name)}: ${nameRule}`,
      });
    }
  });

  test(title("using event name with leading, trailing or subsequent dots raises"), (t) => {
    for (const event of [".event.value", "event.value.", "event..name"]) {
      t.throws(() => make("my.metric", { event }), {
        instanceOf: TypeError,
        message: `Invalid option event for metric "my.metric": ${eventRule}, ` +
          `got ${JSON.stringify(event)}`,
      });
    }
  });

  test(title("tag_values fun can leave other keys than in metadata"), (t) => {
    const tags = ["action", "some_tag"];
    const metric = make("my.event:value", {
      tags,
      tagValues: (md) => ({ ...md, some_tag: "some_value" }),
    });
    const metadata = { controller: "UserController", action: "create" };
    t.notDeepEqual(Object.keys(metric.tagValues!(metadata)), tags);
    t.deepEqual(tagsRecorded(metric, { "event:value": 1 }, metadata), [
      { action: "create", some_tag: "some_value" },
    ]);
  });

  test(
    title(
      "tags can be function that returns metadata",
      "tags is an array; a tagValues function derives their values",
    ),
    (t) => {
      const tags = (md: Metadata) => ({ action: md.action });
      t.throws(() => make("my.event:value", { tags: tags as unknown as string[] }), {
        instanceOf: TypeError,
        message: 'Invalid option tags for metric "my.event:value": expected an array of ' +
          "metadata keys, got a function",
      });
      const metric = make("my.event:value", { tags: ["action"], tagValues: tags });
      t.deepEqual(
        tagsRecorded(metric, { "event:value": 1 }, {
          controller: "UserController",
          action: "create",
        }),
        [{ action: "create" }],
      );
    },
  );

  test(
    title(
      "setting term as measurement returns function returning value under that term in metric spec",
    ),
    (t) => {
      const metric = make("my.event", { measurement: "value" });
      t.is(metric.measurement, "value");
      t.deepEqual(metric.event, ["my"]);
      t.is(recorded(metric, { value: 3, other_value: 2 }), expect(3));
    },
  );

  test(title("setting unary function as measurement returns that function in metric spec"), (t) => {
    const fn = (_m: Measurements) => 42;
    const metric = make("my.event", { measurement: fn });
    t.is(metric.measurement, fn);
    t.is(recorded(metric, { value: 3, other_value: 2 }), expect(42));
  });

  test(
    title("setting binary function as measurement returns that function in metric spec"),
    (t) => {
      const fn = (_m: Measurements, md: Metadata) => (md.messages as unknown[]).length;
      const metric = make("my.event", { measurement: fn });
      t.is(metric.measurement, fn);
      const md = { messages: Array(42).fill("message") };
      t.is(recorded(metric, { value: 3, other_value: 2 }, md), expect(42));
    },
  );

  test(
    title(
      "metric name can be a list of atoms",
      "a name is a dotted string; an event with dotted segments goes in the event option",
    ),
    (t) => {
      t.throws(() => make(["my", "event", "value"] as unknown as string), {
        instanceOf: TypeError,
        message: `Invalid metric name ["my", "event", "value"]: ${nameRule}`,
      });
      const metric = make("my.event.value", { event: ["my", "event"] });
      t.deepEqual(metric.event, ["my", "event"]);
      t.is(metric.measurement, "value");
    },
  );

  test(title("metric name can be a string"), (t) => {
    const metric = make("my.event.value");
    t.is(metric.name, "my.event.value");
    t.deepEqual(metric.event, ["my", "event"]);
    t.is(metric.measurement, "value");
  });

  test(title("raises when metric name is empty"), (t) => {
    t.throws(() => make([] as unknown as string), {
      instanceOf: TypeError,
      message: `Invalid metric name []: ${nameRule}`,
    });
    t.throws(() => make(""), { message: `Invalid metric name "": ${nameRule}` });
  });

  test(title("raises when metric name is not a string or list of atoms"), (t) => {
    for (const [name, shown] of [[null, "null"], [[null], "[null]"]] as const) {
      t.throws(() => make(name as unknown as string), {
        instanceOf: TypeError,
        message: `Invalid metric name ${shown}: ${nameRule}`,
      });
    }
  });

  test(title("raises when event name derived from metric name is empty"), (t) => {
    t.throws(() => make("latency"), {
      message: 'Metric "latency" has no event: prefix its name with the event ' +
        '("http.request.latency") or set the event option',
    });
  });

  test(title("raises when event name is empty"), (t) => {
    for (const [event, shown] of [[[], "[]"], ["", '""']] as const) {
      t.throws(() => make("http.request.latency", { event }), {
        instanceOf: TypeError,
        message: `Invalid option event for metric "http.request.latency": ${eventRule}, ` +
          `got ${shown}`,
      });
    }
  });

  test(
    title(
      "raises when event filter is not a function with an arity of 1 or 2",
      "a filter must be a function, of any arity: JavaScript functions may ignore arguments",
    ),
    (t) => {
      for (const option of ["keep", "drop"] as const) {
        t.throws(() => make("ecto.query.queue_time", { [option]: true }), {
          instanceOf: TypeError,
          message: `Invalid option ${option} for metric "ecto.query.queue_time": ` +
            "expected a function, got true",
        });
        const sampled = make("ecto.query.queue_time", { [option]: () => option === "keep" });
        t.is(recorded(sampled, { queue_time: 5 }), expect(5));
      }
    },
  );

  test(
    title("raises when first element of unit-conversion tuple is not a valid time unit"),
    (t) => {
      t.throws(() => make("http.request.latency", { unit: { from: "byte", to: "millisecond" } }), {
        message: 'Cannot convert "byte" to "millisecond" for metric "http.request.latency"',
      });
    },
  );

  test(
    title("raises when second element of unit-conversion tuple is not a valid time unit"),
    (t) => {
      t.throws(() => make("http.request.latency", { unit: { from: "millisecond", to: "byte" } }), {
        message: 'Cannot convert "millisecond" to "byte" for metric "http.request.latency"',
      });
    },
  );

  test(title("raises when unit-conversion tuple is not a two-element tuple"), (t) => {
    const unit = ["nanosecond", "millisecond", "second"] as never;
    t.throws(() => make("http.request.latency", { unit }), {
      instanceOf: TypeError,
      message: `Invalid option unit for metric "http.request.latency": ${unitRule}, ` +
        'got ["nanosecond", "millisecond", "second"]',
    });
  });

  test(
    title("sets the unit in the definition to the second element of the unit-conversion tuple"),
    (t) => {
      const metric = make("http.request.latency", {
        unit: { from: "nanosecond", to: "millisecond" },
      });
      t.is(metric.unit, "millisecond");
      t.deepEqual(metric.conversion, { from: "nanosecond", to: "millisecond" });
    },
  );

  const countsAnyway = isCounter
    ? "the counter counts every event unless given the measurement option"
    : undefined;

  test(
    title(
      "does not raise when unit-conversion tuple is provided but measurement is nil",
      countsAnyway,
    ),
    (t) => {
      const metric = make("http.request.latency", {
        unit: { from: "nanosecond", to: "millisecond" },
      });
      t.is(recorded(metric, { latency: null as unknown as number }), isCounter ? 1 : undefined);
    },
  );

  test(
    title(
      "does not raise when unit-conversion tuple is provided but measurement is missing",
      countsAnyway,
    ),
    (t) => {
      const metric = make("http.request.missing_measurement", {
        unit: { from: "nanosecond", to: "millisecond" },
      });
      t.is(recorded(metric, {}), isCounter ? 1 : undefined);
    },
  );

  const skipsNonNumbers = isCounter
    ? "recording never throws, and a counter ignores the value"
    : "recording never throws: a value that is not a number is counted as rejected and reported";
  /** A counter counts the event; other metrics reject the value, report it once and go on. */
  const rejectsOnce = (t: ExecutionContext, outcome: Outcome) => {
    if (isCounter) {
      t.deepEqual(outcome, { value: 1, rejected: 0, stderr: [] });
      return;
    }
    t.like(outcome, { value: undefined, rejected: 1 });
    t.is(outcome.stderr.length, 1);
    t.regex(
      outcome.stderr[0],
      /^\[telemetry\] Metric "http\.request\.latency" rejected a value of event "http\.request": /,
    );
  };

  test(
    title(
      "raises when unit-conversion tuple is provided but measurement is not a number",
      skipsNonNumbers,
    ),
    (t) => {
      const metric = make("http.request.latency", {
        unit: { from: "nanosecond", to: "millisecond" },
      });
      rejectsOnce(t, recordOne(metric, { latency: "not_a_number" as unknown as number }));
    },
  );

  test(
    title(
      "raises when unit-conversion tuple is provided but measurement function doesn't return a number",
      skipsNonNumbers,
    ),
    (t) => {
      const metric = make("http.request.latency", {
        unit: { from: "nanosecond", to: "millisecond" },
        measurement: () => "not_a_number" as unknown as number,
      });
      rejectsOnce(t, recordOne(metric, { latency: 250 }));
    },
  );

  test(
    title("doesn't raise when measurement is not a number but no unit-conversion is required"),
    (t) => {
      const metric = make("http.request.latency", {
        unit: "millisecond",
        measurement: () => "not_a_number" as unknown as number,
      });
      const fn = metric.measurement as (m: Measurements, md: Metadata) => unknown;
      t.is(fn({ latency: 250 }, {}), "not_a_number");
      t.notThrows(() => recorded(metric, { latency: 250 }));
    },
  );

  test(title("doesn't convert a unit if both units are the same"), (t) => {
    const units = ["second", "millisecond", "microsecond", "nanosecond", "byte", "kilobyte"];
    for (const unit of [...units, "megabyte"]) {
      const metric = make("http.request.latency", { unit: { from: unit, to: unit } });
      t.is(metric.measurement, "latency");
      t.is(recorded(metric, { latency: 1234.5 }), expect(1234.5));
    }
  });

  test(title("converts a measurement under key from one regular time unit to another"), (t) => {
    for (const [from, to, converted] of timeConversions) {
      const metric = make("http.request.latency", { unit: { from, to } });
      t.is(recorded(metric, { latency: timeMeasurement }), expect(converted), `${from} → ${to}`);
    }
  });

  test(title("converts a measurement under key from one byte unit to another"), (t) => {
    for (const [[from, original], [to, converted]] of byteConversions) {
      const metric = make("http.request.latency", { unit: { from, to } });
      t.is(recorded(metric, { latency: original }), expect(converted), `${from} → ${to}`);
    }
  });

  test(
    title("converts a result of measurement function from one regular time unit to another"),
    (t) => {
      for (const [from, to, converted] of timeConversions) {
        const metric = make("http.request.latency", {
          unit: { from, to },
          measurement: (_m) => timeMeasurement,
        });
        t.is(recorded(metric, {}), expect(converted), `${from} → ${to}`);
      }
    },
  );

  test(
    title(
      "converts a result of binary measurement function from one regular time unit to another",
    ),
    (t) => {
      for (const [from, to, converted] of timeConversions) {
        const metric = make("http.request.latency", {
          unit: { from, to },
          measurement: (_m, _md) => timeMeasurement,
        });
        t.is(recorded(metric, {}, {}), expect(converted), `${from} → ${to}`);
      }
    },
  );

  test(
    title("converts a result of measurement function from one regular byte unit to another"),
    (t) => {
      for (const [[from, original], [to, converted]] of byteConversions) {
        const metric = make("http.request.latency", {
          unit: { from, to },
          measurement: () => original,
        });
        t.is(recorded(metric, {}), expect(converted), `${from} → ${to}`);
      }
    },
  );
}

// test/console_reporter_test.exs. The console reporter prints what each metric makes of an event;
// our analogue is the metrics handler (attached to the bus, reporting a failing metric on stderr)
// and the values it records, read with getMetrics().

/** The upstream setup's metrics, where TypeScript has them (tags given as a function has none). */
function reporterMetrics(): MetricDefinition[] {
  return [
    lastValue("vm.memory.binary", { unit: "byte" }),
    counter("vm.memory.total"),
    summary("http.request.response_time", {
      tagValues: (md) => {
        if (md.foo !== "bar") throw new Error("no function clause matching");
        return { bar: "baz" };
      },
      tags: ["bar"],
      drop: (md) => md.boom === "pow",
    }),
    summary("parser.result.size", { keep: (_md, m) => m.size > 1024 }),
    sum("telemetry.event_size.metadata", { measurement: (_m, md) => Object.keys(md).length }),
    distribution("phoenix.endpoint.stop.duration", { measurement: (m) => m.duration }),
    summary("my_app.repo.query.query_time", { unit: { from: "nanosecond", to: "millisecond" } }),
  ];
}

/** Runs `fn` with the reporter's metrics attached, returning the lines written to stderr. */
function withReporter(fn: () => void): string[] {
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => void lines.push(line);
  try {
    attachMetricsHandler({
      catalog: standardCatalog,
      allowExternalEvents: true,
      definitions: reporterMetrics(),
    });
    fn();
  } finally {
    console.error = original;
  }
  return lines;
}

/** The series a metric recorded, from getMetrics(). */
function seriesOf(name: string): unknown {
  return getMetrics().find((m) => m.name === name)?.series;
}

const reporter = (upstream: string, deviation?: string) =>
  `telemetry_metrics ConsoleReporter: "${upstream}"` +
  (deviation === undefined ? "" : ` (deviation: ${deviation})`);

test.serial.afterEach.always(() => {
  detachMetricsHandler();
  resetCounters();
});

test.serial(reporter("raises when missing :metrics option"), (t) => {
  t.throws(() => createMetricStore(undefined as unknown as MetricDefinition[]), {
    instanceOf: TypeError,
    message: "Invalid definitions: expected an array of metric definitions made by counter(), " +
      "sum(), lastValue(), summary() or distribution(), got undefined",
  });
});

test.serial(reporter("prints metrics per event"), (t) => {
  t.deepEqual(withReporter(() => execute(["vm", "memory"], { binary: 100, total: 200 }, {})), []);
  t.like(getMetrics().find((m) => m.name === "vm.memory.binary"), {
    kind: "lastValue",
    unit: "byte",
    series: [{ tags: {}, value: 100 }],
  });
  t.like(getMetrics().find((m) => m.name === "vm.memory.total"), {
    kind: "counter",
    series: [{ tags: {}, value: 1 }],
  });
});

test.serial(
  reporter(
    "prints missing and bad measurements",
    "the counter counts an event that lacks its measurement unless given the measurement option",
  ),
  (t) => {
    const lines = withReporter(() =>
      execute(["vm", "memory"], { binary: "hundred" as never }, { foo: "bar" })
    );
    t.like(getMetrics().find((m) => m.name === "vm.memory.binary"), {
      rejectedCount: 1,
      series: [],
    });
    t.is(lines.length, 1, "the warning: the value that is not a number is reported");
    t.regex(lines[0], /^\[telemetry\] Metric "vm\.memory\.binary" rejected a value /);
    t.deepEqual(seriesOf("vm.memory.total"), [{ tags: {}, value: 1 }]);
    const strict = counter("vm.memory.total", { measurement: "total" });
    t.is(recorded(strict, { binary: "hundred" as never }), undefined, "as upstream's counter");
  },
);

test.serial(reporter("prints tag values measurements"), (t) => {
  withReporter(() => execute(["http", "request"], { response_time: 1000 }, { foo: "bar" }));
  t.like(seriesOf("http.request.response_time"), [{
    tags: { bar: "baz" },
    value: { count: 1, sum: 1000 },
  }]);
});

test.serial(
  reporter(
    "prints tag values measurements altered by tags function",
    "tags is an array; a tagValues function derives their values",
  ),
  (t) => {
    const tags = (md: Metadata) => (md.foo === "bar" ? { bar: "baz" } : {});
    t.throws(
      () => summary("http.response.network_time", { tags: tags as unknown as string[] }),
      {
        instanceOf: TypeError,
        message: 'Invalid option tags for metric "http.response.network_time": expected an ' +
          "array of metadata keys, got a function",
      },
    );
    const metric = summary("http.response.network_time", {
      tags: ["bar"],
      tagValues: tags,
      drop: (md) => md.boom === "pow",
    });
    t.deepEqual(tagsRecorded(metric, { network_time: 1000 }, { foo: "bar" }), [{ bar: "baz" }]);
  },
);

test.serial(reporter("filters events on metadata"), (t) => {
  withReporter(() =>
    execute(["http", "request"], { response_time: 1000 }, { foo: "bar", boom: "pow" })
  );
  t.deepEqual(seriesOf("http.request.response_time"), []);
});

test.serial(reporter("filters events on measurement"), (t) => {
  withReporter(() => {
    execute(["parser", "result"], { size: 512 });
    execute(["parser", "result"], { size: 2048 });
  });
  t.like(seriesOf("parser.result.size"), [{ tags: {}, value: { count: 1, sum: 2048 } }]);
});

test.serial(reporter("logs bad metrics"), (t) => {
  const lines = withReporter(() =>
    execute(["http", "request"], { response_time: 1000 }, { bar: "baz" })
  );
  t.deepEqual(lines, [
    '[telemetry] Metric "http.request.response_time" failed to record event "http.request": ' +
    "no function clause matching (the metric skips such events; reported once)",
  ]);
  t.deepEqual(seriesOf("http.request.response_time"), []);
  t.is(listHandlers(["http", "request"]).length, 1, "the handler stays attached");
});

test.serial(reporter("can use metadata in the event measurement calculation"), (t) => {
  withReporter(() => execute(["telemetry", "event_size"], {}, { key: "value" }));
  t.deepEqual(seriesOf("telemetry.event_size.metadata"), [{ tags: {}, value: 1 }]);
});

test.serial(reporter("can use measurement map in the event measurement calculation"), (t) => {
  withReporter(() => execute(["phoenix", "endpoint", "stop"], { duration: 100 }, {}));
  t.like(seriesOf("phoenix.endpoint.stop.duration"), [{ tags: {}, value: { count: 1, sum: 100 } }]);
});

test.serial(reporter("can show metric name and unit conversion fun"), (t) => {
  withReporter(() => execute(["my_app", "repo", "query"], { query_time: 1_234_567_891 }));
  const metric = getMetrics().find((m) => m.name === "my_app.repo.query.query_time");
  t.is(metric?.unit, "millisecond");
  t.like(metric?.series, [{ tags: {}, value: { count: 1, sum: 1234.567891 } }]);
});
