import test from "ava";
import fc from "fast-check";
import { createSketch } from "../../src/metrics/mod.ts";
import { nearestRank as exact, sorted as sort, withinPercent } from "./exact.ts";

const quantiles = [0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];
const alpha = 0.01;

/** Checks the documented bound, exactly (no slack): |p - x| ≤ α·|x| for the nearest-rank x. */
function checkAccuracy(t: { true(v: boolean, m?: string): void }, values: readonly number[]) {
  const sketch = createSketch({ relativeAccuracy: alpha });
  for (const v of values) sketch.add(v);
  const sorted = sort(values);
  for (const q of quantiles) {
    const want = exact(sorted, q);
    const got = sketch.quantile(q);
    const ok = withinPercent(got, want);
    t.true(ok, `q=${q}: got ${got}, want ${want} ± ${alpha * 100}%`);
    if (!ok) return false;
  }
  return true;
}

// Ordinary distributions here; numeric.test.ts has the adversarial ones (every magnitude, both
// signs, subnormals, a timestamp among durations).
const uniform = fc.integer({ min: 0, max: 1_000_000_000 }).map((i) => i / 1e6);
// exp(N(3, 1.5)) via Box-Muller: a heavy-tailed, latency-like distribution in milliseconds.
const lognormal = fc.tuple(
  fc.double({ min: 1e-9, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 1, noNaN: true }),
)
  .map(([u, v]) => Math.exp(3 + 1.5 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));
const signed = fc.oneof(
  fc.constant(0),
  fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
  fc.double({ min: -1e9, max: -1e-6, noNaN: true }),
  fc.integer({ min: -5, max: 5 }),
);

test("quantile() is within 1% of the exact quantile for uniform values", (t) => {
  fc.assert(
    fc.property(fc.array(uniform, { minLength: 1, maxLength: 2000 }), (v) => checkAccuracy(t, v)),
    { seed: 1 },
  );
});

test("quantile() is within 1% of the exact quantile for lognormal latencies", (t) => {
  fc.assert(
    fc.property(fc.array(lognormal, { minLength: 1, maxLength: 2000 }), (v) => checkAccuracy(t, v)),
    { seed: 1 },
  );
});

test("quantile() is within 1% of the exact quantile with negatives and zeros", (t) => {
  fc.assert(
    fc.property(fc.array(signed, { minLength: 1, maxLength: 2000 }), (v) => checkAccuracy(t, v)),
    { seed: 1 },
  );
});

test("quantile() is exact for a constant stream", (t) => {
  const sketch = createSketch();
  for (let i = 0; i < 1000; i++) sketch.add(42.5);
  for (const q of quantiles) t.is(sketch.quantile(q), 42.5);
  const zeros = createSketch();
  zeros.add(0);
  zeros.add(0);
  t.is(zeros.quantile(0.5), 0);
});

test("quantile() returns the value at rank 499 of 1..1000 within 1% for the median", (t) => {
  const sketch = createSketch();
  for (let i = 1; i <= 1000; i++) sketch.add(i);
  const median = sketch.quantile(0.5);
  t.true(Math.abs(median - 500) <= 5, String(median));
  t.is(sketch.quantile(0), 1);
  t.is(sketch.quantile(1), 1000);
});

test("quantile() returns NaN when empty or for q outside [0, 1]", (t) => {
  const sketch = createSketch();
  t.true(Number.isNaN(sketch.quantile(0.5)));
  sketch.add(1);
  t.true(Number.isNaN(sketch.quantile(1.5)));
  t.true(Number.isNaN(sketch.quantile(-0.1)));
});

test("add() tracks count, sum, min and max exactly and ignores non-finite values", (t) => {
  const sketch = createSketch();
  for (const v of [3, -2, 0, 10, NaN, Infinity]) sketch.add(v);
  t.is(sketch.count, 4);
  t.is(sketch.sum, 11);
  t.is(sketch.min, -2);
  t.is(sketch.max, 10);
});

