// Numbers one bad value cannot poison: summaries, distributions and sums checked against exact
// computations (BigInt sums, sorted nearest ranks) over adversarial distributions. Bounds tested,
// each exactly what the documentation promises:
// - a quantile is within 1% of the nearest-rank value x: |p - x| ≤ |x| / 100 for |x| ≥ 2^-1022,
//   0 for x = 0, and for a subnormal x at most half of 2^-1074 more (createSketch());
// - sum is the exact sum rounded to the nearest double (ties to even, ±Infinity only past the
//   float range), mean the exact sum over count rounded the same way;
// - count, min, max and bucket counts are exact.
import test from "ava";
import fc from "fast-check";
import {
  createMetricStore,
  createSketch,
  distribution,
  type DistributionValue,
  sum,
  summary,
  type SummaryValue,
} from "../../src/metrics/mod.ts";
import { exactSum, isNearest, nearestRank, sorted, withinPercent } from "./exact.ts";

const quantiles = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
const { MAX_VALUE, MIN_VALUE } = Number;

/** Milliseconds, lognormal around 20 ms: what a duration series looks like. */
const duration = fc.tuple(
  fc.double({ min: 1e-9, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 1, noNaN: true }),
).map(([u, v]) => Math.exp(3 + 1.5 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));

/** Pareto tails of index 0.1 to 2: up to 10^300 from a few values. */
const pareto = fc.tuple(
  fc.double({ min: 1e-30, max: 1, noNaN: true }),
  fc.constantFrom(0.1, 0.5, 1, 2),
).map(([u, a]) => Math.pow(u, -1 / a));

const signs = <T extends number>(arb: fc.Arbitrary<T>) =>
  fc.tuple(arb, fc.boolean()).map(([v, negative]) => (negative ? -v : v));

/** Every finite double, subnormals, ±0 and ±MAX_VALUE included. */
const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });

const subnormal = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map((k) => k * MIN_VALUE),
  fc.double({ min: -2.2e-308, max: 2.2e-308, noNaN: true }),
);

const extreme = fc.constantFrom(
  MAX_VALUE,
  -MAX_VALUE,
  MIN_VALUE,
  -MIN_VALUE,
  0,
  -0,
  2 ** -1022,
  1.7e12,
  1e308,
  -1e308,
);

/** The adversarial series, by name; each is an array of at least one value. */
const series: Record<string, fc.Arbitrary<number[]>> = {
  "lognormal durations": fc.array(duration, { minLength: 1, maxLength: 400 }),
  "heavy Pareto tails": fc.array(pareto, { minLength: 1, maxLength: 400 }),
  "bimodal at 1e-300 and 1e300, both signs": fc.array(
    signs(fc.oneof(
      fc.double({ min: 1e-300, max: 2e-300, noNaN: true }),
      fc.double({ min: 1e300, max: 2e300, noNaN: true }),
    )),
    { minLength: 1, maxLength: 300 },
  ),
  "a timestamp among millisecond durations": fc.tuple(
    fc.array(duration, { minLength: 1, maxLength: 400 }),
    fc.nat(),
  ).map(([d, at]) => [...d.slice(0, at % d.length), 1.7e12, ...d.slice(at % d.length)]),
  "all equal": fc.tuple(anyFinite, fc.integer({ min: 1, max: 200 }))
    .map(([v, n]) => Array<number>(n).fill(v)),
  "mixed sign over every magnitude": fc.array(anyFinite, { minLength: 1, maxLength: 300 }),
  "subnormals and zeros": fc.array(subnormal, { minLength: 1, maxLength: 300 }),
  "near the float limits": fc.array(fc.oneof(extreme, anyFinite, signs(duration)), {
    minLength: 1,
    maxLength: 300,
  }),
};

const runs = { seed: 20_240_9, numRuns: 40 };

for (const [name, values] of Object.entries(series)) {
  test(`createSketch() keeps every quantile within 1% and sum and mean exact: ${name}`, (t) => {
    fc.assert(
      fc.property(values, (vs) => {
        const s = createSketch();
        for (const v of vs) s.add(v);
        const want = sorted(vs);
        const total = exactSum(vs);
        for (const q of quantiles) {
          const x = nearestRank(want, q);
          if (!withinPercent(s.quantile(q), x)) {
            t.fail(`q=${q}: ${s.quantile(q)} is not within 1% of ${x}`);
            return false;
          }
        }
        return s.count === vs.length && s.min === want[0] && s.max === want.at(-1) &&
          isNearest(s.sum, total) && isNearest(s.mean, total, BigInt(vs.length));
      }),
      runs,
    );
    t.pass();
  });
}

