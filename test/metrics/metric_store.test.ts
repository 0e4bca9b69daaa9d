import test from "ava";
import {
  counter,
  createMetricStore,
  distribution,
  lastValue,
  type MetricDefinition,
  sum,
  summary,
  type SummaryValue,
} from "../../src/metrics/mod.ts";
import { catalog } from "./fixtures.ts";

const llm = "jido_coder_lib.llm.response";

function storeOf(...defs: MetricDefinition[]) {
  return createMetricStore(defs);
}

test("recorderFor() counts events per tag set in a counter", (t) => {
  const store = storeOf(counter(`${llm}.count`, { tags: ["model"] }));
  const record = store.recorderFor(llm);
  record({}, { model: "gpt" });
  record({}, { model: "gpt" });
  record({}, { model: "claude" });
  t.deepEqual(store.snapshot(), [{
    name: `${llm}.count`,
    kind: "counter",
    unit: "",
    description: "",
    tags: ["model"],
    overflowCount: 0,
    rejectedCount: 0,
    series: [{ tags: { model: "claude" }, value: 1 }, { tags: { model: "gpt" }, value: 2 }],
  }]);
});

test("recorderFor() accepts the event as an array", (t) => {
  const store = storeOf(counter(`${llm}.count`));
  store.recorderFor(["jido_coder_lib", "llm", "response"])({}, {});
  t.deepEqual(store.snapshot()[0].series, [{ tags: {}, value: 1 }]);
});

test("recorderFor() sums a measurement and keeps the last value", (t) => {
  const store = storeOf(sum(`${llm}.output_tokens`), lastValue(`${llm}.input_tokens`));
  const record = store.recorderFor(llm);
  record({ output_tokens: 10, input_tokens: 5 }, {});
  record({ output_tokens: 7, input_tokens: 3 }, {});
  t.deepEqual(store.snapshot().map((m) => m.series), [
    [{ tags: {}, value: 17 }],
    [{ tags: {}, value: 3 }],
  ]);
});

test("recorderFor() summarises a measurement", (t) => {
  const store = storeOf(summary(`${llm}.duration`));
  const record = store.recorderFor(llm);
  for (let i = 1; i <= 100; i++) record({ duration: i * 10 }, {});
  const { quantiles, ...rest } = store.snapshot()[0].series[0].value as SummaryValue;
  t.deepEqual(rest, { count: 100, sum: 50500, min: 10, max: 1000, mean: 505 });
  // The exact nearest-rank values, of rank ⌈q × 100⌉: 500, 900, 950, 990; the sketch is within 1%.
  const exact = { p50: 500, p90: 900, p95: 950, p99: 990 };
  for (const [q, want] of Object.entries(exact)) {
    const got = quantiles[q as keyof typeof exact];
    t.true(Math.abs(got - want) <= want * 0.01, `${q}: ${got}`);
  }
});

test("recorderFor() fills cumulative buckets with +Inf, counting a value equal to a bound in it", (t) => {
  const store = storeOf(distribution(`${llm}.duration`, { buckets: [10, 100] }));
  const record = store.recorderFor(llm);
  for (const duration of [5, 10, 11, 100, 1000]) record({ duration }, {});
  t.deepEqual(store.snapshot()[0].series[0].value, {
    buckets: [{ le: 10, count: 2 }, { le: 100, count: 4 }, { le: "+Inf", count: 5 }],
    count: 5,
    sum: 1126,
  });
});

test("recorderFor() converts units before recording", (t) => {
  const store = storeOf(
    distribution(`${llm}.duration`, {
      unit: { from: "millisecond", to: "second" },
      buckets: [0.5, 1],
    }),
    sum("jido_coder_lib.context.size", {
      event: ["jido_coder_lib", "llm", "response"],
      measurement: "bytes",
      unit: { from: "kilobyte", to: "byte" },
      catalog: false,
    }),
  );
  store.recorderFor(llm)({ duration: 700, bytes: 1.5 }, {});
  const [dist, bytes] = store.snapshot();
  t.deepEqual(dist.series[0].value, {
    buckets: [{ le: 0.5, count: 0 }, { le: 1, count: 1 }, { le: "+Inf", count: 1 }],
    count: 1,
    sum: 0.7,
  });
  t.is(dist.unit, "second");
  t.deepEqual(bytes.series, [{ tags: {}, value: 1500 }]);
});

