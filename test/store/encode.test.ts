import test from "ava";
import fc from "fast-check";
import { encodeKey } from "../../src/store/_encode.ts";
import type { Key } from "../../src/store/key.ts";

const element = fc.oneof(fc.string(), fc.double(), fc.integer());
const key: fc.Arbitrary<Key> = fc.oneof(fc.string(), fc.double(), fc.array(element));

/** Value equality as keys define it: SameValueZero, element-wise for tuples. */
function sameKey(a: Key, b: Key): boolean {
  const same = (x: unknown, y: unknown) => x === y || (x !== x && y !== y);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (!Array.isArray(a)) return same(a, b);
  const tb = b as readonly unknown[];
  return a.length === tb.length && a.every((x, i) => same(x, tb[i]));
}

test("encodeKey() maps different keys to different Map keys", (t) => {
  fc.assert(
    fc.property(key, key, (a, b) => {
      t.is(encodeKey(a, "t") === encodeKey(b, "t"), sameKey(a, b));
    }),
    { numRuns: 5000 },
  );
});

test("encodeKey() keeps apart the classic collisions", (t) => {
  const keys: Key[] = [
    ["a,b"],
    ["a", "b"],
    ["1"],
    [1],
    "a",
    ["a"],
    "1",
    1,
    "[",
    "~[",
    "~",
    [],
    "",
    ["s1:a"],
    ["", ""],
    [""],
  ];
  const encoded = new Set(keys.map((k) => encodeKey(k, "t")));
  t.is(encoded.size, keys.length);
});

test("encodeKey() treats -0 as 0 and NaN as itself, at top level and in tuples", (t) => {
  t.is(encodeKey(-0, "t"), encodeKey(0, "t"));
  t.is(encodeKey([-0], "t"), encodeKey([0], "t"));
  t.true(Number.isNaN(encodeKey(NaN, "t")));
  t.is(encodeKey([NaN], "t"), encodeKey([NaN], "t"));
  t.not(encodeKey([NaN], "t"), encodeKey([Infinity], "t"));
});

test("encodeKey() rejects a key that is not a string, number or flat tuple", (t) => {
  const error = t.throws(() => encodeKey([["nested"]] as unknown as Key, "calls"));
  t.is(
    error?.message,
    'Invalid key [["nested"]] for table "calls": expected a string, a number, or an array of strings and numbers',
  );
  t.throws(() => encodeKey(true as unknown as Key, "calls"), { instanceOf: TypeError });
});
