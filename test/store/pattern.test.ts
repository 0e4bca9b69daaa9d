import test from "ava";
import { _, matchesPattern } from "../../src/store/pattern.ts";

test("matchesPattern() matches any key against the bare wildcard", (t) => {
  t.true(matchesPattern(_, "a"));
  t.true(matchesPattern(_, 1));
  t.true(matchesPattern(_, ["a", 1]));
});

test("matchesPattern() treats _ and undefined in a tuple pattern as any element", (t) => {
  t.true(matchesPattern(["a", _], ["a", 1]));
  t.true(matchesPattern([undefined, 1], ["b", 1]));
  t.false(matchesPattern(["a", _], ["b", 1]));
});

test("matchesPattern() requires the tuple length to agree", (t) => {
  t.false(matchesPattern(["a", _], ["a"]));
  t.false(matchesPattern(["a", _], ["a", 1, 2]));
  t.false(matchesPattern(["a"], "a"));
});

test("matchesPattern() keeps strings and numbers apart", (t) => {
  t.false(matchesPattern("1", 1));
  t.false(matchesPattern(["1"], [1]));
  t.true(matchesPattern(1, 1));
  t.false(matchesPattern(1, ["1"]));
});

test("matchesPattern() matches -0 to 0 and NaN to NaN", (t) => {
  t.true(matchesPattern(-0, 0));
  t.true(matchesPattern([0, -0], [-0, 0]));
  t.true(matchesPattern(NaN, NaN));
  t.true(matchesPattern([NaN], [NaN]));
  t.false(matchesPattern(NaN, 0));
  t.false(matchesPattern([NaN], [0]));
});
