import test from "ava";
import fc from "fast-check";
import { type Aggregate, SampleWindow } from "../../src/alerts/_window.ts";

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
    { numRuns: 300 },
  );
  t.pass();
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