test("recorderFor() records nothing for a measurement that is absent or not finite", (t) => {
  const store = storeOf(sum(`${llm}.output_tokens`), counter(`${llm}.count`));
  const record = store.recorderFor(llm);
  const original = console.error;
  console.error = () => {}; // the rejection's one report (see the rejectedCount test)
  try {
    record({}, {});
    record({ output_tokens: NaN }, {});
    record({ output_tokens: "7" as unknown as number }, {});
    record({ output_tokens: 2 }, {});
  } finally {
    console.error = original;
  }
  t.deepEqual(store.snapshot().map((m) => m.series), [[{ tags: {}, value: 2 }], [{
    tags: {},
    value: 4,
  }]]);
});

test("recorderFor() uses a measurement function, skipping when it returns undefined", (t) => {
  const store = storeOf(sum(`${llm}.total_tokens`, {
    measurement: (m, md) => (md.cached ? undefined : m.input_tokens + m.output_tokens),
  }));
  const record = store.recorderFor(llm);
  record({ input_tokens: 3, output_tokens: 4 }, {});
  record({ input_tokens: 100, output_tokens: 100 }, { cached: true });
  t.deepEqual(store.snapshot()[0].series, [{ tags: {}, value: 7 }]);
});

test("recorderFor() records only the events keep accepts", (t) => {
  const store = storeOf(counter(`${llm}.count`, { keep: (md) => md.model !== "test" }));
  const record = store.recorderFor(llm);
  record({}, { model: "gpt" });
  record({}, { model: "test" });
  t.deepEqual(store.snapshot()[0].series, [{ tags: {}, value: 1 }]);
});

test("recorderFor() skips the events drop accepts", (t) => {
  const store = storeOf(counter(`${llm}.count`, { drop: (md) => md.finish_reason === "error" }));
  const record = store.recorderFor(llm);
  record({}, { model: "gpt" });
  record({}, { model: "gpt", finish_reason: "error" });
  t.deepEqual(store.snapshot()[0].series, [{ tags: {}, value: 1 }]);
});

test("recorderFor() gives keep and drop the metadata, then the measurements", (t) => {
  const keepCalls: unknown[][] = [];
  const dropCalls: unknown[][] = [];
  const store = storeOf(
    summary(`${llm}.duration`, {
      keep: (...args) => {
        keepCalls.push(args);
        return args[1].duration > 100;
      },
    }),
    lastValue(`${llm}.output_tokens`, {
      drop: (...args) => {
        dropCalls.push(args);
        return args[0].model === "m" && args[1].duration < 10;
      },
    }),
  );
  const record = store.recorderFor(llm);
  record({ duration: 50, output_tokens: 1 }, { model: "m" });
  record({ duration: 200, output_tokens: 2 }, { model: "m" });
  record({ duration: 5, output_tokens: 3 }, { model: "m" });
  const calls = [
    [{ model: "m" }, { duration: 50, output_tokens: 1 }],
    [{ model: "m" }, { duration: 200, output_tokens: 2 }],
    [{ model: "m" }, { duration: 5, output_tokens: 3 }],
  ];
  t.deepEqual(keepCalls, calls);
  t.deepEqual(dropCalls, calls);
  const [kept, last] = store.snapshot();
  t.deepEqual(kept.series, [{
    tags: {},
    value: {
      count: 1,
      sum: 200,
      min: 200,
      max: 200,
      mean: 200,
      quantiles: { p50: 200, p90: 200, p95: 200, p99: 200 },
    },
  }]);
  t.deepEqual(last.series, [{ tags: {}, value: 2 }], "the third event is dropped");
});

