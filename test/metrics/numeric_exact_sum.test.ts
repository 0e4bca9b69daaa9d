// The exact running sum behind summaries, distributions, sums and alert windows, checked against
// BigInt sums: value and mean are the exact ones rounded once to the nearest double (ties to even,
// ±Infinity from Number.MAX_VALUE plus half an ulp on), after any additions and subtractions.
import test from "ava";
import fc from "fast-check";
import { ExactSum } from "../../src/metrics/exact_sum.ts";
import { exactSum, isNearest, units } from "./exact.ts";

const { MAX_VALUE, MIN_VALUE } = Number;

function sumOf(values: readonly number[]): ExactSum {
  const s = new ExactSum();
  for (const v of values) s.add(v);
  return s;
}

const hostile = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(MAX_VALUE, -MAX_VALUE, 2 ** 970, 2 ** 969, MIN_VALUE, -MIN_VALUE, 1e16, 1, 0.1),
  fc.integer({ min: -1000, max: 1000 }).map((k) => k * MIN_VALUE),
);

test("ExactSum rounds the exact sum and mean once after any additions and subtractions", (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(hostile, fc.boolean()), { maxLength: 150 }),
      (steps) => {
        const s = new ExactSum();
        const live: number[] = [];
        for (const [v, removeOldest] of steps) {
          s.add(v);
          live.push(v);
          if (removeOldest && live.length > 1) s.add(-live.shift()!);
          const exact = exactSum(live);
          if (!isNearest(s.value, exact)) return false;
          if (!isNearest(s.mean(live.length), exact, BigInt(live.length))) return false;
        }
        return true;
      },
    ),
    { seed: 5, numRuns: 200 },
  );
  t.pass();
});

test("ExactSum.addSum() gives what adding every value of the other sum gives", (t) => {
  fc.assert(
    fc.property(fc.array(hostile), fc.array(hostile), (a, b) => {
      const merged = sumOf(a);
      merged.addSum(sumOf(b));
      const whole = sumOf([...a, ...b]);
      return Object.is(merged.value, whole.value) &&
        isNearest(merged.value, exactSum([...a, ...b]));
    }),
    { seed: 6, numRuns: 200 },
  );
  t.pass();
});

test("ExactSum overflows to Infinity exactly where IEEE 754 rounding does, and comes back", (t) => {
  t.is(sumOf([MAX_VALUE, 2 ** 969]).value, MAX_VALUE, "below half an ulp past MAX_VALUE");
  t.is(sumOf([MAX_VALUE, 2 ** 970]).value, Infinity, "half an ulp past: the tie goes to 2^1024");
  t.is(sumOf([MAX_VALUE, 2 ** 970, -(2 ** 970)]).value, MAX_VALUE);
  t.is(sumOf([-MAX_VALUE, -MAX_VALUE]).value, -Infinity);
  t.is(sumOf([-MAX_VALUE, -MAX_VALUE]).mean(2), -MAX_VALUE);
  const s = sumOf([MAX_VALUE, MAX_VALUE, MAX_VALUE]);
  t.is(s.mean(3), MAX_VALUE);
  s.add(-MAX_VALUE);
  s.add(-MAX_VALUE);
  t.is(s.value, MAX_VALUE);
});

test("ExactSum rounds subnormal sums and means to even", (t) => {
  const three = sumOf([MIN_VALUE, MIN_VALUE, MIN_VALUE]);
  t.is(three.value, 3 * MIN_VALUE);
  t.is(three.mean(2), 2 * MIN_VALUE, "1.5 units: the tie goes to 2");
  t.is(sumOf([MIN_VALUE]).mean(2), 0, "0.5 units: the tie goes to 0");
  t.is(three.mean(3), MIN_VALUE);
});

test("ExactSum keeps bits a float sum loses beside a large value", (t) => {
  const s = sumOf([1e16, 1, 1]);
  t.is(s.value, 1e16 + 2);
  s.add(-1e16);
  t.is(s.value, 2);
  const tiny = sumOf([1e300, 1e-300, -1e300]);
  t.is(tiny.value, 1e-300);
  t.true(isNearest(tiny.mean(3), units(1e-300), 3n));
});

test("ExactSum of nothing is 0", (t) => {
  t.is(new ExactSum().value, 0);
  const s = sumOf([5, -5]);
  t.is(s.value, 0);
  s.clear();
  t.is(s.value, 0);
});

test("ExactSum refuses a value that is not finite, and stays as it was", (t) => {
  const s = sumOf([1, 2]);
  for (const v of [NaN, Infinity, -Infinity]) {
    t.is(t.throws(() => s.add(v))?.message, `Cannot add ${v} to an exact sum`);
  }
  t.is(s.value, 3);
});

test("ExactSum's mean rounds up a quotient just past a tie, and a true tie to even", (t) => {
  // 3 + 15 * 2^-53, held as hi + lo: a third of it is 1 + 2.5 * 2^-52, a tie between the doubles
  // 1 + 2 * 2^-52 (even) and 1 + 3 * 2^-52. One unit of 2^-1074 more puts it just past the tie.
  const tie = sumOf([3 + 4 * 2 ** -51, -(2 ** -53)]);
  t.is(tie.mean(3), 1 + 2 * 2 ** -52);
  const past = sumOf([3 + 4 * 2 ** -51, -(2 ** -53), MIN_VALUE]);
  t.is(past.mean(3), 1 + 3 * 2 ** -52);
  t.true(isNearest(past.mean(3), exactSum([3 + 4 * 2 ** -51, -(2 ** -53), MIN_VALUE]), 3n));
});

test("ExactSum.clear() forgets everything, the part past the float range too", (t) => {
  const s = sumOf([MAX_VALUE, MAX_VALUE, 0.1, 1e-300]);
  t.is(s.value, Infinity);
  s.clear();
  t.is(s.value, 0);
  s.add(1);
  t.is(s.value, 1);
  t.is(s.mean(1), 1);
  s.add(MAX_VALUE);
  s.clear();
  s.add(2);
  t.is(s.value, 2);
});
