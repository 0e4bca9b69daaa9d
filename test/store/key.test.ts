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

/** Value equality as keys define it: SameValueZero, element-wise for tuples. */
function sameKey(a: Key, b: Key): boolean {
  const same = (x: unknown, y: unknown) => x === y || (x !== x && y !== y);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (!Array.isArray(a)) return same(a, b);
  const tb = b as readonly unknown[];
  return a.length === tb.length && a.every((x, i) => same(x, tb[i]));
}

test("compareKeys() is a total order: 0 only for the same key, antisymmetric and transitive", (t) => {
  let chains = 0;
  fc.assert(
    fc.property(key, key, key, (a, b, c) => {
      t.is(compareKeys(a, b) === 0, sameKey(a, b));
      t.is(compareKeys(a, a), 0);
      t.is(Math.sign(compareKeys(a, b)), -Math.sign(compareKeys(b, a)) || 0);
      if (compareKeys(a, b) <= 0 && compareKeys(b, c) <= 0) {
        chains++;
        t.true(compareKeys(a, c) <= 0);
      }
    }),
    { numRuns: 3000 },
  );
  t.true(chains > 100, `transitivity checked on ${chains} chains`);
});