test("recorderFor() counts every event in a counter, or with its measurement option those that carry it", (t) => {
  const store = storeOf(
    counter("every.count", { event: ["app", "job"] }),
    counter("with_bytes.count", { event: ["app", "job"], measurement: "bytes" }),
    counter("with_fn.count", {
      event: ["app", "job"],
      measurement: (m, md) => (md.n as number) ?? m.bytes,
    }),
  );
  const record = store.recorderFor(["app", "job"]);
  record({}, {});
  record({ bytes: null as unknown as number }, {});
  record({ bytes: undefined as unknown as number }, {});
  record(Object.create({ bytes: 1 }), {});
  record({ bytes: 0 }, {});
  record({ bytes: NaN }, {});
  record({ bytes: "9" as unknown as number }, {});
  record({}, { n: 4 });
  t.deepEqual(store.snapshot().map((m) => [m.name, m.series[0].value]), [
    ["every.count", 8],
    ["with_bytes.count", 3],
    ["with_fn.count", 5],
  ], "the value is ignored, its presence is what counts (the function reads the inherited one)");
});

test("createMetricStore() rejects definitions that are not an array of definitions", (t) => {
  t.throws(() => createMetricStore(undefined as unknown as MetricDefinition[]), {
    instanceOf: TypeError,
    message: "Invalid definitions: expected an array of metric definitions made by counter(), " +
      "sum(), lastValue(), summary() or distribution(), got undefined",
  });
  t.throws(
    () => createMetricStore([counter("a.b.count"), counter as unknown as MetricDefinition]),
    {
      instanceOf: TypeError,
      message: "Invalid definition at index 1: expected one of the metric definitions made by " +
        "counter(), sum(), lastValue(), summary() or distribution(), got a function",
    },
  );
});

test("recorderFor() records a missing tag as an empty string and stringifies others", (t) => {
  const store = storeOf(
    counter(`${llm}.count`, { tags: ["model", "n", "flag", "obj"], catalog: false }),
  );
  store.recorderFor(llm)({}, { n: 3, flag: true, obj: { a: 1 } });
  t.deepEqual(store.snapshot()[0].series[0].tags, {
    model: "",
    n: "3",
    flag: "true",
    obj: '{"a":1}',
  });
});

test("recorderFor() reads tags through tagValues", (t) => {
  const store = storeOf(counter(`${llm}.count`, {
    tags: ["family"],
    tagValues: (md) => ({ family: String(md.model).split("-")[0] }),
  }));
  const record = store.recorderFor(llm);
  record({}, { model: "gpt-4" });
  record({}, { model: "gpt-5" });
  t.deepEqual(store.snapshot()[0].series, [{ tags: { family: "gpt" }, value: 2 }]);
});

test("recorderFor() keeps tag sets with commas apart, and a number is the tag value of its string", (t) => {
  const store = storeOf(counter(`${llm}.count`, { tags: ["a", "b"], catalog: false }));
  const record = store.recorderFor(llm);
  record({}, { a: "x,y", b: "z" });
  record({}, { a: "x", b: "y,z" });
  record({}, { a: 1, b: "1" });
  record({}, { a: "1", b: 1 });
  t.deepEqual(store.snapshot()[0].series, [
    { tags: { a: "1", b: "1" }, value: 2 },
    { tags: { a: "x", b: "y,z" }, value: 1 },
    { tags: { a: "x,y", b: "z" }, value: 1 },
  ]);
});

test("recorderFor() folds tag sets past maxSeries into one overflow series", (t) => {
  const store = createMetricStore([counter(`${llm}.count`, { tags: ["model"] })], { maxSeries: 2 });
  const record = store.recorderFor(llm);
  for (const model of ["a", "b", "c", "d", "a", "c"]) record({}, { model });
  const [metric] = store.snapshot();
  t.deepEqual(metric.series, [
    { tags: { model: "a" }, value: 2 },
    { tags: { model: "b" }, value: 1 },
    { tags: { overflow: "true" }, value: 3 },
  ]);
  t.is(metric.overflowCount, 3);
});

