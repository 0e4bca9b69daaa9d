import test from "ava";
import fc from "fast-check";
import { encodeKey } from "../../src/store/_encode.ts";
import type { Key } from "../../src/store/key.ts";

// Strings built from the characters the encoding gives meaning to, so collisions are likely to be
// generated if the encoding has any; plus arbitrary UTF-16.
const tricky = fc.string({
  unit: fc.constantFrom("a", "1", ",", "[", "~", "s", "n", "\x01", "\x02", ":", ";"),
});
const text = fc.oneof(tricky, fc.string({ unit: "binary" }));
const element = fc.oneof(text, fc.double(), fc.integer());
const key: fc.Arbitrary<Key> = fc.oneof(text, fc.double(), fc.array(element, { maxLength: 4 }));

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

/** Inverts the encoding; if it exists and round-trips every key, the encoding is injective. */
function decode(encoded: string | number): Key {
  if (typeof encoded === "number") return encoded;
  if (encoded[0] === "~") return encoded.slice(1);
  if (encoded[0] !== "[") return encoded;
  const out: (string | number)[] = [];
  let i = 1;
  while (i < encoded.length) {
    const tag = encoded[i++];
    let text = "";
    while (encoded[i] !== "\x01") {
      if (encoded[i] === "\x02") i++;
      text += encoded[i++];
    }
    i++;
    out.push(tag === "n" ? Number(text) : text);
  }
  return out;
}

test("encodeKey() round-trips through a decoder, so it is injective", (t) => {
  fc.assert(
    fc.property(key, (k) => {
      t.true(sameKey(decode(encodeKey(k, "t")), k));
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
    ["a\x01sb"],
    ["a\x02", "b"],
    ["a\x02\x01sb"],
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