test("add() keeps high quantiles accurate when a bin cap folds the lowest pages", (t) => {
  // 128 bins are two pages of 64; at 1% each covers a factor of about 3.6, so the two highest
  // pages hold at least the values from a 3.6th of the largest up.
  const sketch = createSketch({ maxBins: 128 });
  const values: number[] = [];
  for (let i = 1; i <= 10_000; i++) values.push(i / 10);
  for (const v of values) sketch.add(v);
  for (const q of [0.9, 0.95, 0.99, 1]) {
    const want = values[Math.max(0, Math.ceil(q * values.length) - 1)];
    t.true(withinPercent(sketch.quantile(q), want), `q=${q}`);
  }
  // The folded low end is still within [min, max], and the first rank is the exact min.
  t.is(sketch.quantile(0), 0.1);
  t.true(sketch.quantile(0.01) >= 0.1 && sketch.quantile(0.01) < 1000);
});

test("merge() gives the same quantiles, sum and mean as adding every value to one sketch", (t) => {
  fc.assert(
    fc.property(fc.array(signed), fc.array(signed), (a, b) => {
      const merged = createSketch();
      const other = createSketch();
      const whole = createSketch();
      for (const v of a) merged.add(v), whole.add(v);
      for (const v of b) other.add(v), whole.add(v);
      merged.merge(other);
      t.is(merged.count, whole.count);
      t.is(merged.sum, whole.sum, "both exact sums, rounded once");
      t.is(merged.mean, whole.mean);
      for (const q of quantiles) t.is(merged.quantile(q), whole.quantile(q));
    }),
    { seed: 2 },
  );
});

test("merge() rejects a sketch of another relative accuracy", (t) => {
  t.is(
    t.throws(() => createSketch().merge(createSketch({ relativeAccuracy: 0.02 })))?.message,
    "Cannot merge a sketch of relative accuracy 0.02 into one of 0.01",
  );
});

test("createSketch() rejects an invalid accuracy or bin cap", (t) => {
  t.is(
    t.throws(() => createSketch({ relativeAccuracy: 1 }))?.message,
    "Invalid relativeAccuracy 1: expected 1e-6 ≤ α < 1",
  );
  t.is(
    t.throws(() => createSketch({ relativeAccuracy: 1e-7 }))?.message,
    "Invalid relativeAccuracy 1e-7: expected 1e-6 ≤ α < 1",
  );
  t.is(
    t.throws(() => createSketch({ maxBins: 0 }))?.message,
    "Invalid maxBins 0: expected a positive integer or Infinity",
  );
  t.is(
    t.throws(() => createSketch({ maxBins: 2.5 }))?.message,
    "Invalid maxBins 2.5: expected a positive integer or Infinity",
  );
  t.is(
    t.throws(() => createSketch({ maxBins: -Infinity }))?.message,
    "Invalid maxBins -Infinity: expected a positive integer or Infinity",
  );
});

test("createSketch() at the finest accuracy keeps its bound over every magnitude", (t) => {
  // α = 1e-6: pages grow to 2^19 bins so that 2048 of them cover every double.
  const sketch = createSketch({ relativeAccuracy: 1e-6 });
  const values = [Number.MIN_VALUE, 1e-300, 1, 1.7e12, Number.MAX_VALUE];
  for (const v of values) sketch.add(v);
  for (const [i, q] of [0, 0.25, 0.5, 0.75, 1].entries()) {
    const got = sketch.quantile(q);
    t.true(Math.abs(got - values[i]) <= 1e-6 * values[i], `${got} for ${values[i]}`);
  }
});

test("merge() keeps counts exact past 2^32 values in one bin", (t) => {
  const sketch = createSketch();
  for (const v of [1, 1, 100]) sketch.add(v);
  for (let i = 0; i < 32; i++) {
    const copy = createSketch();
    copy.merge(sketch);
    sketch.merge(copy);
  }
  t.is(sketch.count, 3 * 2 ** 32);
  t.is(sketch.quantile(0.5), 1);
  t.true(Math.abs(sketch.quantile(0.9) - 100) <= 1, String(sketch.quantile(0.9)));
});