test("recorderFor() returns a function that does nothing for an event with no metric", (t) => {
  const store = storeOf(counter(`${llm}.count`));
  t.notThrows(() => store.recorderFor("nope")({}, {}));
  t.deepEqual(store.snapshot()[0].series, []);
});

test("recorderFor() records the other definitions, then rethrows the first failure", (t) => {
  const store = storeOf(
    sum(`${llm}.bad`, {
      measurement: () => {
        throw new Error("boom");
      },
    }),
    counter(`${llm}.count`),
  );
  const error = t.throws(() => store.recorderFor(llm)({}, {}));
  t.is(error?.message, `Metric "${llm}.bad" failed to record event "${llm}": boom`);
  t.deepEqual(store.snapshot()[1].series, [{ tags: {}, value: 1 }]);
});

test("recorderFor() reports failures to onError instead of throwing", (t) => {
  const seen: string[] = [];
  const bad = sum(`${llm}.bad`, {
    catalog: false,
    keep: () => {
      throw new Error("boom");
    },
  });
  const store = createMetricStore([bad], {
    onError: (e, def) => seen.push(`${def.name}: ${e.message}`),
  });
  t.notThrows(() => store.recorderFor(llm)({}, {}));
  t.deepEqual(seen, [`${llm}.bad: Metric "${llm}.bad" failed to record event "${llm}": boom`]);
});

test("createMetricStore() lists each event once", (t) => {
  const store = storeOf(
    counter(`${llm}.count`),
    sum(`${llm}.output_tokens`),
    counter("jido_coder_lib.session.start.count"),
  );
  t.deepEqual(store.events, [["jido_coder_lib", "llm", "response"], [
    "jido_coder_lib",
    "session",
    "start",
  ]]);
});

test("createMetricStore() merges definitions that share a name into one metric", (t) => {
  const store = storeOf(
    counter("app.cache.lookups", {
      event: ["app", "hit"],
      tags: ["result"],
      tagValues: () => ({ result: "hit" }),
    }),
    counter("app.cache.lookups", {
      event: ["app", "miss"],
      tags: ["result"],
      tagValues: () => ({ result: "miss" }),
    }),
  );
  store.recorderFor("app.hit")({}, {});
  store.recorderFor("app.miss")({}, {});
  store.recorderFor("app.hit")({}, {});
  const snapshot = store.snapshot();
  t.is(snapshot.length, 1);
  t.deepEqual(snapshot[0].series, [{ tags: { result: "hit" }, value: 2 }, {
    tags: { result: "miss" },
    value: 1,
  }]);
});

test("createMetricStore() rejects two definitions of one name that differ", (t) => {
  t.is(
    t.throws(() => storeOf(counter("a.b.c"), sum("a.b.c")))?.message,
    'Metric "a.b.c" is defined twice with different kind: "counter" and "sum"',
  );
  t.is(
    t.throws(() => storeOf(counter("a.b.c", { tags: ["x"] }), counter("a.b.c")))?.message,
    'Metric "a.b.c" is defined twice with different tags: ["x"] and []',
  );
  t.is(
    t.throws(() => storeOf(summary("a.b.c", { unit: "millisecond" }), summary("a.b.c")))?.message,
    'Metric "a.b.c" is defined twice with different unit: "millisecond" and ""',
  );
  t.is(
    t.throws(() =>
      storeOf(distribution("a.b.c", { buckets: [1] }), distribution("a.b.c", { buckets: [2] }))
    )?.message,
    'Metric "a.b.c" is defined twice with different buckets: [1] and [2]',
  );
});

test("createMetricStore() validates definitions against a catalog", (t) => {
  t.is(
    t.throws(() => createMetricStore([summary("jido_coder_lib.llm.respons.duration")], { catalog }))
      ?.message,
    'Unknown event "jido_coder_lib.llm.respons" for metric "jido_coder_lib.llm.respons.duration"',
  );
  t.notThrows(() =>
    createMetricStore([counter("telemetry.handler.failure.count")], {
      catalog,
      allowExternalEvents: true,
    })
  );
});