for (const name of ["a timestamp among millisecond durations", "mixed sign over every magnitude"]) {
  test(`summary() and distribution() series hold the same bounds: ${name}`, (t) => {
    const buckets = [-1e300, -1, -MIN_VALUE, 0, MIN_VALUE, 1, 1_000, 1e12, 1e300];
    fc.assert(
      fc.property(series[name], (vs) => {
        const store = createMetricStore([
          summary("e.v"),
          distribution("h.v", { buckets }),
          sum("s.v"),
        ]);
        for (const e of ["e", "h", "s"]) for (const v of vs) store.recorderFor(e)({ v }, {});
        const [sm, d, total] = store.snapshot().map((m) => m.series[0].value);
        const want = sorted(vs);
        const exact = exactSum(vs);
        const s = sm as SummaryValue;
        const h = d as DistributionValue;
        const ps = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;
        return s.count === vs.length && s.min === want[0] && s.max === want.at(-1) &&
          isNearest(s.sum, exact) && isNearest(s.mean, exact, BigInt(vs.length)) &&
          Object.entries(ps).every(([k, q]) =>
            withinPercent(s.quantiles[k as keyof typeof ps], nearestRank(want, q))
          ) &&
          isNearest(h.sum, exact) && h.count === vs.length &&
          h.buckets.every((b) =>
            b.count === vs.filter((v) => b.le === "+Inf" || v <= b.le).length
          ) &&
          isNearest(total as number, exact);
      }),
      { ...runs, numRuns: 40 },
    );
    t.pass();
  });
}

test("summary() quantiles of milliseconds stay within 1% after a timestamp arrives", (t) => {
  // Before the fix the bins below 1.7e12 / 7.7e8 collapsed into one: p50 read 2231, not 501.
  const store = createMetricStore([summary("e.d")]);
  for (let d = 1; d <= 1000; d++) store.recorderFor("e")({ d }, {});
  store.recorderFor("e")({ d: 1.7e12 }, {});
  const { quantiles, max, mean } = store.snapshot()[0].series[0].value as SummaryValue;
  t.true(withinPercent(quantiles.p50, 501), String(quantiles.p50));
  t.true(withinPercent(quantiles.p99, 991), String(quantiles.p99));
  t.is(max, 1.7e12);
  t.is(mean, (500_500 + 1.7e12) / 1001);
});

test("summary() keeps 1 within 1% beside 10^9 and beside Number.MAX_VALUE", (t) => {
  // Before the fix p50 of [1, 1, 1, 1e9] read 1.31: 1 had been folded 1024 bins below 1e9.
  for (const largest of [7e8, 1e9, 1e300, MAX_VALUE]) {
    const store = createMetricStore([summary("e.d")]);
    for (const d of [1, 1, 1, largest]) store.recorderFor("e")({ d }, {});
    const { quantiles } = store.snapshot()[0].series[0].value as SummaryValue;
    t.true(withinPercent(quantiles.p50, 1), `${largest}: ${quantiles.p50}`);
    t.is(quantiles.p99, largest, "the last rank is the exact max");
  }
});

test("sum is exact past the float range and comes back from it", (t) => {
  // Before the fix 1e308 + 1e308 - 1e308 read Infinity, for good.
  const s = createSketch();
  s.add(1e308);
  s.add(1e308);
  t.is(s.sum, Infinity, "2e308 is past the float range");
  t.is(s.mean, 1e308, "the mean is not");
  s.add(-1e308);
  t.is(s.sum, 1e308);
  const store = createMetricStore([sum("e.v")]);
  for (const v of [1e16, 1, 1, -1e16, MAX_VALUE, MAX_VALUE, -MAX_VALUE, -MAX_VALUE]) {
    store.recorderFor("e")({ v }, {});
  }
  t.is(store.snapshot()[0].series[0].value, 2, "no bit of 1 + 1 is lost beside 1e16");
});
