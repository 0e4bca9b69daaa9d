import test from "ava";
import fc from "fast-check";
import { type Aggregate, SampleWindow } from "../../src/alerts/_window.ts";
import { exactSum, isNearest } from "../metrics/exact.ts";

/** The same window computed the slow, obvious way. */
function bruteForce(samples: [number, number][], span: number, capacity: number, now: number) {
  const live = samples.slice(-capacity).filter(([time]) => now - time < span).map(([, v]) => v);
  const sum = live.reduce((a, b) => a + b, 0);
  return {
    count: live.length,
    sum,
    mean: live.length === 0 ? undefined : sum / live.length,
    min: live.length === 0 ? undefined : Math.min(...live),
    max: live.length === 0 ? undefined : Math.max(...live),
  };
}

test("SampleWindow aggregates match a brute-force window under any sequence of samples", (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 1, max: 1_000 }),
      fc.array(
        fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: -1_000, max: 1_000 })),
        {
          maxLength: 300,
        },
      ),
      (capacity, span, steps) => {
        const w = new SampleWindow(span, capacity);
        const samples: [number, number][] = [];
        let now = 0;
        for (const [advance, value] of steps) {
          now += advance;
          w.add(now, value);
          samples.push([now, value]);
          w.expire(now);
          const want = bruteForce(samples, span, capacity, now);
          for (const kind of ["count", "sum", "mean", "min", "max"] as Aggregate[]) {
            const got = w.aggregate(kind);
            const expected = want[kind];
            if (expected === undefined ? got !== undefined : Math.abs(got! - expected) > 1e-9) {
              return false;
            }
          }
        }
        return true;
      },
    ),
    { numRuns: 300, seed: 3 },
  );
  t.pass();
});

/** Values that break a float running sum: near the limits, far apart, subnormal, of both signs. */
const hostile = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_VALUE, -Number.MAX_VALUE, 1e16, 1, -1, 1.7e12, 0, -0),
  fc.constantFrom(Number.MIN_VALUE, 1e-300, -1e-300, 0.1, 0.2, 0.3),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

test("SampleWindow sum and mean are the exact ones rounded once, whatever the values", (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 20 }),
      fc.integer({ min: 1, max: 100 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), hostile), { maxLength: 200 }),
      (capacity, span, steps) => {
        const w = new SampleWindow(span, capacity);
        const samples: [number, number][] = [];
        let now = 0;
        for (const [advance, value] of steps) {
          now += advance;
          w.add(now, value);
          samples.push([now, value]);
          w.expire(now);
          const live = samples.slice(-capacity).filter(([time]) => now - time < span)
            .map(([, v]) => v);
          const exact = exactSum(live);
          const sum = w.aggregate("sum")!;
          const mean = w.aggregate("mean")!;
          if (!isNearest(sum, exact) || !isNearest(mean, exact, BigInt(live.length))) {
            t.fail(`sum ${sum}, mean ${mean} of ${live.join(", ")}`);
            return false;
          }
          if (
            w.aggregate("min") !== Math.min(...live) || w.aggregate("max") !== Math.max(...live)
          ) {
            return false;
          }
        }
        return true;
      },
    ),
    { numRuns: 200, seed: 4 },
  );
  t.pass();
});

test("SampleWindow sum does not drift when a large sample leaves", (t) => {
  // A float running sum read 1: 1e16 + 1 rounds back to 1e16 (whose ulp is 2), so both 1s were
  // lost before 1e16 left.
  const w = new SampleWindow(Infinity, 3);
  for (const v of [1e16, 1, 1, 1]) w.add(0, v);
  t.is(w.aggregate("sum"), 3);
});

test("SampleWindow sum comes back from past the float range once the large samples leave", (t) => {
  // A float running sum stayed at Infinity for as long as samples kept the window non-empty.
  const w = new SampleWindow(Infinity, 2);
  w.add(0, 1e308);
  w.add(1, 1e308);
  t.is(w.aggregate("sum"), Infinity, "2e308 is past the float range");
  t.is(w.aggregate("mean"), 1e308, "the mean is not");
  w.add(2, 2);
  t.is(w.aggregate("sum"), 1e308 + 2);
  w.add(3, 3);
  t.is(w.aggregate("sum"), 5);
  t.is(w.aggregate("mean"), 2.5);
});

test("SampleWindow.latest() is the newest sample, or undefined when empty", (t) => {
  const w = new SampleWindow(100, 3);
  t.is(w.latest(), undefined);
  w.add(0, 5);
  w.add(1, 7);
  t.is(w.latest(), 7);
  w.expire(200);
  t.is(w.latest(), undefined);
  t.is(w.aggregate("sum"), 0);
});

test("SampleWindow keeps min and max right past the queues' compaction (thousands of expiries)", (t) => {
  // Values that fall then rise in long runs, so the monotonic queues grow past the 1,024 heads
  // after which they compact, and the front must still be the live extreme.
  const span = 3_000;
  const w = new SampleWindow(span, 10_000);
  const samples: [number, number][] = [];
  let checked = 0;
  for (let i = 0; i < 12_000; i++) {
    const phase = Math.floor(i / 1_500) % 2;
    const value = phase === 0 ? 5_000 - (i % 1_500) : (i % 1_500) - 2_000;
    samples.push([i, value]);
    w.add(i, value);
    w.expire(i);
    if (i % 499 === 0 || i % 1_500 === 1_499) {
      const live = samples.filter(([time]) => i - time < span).slice(-10_000).map(([, v]) => v);
      t.is(w.aggregate("min"), Math.min(...live), `min at ${i}`);
      t.is(w.aggregate("max"), Math.max(...live), `max at ${i}`);
      t.is(w.aggregate("count"), live.length, `count at ${i}`);
      checked++;
    }
  }
  t.true(checked > 30);
});

test("the min and max queues are compacted: their memory stays bounded however many samples pass", (t) => {
  // Rising values stay in the minimum queue and falling ones in the maximum queue until they
  // leave the window; the dropped entries must be compacted away, not kept forever.
  for (const sign of [1, -1]) {
    const w = new SampleWindow(Infinity, 100);
    let most = 0;
    for (let i = 0; i < 50_000; i++) {
      w.add(i, sign * i);
      most = Math.max(most, w.queueEntries);
    }
    t.true(most <= 100 + 1 + 2 * 1025, `${most} entries at most`);
    t.is(w.aggregate("min"), sign > 0 ? 49_900 : -49_999);
    t.is(w.aggregate("max"), sign > 0 ? 49_999 : -49_900);
  }
  // Rising values: all three in the minimum queue, the newest alone in the maximum queue.
  const rising = new SampleWindow(Infinity, 10);
  for (const v of [1, 2, 3]) rising.add(0, v);
  t.is(rising.queueEntries, 4);
  // Emptied, the window forgets the queues' entries at once.
  const w = new SampleWindow(10, 100);
  for (let i = 0; i < 50; i++) w.add(i, i);
  w.expire(1_000);
  t.is(w.size, 0);
  t.is(w.queueEntries, 0);
});
