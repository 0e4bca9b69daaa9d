import test from "ava";
import fc from "fast-check";
import { compareKeys, type Key } from "../../src/store/key.ts";

const element = fc.oneof(fc.string(), fc.double(), fc.integer());
const key: fc.Arbitrary<Key> = fc.oneof(fc.string(), fc.double(), fc.array(element));

test("compareKeys() orders numbers before strings before tuples", (t) => {
  const sorted = [["b"], "a", 2, ["a", 1], 1, ["a"], "B", -Infinity, NaN, ["a", "x"]].sort(
    compareKeys,
  );
  t.deepEqual(sorted, [-Infinity, 1, 2, NaN, "B", "a", ["a"], ["a", 1], ["a", "x"], ["b"]]);
});

test("compareKeys() treats -0 and 0 as the same key", (t) => {
  t.is(compareKeys(-0, 0), 0);
  t.is(compareKeys([-0], [0]), 0);
});

test("compareKeys() is a total order: antisymmetric and transitive", (t) => {
  fc.assert(
    fc.property(key, key, key, (a, b, c) => {
      t.is(Math.sign(compareKeys(a, b)), -Math.sign(compareKeys(b, a)) || 0);
      if (compareKeys(a, b) <= 0 && compareKeys(b, c) <= 0) t.true(compareKeys(a, c) <= 0);
    }),
    { numRuns: 3000 },
  );
});