test("reset() clears every series and overflow count", (t) => {
  const store = createMetricStore([counter(`${llm}.count`, { tags: ["m"], catalog: false })], {
    maxSeries: 1,
  });
  store.recorderFor(llm)({}, { m: "a" });
  store.recorderFor(llm)({}, { m: "b" });
  store.reset();
  t.deepEqual(store.snapshot()[0].series, []);
  t.is(store.snapshot()[0].overflowCount, 0);
});

test("snapshot() counts the values each metric rejected, until reset()", (t) => {
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => void lines.push(line);
  try {
    const store = storeOf(sum(`${llm}.output_tokens`), counter(`${llm}.count`));
    const record = store.recorderFor(llm);
    record({ output_tokens: NaN }, {});
    record({ output_tokens: "7" as unknown as number }, {});
    record({ output_tokens: 2 }, {});
    t.deepEqual(store.snapshot().map((m) => [m.name, m.rejectedCount]), [
      [`${llm}.output_tokens`, 2],
      [`${llm}.count`, 0],
    ]);
    store.reset();
    t.deepEqual(store.snapshot().map((m) => m.rejectedCount), [0, 0]);
  } finally {
    console.error = original;
  }
  t.deepEqual(lines, [
    `[telemetry] Metric "${llm}.output_tokens" rejected a value of event "${llm}": NaN is not a ` +
    "finite number (not recorded; counted in the snapshot's rejectedCount, reported once)",
  ], "the first rejection is reported, the second is only counted");
});

test("snapshot() is JSON-friendly", (t) => {
  const store = storeOf(
    distribution(`${llm}.duration`, { buckets: [1] }),
    summary(`${llm}.input_tokens`),
  );
  store.recorderFor(llm)({ duration: 2, input_tokens: 3 }, {});
  const snapshot = store.snapshot();
  t.deepEqual(JSON.parse(JSON.stringify(snapshot)), snapshot);
});

test("createMetricStore() keeps apart two events whose dotted names coincide", (t) => {
  const store = storeOf(
    counter("x.count", { event: ["a.b", "c"] }),
    counter("y.count", { event: ["a", "b.c"] }),
  );
  t.deepEqual(store.events, [["a.b", "c"], ["a", "b.c"]]);
  store.recorderFor(["a.b", "c"])({}, {});
  store.recorderFor(["a.b", "c"])({}, {});
  store.recorderFor(["a", "b.c"])({}, {});
  t.deepEqual(store.snapshot().map((m) => [m.name, m.series]), [
    ["x.count", [{ tags: {}, value: 2 }]],
    ["y.count", [{ tags: {}, value: 1 }]],
  ]);
  t.is(store.recorderFor(["a", "b", "c"]), store.recorderFor("nope"));
});

test("recorderFor() resolves a dotted name only when exactly one event has it", (t) => {
  const one = storeOf(counter("x.count", { event: ["a.b", "c"] }));
  one.recorderFor("a.b.c")({}, {});
  t.deepEqual(one.snapshot()[0].series, [{ tags: {}, value: 1 }]);
  const two = storeOf(
    counter("x.count", { event: ["a.b", "c"] }),
    counter("y.count", { event: ["a", "b.c"] }),
  );
  t.is(
    t.throws(() => two.recorderFor("a.b.c"))?.message,
    'Ambiguous event name "a.b.c": it is the dotted name of events ["a.b","c"] and ' +
      '["a","b.c"]; pass the event as an array',
  );
});

test("recorderFor() names an event with a dotted segment as an array when a metric fails", (t) => {
  const store = storeOf(sum("x.bad", {
    event: ["a.b", "c"],
    measurement: () => {
      throw new Error("boom");
    },
  }));
  t.is(
    t.throws(() => store.recorderFor(["a.b", "c"])({}, {}))?.message,
    'Metric "x.bad" failed to record event ["a.b","c"]: boom',
  );
});

