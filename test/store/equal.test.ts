import test from "ava";
import { equalValues } from "../../src/store/_equal.ts";

test("equalValues() compares primitives by SameValueZero", (t) => {
  t.true(equalValues(NaN, NaN));
  t.true(equalValues(0, -0));
  t.false(equalValues(1, "1"));
  t.false(equalValues(null, undefined));
});

test("equalValues() compares arrays and plain objects structurally, other objects by identity", (t) => {
  t.true(equalValues({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }));
  t.true(equalValues({ a: 1, b: 2 }, { b: 2, a: 1 }));
  t.false(equalValues({ a: 1 }, { a: 1, b: undefined }));
  t.false(equalValues([1, 2], { 0: 1, 1: 2 }));
  t.false(equalValues({ 0: 1, 1: 2 }, [1, 2]));
  t.false(equalValues(new Date(0), new Date(0)));
  const date = new Date(0);
  t.true(equalValues([date], [date]));
});

test("equalValues() terminates on cyclic values and finds differences behind a cycle", (t) => {
  const a: Record<string, unknown> = { n: 1 };
  a.self = a;
  const b: Record<string, unknown> = { n: 1 };
  b.self = b;
  t.true(equalValues(a, b));
  const c: Record<string, unknown> = { n: 1 };
  c.self = { n: 1, self: c };
  t.true(equalValues(a, c));
  const d: Record<string, unknown> = { n: 1 };
  d.self = { n: 2, self: d };
  t.false(equalValues(a, d));
  const xs: unknown[] = [1];
  xs.push(xs);
  const ys: unknown[] = [1];
  ys.push(ys);
  t.true(equalValues(xs, ys));
  t.false(equalValues(xs, a));
});

test("equalValues() compares nesting deeper than the call stack allows", (t) => {
  const nest = (depth: number, leaf: number): unknown => {
    let value: unknown = leaf;
    for (let i = 0; i < depth; i++) value = [value];
    return value;
  };
  t.true(equalValues(nest(200_000, 1), nest(200_000, 1)));
  t.false(equalValues(nest(200_000, 1), nest(200_000, 2)));
});
