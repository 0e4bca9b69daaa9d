// A value that cannot be recorded is counted and reported, never folded in, and never silent.
import test from "ava";
import {
  createMetricStore,
  distribution,
  type DistributionValue,
  lastValue,
  type MetricDefinition,
  type MetricSnapshot,
  sum,
  summary,
  type SummaryValue,
} from "../../src/metrics/mod.ts";
import { stderrOf } from "../fixtures/stderr.ts";

function record(defs: MetricDefinition[], values: readonly unknown[]) {
  const store = createMetricStore(defs);
  const stderr = stderrOf(() => {
    for (const v of values) store.recorderFor("e")({ v } as never, {});
  });
  return { store, stderr, snapshot: store.snapshot() };
}

const byName = (snapshot: readonly MetricSnapshot[]) =>
  Object.fromEntries(snapshot.map((m) => [m.name, m]));

test.serial("recorderFor() rejects NaN, ±Infinity and non-numbers: counted, reported once, recorded nowhere", (t) => {
  const bad = [NaN, Infinity, -Infinity, "12", true, {}, 10n];
  const { stderr, snapshot } = record(
    [
      summary("e.v"),
      distribution("e.d", { measurement: "v", buckets: [1, 10] }),
      sum("e.s", {
        measurement: "v",
      }),
      lastValue("e.l", { measurement: "v" }),
    ],
    [5, ...bad, 7],
  );
  const m = byName(snapshot);
  for (const name of ["e.v", "e.d", "e.s", "e.l"]) t.is(m[name].rejectedCount, bad.length, name);
  const s = m["e.v"].series[0].value as SummaryValue;
  t.like(s, { count: 2, sum: 12, min: 5, max: 7, mean: 6 });
  const d = m["e.d"].series[0].value as DistributionValue;
  t.like(d, { count: 2, sum: 12 });
  t.deepEqual(d.buckets.map((b) => b.count), [0, 2, 2]);
  t.is(m["e.s"].series[0].value, 12);
  t.is(m["e.l"].series[0].value, 7, "the last value is the last one recorded");
  t.deepEqual(stderr, [
    '[telemetry] Metric "e.v" rejected a value of event "e": NaN is not a finite number (not recorded; counted in the snapshot\'s rejectedCount, reported once)',
    '[telemetry] Metric "e.d" rejected a value of event "e": NaN is not a finite number (not recorded; counted in the snapshot\'s rejectedCount, reported once)',
    '[telemetry] Metric "e.s" rejected a value of event "e": NaN is not a finite number (not recorded; counted in the snapshot\'s rejectedCount, reported once)',
    '[telemetry] Metric "e.l" rejected a value of event "e": NaN is not a finite number (not recorded; counted in the snapshot\'s rejectedCount, reported once)',
  ]);
});

test.serial("recorderFor() names why a value was rejected: not a number, or cut short", (t) => {
  for (
    const [value, why] of [
      [-Infinity, "-Infinity is not a finite number"],
      ["x".repeat(50), `the string "${"x".repeat(40)}…" is not a number`],
      ["y".repeat(41), `the string "${"y".repeat(40)}…" is not a number`],
      ["z".repeat(40), `the string "${"z".repeat(40)}" is not a number`],
      ["12ms", 'the string "12ms" is not a number'],
      [false, "a value of type boolean is not a number"],
    ] as const
  ) {
    const { stderr } = record([sum("e.v")], [value]);
    t.is(stderr.length, 1);
    t.true(stderr[0].includes(`: ${why} (`), stderr[0]);
  }
});

test.serial("recorderFor() skips undefined and null as no value: neither counted nor reported", (t) => {
  const { stderr, snapshot } = record([sum("e.v")], [undefined, null, 1]);
  t.is(snapshot[0].rejectedCount, 0);
  t.is(snapshot[0].series[0].value, 1);
  t.deepEqual(stderr, []);
});

test.serial("recorderFor() rejects a value that unit conversion takes past the float range", (t) => {
  const unit = { from: "hour", to: "nanosecond" };
  const { stderr, snapshot } = record(
    [sum("e.v", { unit }), summary("e.s", { measurement: "v", unit })],
    [1e300, 1e280, -1e300],
  );
  for (const m of snapshot) t.is(m.rejectedCount, 2, m.name);
  t.is(snapshot[0].series[0].value, 1e280 * 3600e9);
  t.like(snapshot[1].series[0].value, { count: 1, max: 1e280 * 3600e9 });
  t.true(
    stderr[0].endsWith(
      ": 1e+300 hour is past the float range in nanosecond (not recorded; counted in the snapshot's rejectedCount, reported once)",
    ),
    stderr[0],
  );
});

test.serial("recorderFor() rejects what a measurement function returns, but not events keep filters out", (t) => {
  const def = sum("e.v", {
    measurement: (m) => (m.v as number) * 2,
    keep: (md) => md.keep === true,
  });
  const store = createMetricStore([def]);
  const stderr = stderrOf(() => {
    store.recorderFor("e")({ v: NaN }, { keep: false });
    store.recorderFor("e")({ v: NaN }, { keep: true });
    store.recorderFor("e")({ v: 2 }, { keep: true });
  });
  t.is(store.snapshot()[0].rejectedCount, 1);
  t.is(store.snapshot()[0].series[0].value, 4);
  t.is(stderr.length, 1);
});

test.serial("reset() zeroes rejectedCount; the report is not repeated", (t) => {
  const store = createMetricStore([sum("e.v")]);
  const stderr = stderrOf(() => {
    store.recorderFor("e")({ v: NaN }, {});
    store.recorderFor("e")({ v: NaN }, {});
    t.is(store.snapshot()[0].rejectedCount, 2);
    store.reset();
    t.is(store.snapshot()[0].rejectedCount, 0);
    store.recorderFor("e")({ v: Infinity }, {});
  });
  t.is(store.snapshot()[0].rejectedCount, 1);
  t.is(stderr.length, 1);
});

test.serial("two definitions of one metric share its rejectedCount", (t) => {
  const store = createMetricStore([
    sum("m.total", { event: ["a"], measurement: "v" }),
    sum("m.total", { event: ["b"], measurement: "v" }),
  ]);
  const stderr = stderrOf(() => {
    store.recorderFor("a")({ v: NaN }, {});
    store.recorderFor("b")({ v: NaN }, {});
  });
  t.is(store.snapshot()[0].rejectedCount, 2);
  t.is(stderr.length, 1, "once per metric");
});