test("recorderFor() reads only own metadata, so an inherited name is an empty tag", (t) => {
  const store = storeOf(counter("e.count", { tags: ["constructor", "model"] }));
  store.recorderFor("e")({}, { model: "m" });
  store.recorderFor("e")({}, Object.assign(Object.create({ model: "inherited" }), { n: 1 }));
  t.deepEqual(store.snapshot()[0].series, [
    { tags: { constructor: "", model: "" }, value: 1 },
    { tags: { constructor: "", model: "m" }, value: 1 },
  ]);
});

test("recorderFor() reads only own values from tagValues too", (t) => {
  const store = storeOf(counter("e.count", {
    tags: ["toString"],
    tagValues: () => ({}),
  }));
  store.recorderFor("e")({}, {});
  t.deepEqual(store.snapshot()[0].series, [{ tags: { toString: "" }, value: 1 }]);
});

test("snapshot() keeps a __proto__ tag as an own tag without touching any prototype", (t) => {
  for (const tags of [["__proto__"], ["__proto__", "model"]]) {
    const store = storeOf(counter("e.count", { tags }));
    const metadata = JSON.parse('{"__proto__": {"polluted": "yes"}, "model": "m"}');
    store.recorderFor("e")({}, metadata);
    const [series] = store.snapshot()[0].series;
    t.is(Object.getPrototypeOf(series.tags), Object.prototype);
    t.deepEqual(
      Object.entries(series.tags),
      tags.map((tag) => [
        tag,
        tag === "model" ? "m" : '{"polluted":"yes"}',
      ]),
    );
    t.is(
      JSON.stringify(series.tags),
      tags.length === 1
        ? '{"__proto__":"{\\"polluted\\":\\"yes\\"}"}'
        : '{"__proto__":"{\\"polluted\\":\\"yes\\"}","model":"m"}',
    );
  }
  t.is(({} as Record<string, unknown>).polluted, undefined);
});

test("recorderFor() keeps a summary within 1% however far apart its values are", (t) => {
  const p50Of = (largest: number) => {
    const store = storeOf(summary("e.d"));
    for (const d of [1, 1, 1, largest]) store.recorderFor("e")({ d }, {});
    return (store.snapshot()[0].series[0].value as SummaryValue).quantiles.p50;
  };
  for (const largest of [7e8, 1e9, 1.7e12, 1e300]) {
    const p50 = p50Of(largest);
    t.true(Math.abs(p50 - 1) <= 0.01, `p50 ${p50} with ${largest} among the 1s`);
  }
});

test("recorderFor() keeps recording the same tag sets after reset(), into fresh rows", (t) => {
  const store = createMetricStore([
    counter("x.y.count", { tags: ["a", "b"] }),
    sum("x.y.total", { tags: ["a"], measurement: "v" }),
    lastValue("x.y.last", { measurement: "v" }),
  ]);
  const record = store.recorderFor(["x", "y"]);
  record({ v: 2 }, { a: "1", b: "2" });
  record({ v: 3 }, { a: "1", b: "3" });
  store.reset();
  record({ v: 5 }, { a: "1", b: "2" });
  t.deepEqual(store.snapshot().map((m) => m.series), [
    [{ tags: { a: "1", b: "2" }, value: 1 }],
    [{ tags: { a: "1" }, value: 5 }],
    [{ tags: {}, value: 5 }],
  ]);
});

test("recorderFor() counts every write folded into the overflow series", (t) => {
  const store = createMetricStore([counter("x.y.count", { tags: ["a", "b"] })], { maxSeries: 1 });
  const record = store.recorderFor(["x", "y"]);
  for (let i = 0; i < 3; i++) {
    record({}, { a: "1", b: "1" });
    record({}, { a: "2", b: "1" });
    record({}, { a: "1", b: "2" });
  }
  const [metric] = store.snapshot();
  t.deepEqual(metric.series, [
    { tags: { a: "1", b: "1" }, value: 3 },
    { tags: { overflow: "true" }, value: 6 },
  ]);
  t.is(metric.overflowCount, 6);
});
