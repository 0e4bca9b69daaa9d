import test from "ava";
import fc from "fast-check";
import { _, compareKeys, createTable, type Key, overflowKey } from "../../src/store/mod.ts";

test("createTable() defaults to a set capped at 10,000 keys", (t) => {
  const table = createTable("t");
  t.is(table.type, "set");
  t.is(table.maxRows, 10_000);
  t.is(table.size, 0);
});

test("createTable() rejects an invalid cap and an unknown type", (t) => {
  t.is(
    t.throws(() => createTable("t", { maxRows: 0 }))?.message,
    'Invalid maxRows 0 for table "t": expected a positive integer or Infinity',
  );
  t.throws(() => createTable("t", { maxRows: 1.5 }), { instanceOf: RangeError });
  t.is(
    t.throws(() => createTable("t", { type: "duplicate_bag" as "bag" }))?.message,
    'Unknown table type "duplicate_bag" for table "t"',
  );
});

test("insert() replaces the value of a set key", (t) => {
  const table = createTable<string, number>("t");
  table.insert("a", 1);
  table.insert("a", 2);
  t.deepEqual(table.lookup("a"), [2]);
  t.is(table.size, 1);
});

test("insert() adds rows to a bag key but not an identical row", (t) => {
  const table = createTable<string, { n: number }>("t", { type: "bag" });
  table.insert("a", { n: 1 });
  table.insert("a", { n: 2 });
  table.insert("a", { n: 1 });
  table.insert("b", { n: 1 });
  t.deepEqual(table.lookup("a"), [{ n: 1 }, { n: 2 }]);
  t.is(table.size, 3);
  t.deepEqual(table.toList(), [["a", { n: 1 }], ["a", { n: 2 }], ["b", { n: 1 }]]);
});

test("lookup() returns an empty array for a missing key", (t) => {
  const table = createTable<string, number>("t");
  t.deepEqual(table.lookup("nope"), []);
});

test("lookup() finds tuple keys by value, not identity", (t) => {
  const table = createTable<readonly (string | number)[], string>("t");
  table.insert(["a", 1], "x");
  t.deepEqual(table.lookup(["a", 1]), ["x"]);
  t.deepEqual(table.lookup(["a", "1"]), []);
  t.deepEqual(table.lookup(["a"]), []);
});

test("delete() removes every row of the key and reports whether it existed", (t) => {
  const table = createTable<string, number>("t", { type: "bag" });
  table.insert("a", 1);
  table.insert("a", 2);
  t.true(table.delete("a"));
  t.false(table.delete("a"));
  t.is(table.size, 0);
  t.deepEqual(table.lookup("a"), []);
});

test("updateCounter() creates the row with the default", (t) => {
  const table = createTable<string, number>("t");
  t.is(table.updateCounter("a", 5, 10), 15);
  t.deepEqual(table.lookup("a"), [15]);
});

test("updateCounter() adds to an existing row and ignores the default", (t) => {
  const table = createTable<string, number>("t");
  table.insert("a", 1);
  t.is(table.updateCounter("a", -3, 100), -2);
});

test("updateCounter() without a default names the table and key of the missing row", (t) => {
  const table = createTable<readonly string[], number>("calls");
  t.is(
    t.throws(() => table.updateCounter(["gpt", "input"], 1))?.message,
    'No row for key ["gpt","input"] in table "calls" and no default for updateCounter()',
  );
});

test("updateCounter() rejects a non-numeric value", (t) => {
  const table = createTable<string, unknown>("calls");
  table.insert("a", "ten");
  const error = t.throws(() => table.updateCounter("a", 1), { instanceOf: TypeError });
  t.is(error?.message, 'Value "ten" of key "a" in table "calls" is not a number');
});

test("updateCounter() rejects a bag table", (t) => {
  const table = createTable<string, number>("b", { type: "bag" });
  t.is(
    t.throws(() => table.updateCounter("a", 1, 0))?.message,
    'updateCounter() is not supported on bag table "b"',
  );
});

test("update() passes the current value and stores the result", (t) => {
  const table = createTable<string, number[]>("t");
  t.deepEqual(table.update("a", (v) => [...(v ?? []), 1]), [1]);
  t.deepEqual(table.update("a", (v) => [...(v ?? []), 2]), [1, 2]);
  t.deepEqual(table.lookup("a"), [[1, 2]]);
});

test("select() returns the rows the predicate accepts, including falsy keys", (t) => {
  const table = createTable<string | number, number>("t");
  table.insert("", 1);
  table.insert(0, 2);
  table.insert("b", 3);
  t.deepEqual(table.select((_k, v) => v < 3), [["", 1], [0, 2]]);
});

test("match() returns the rows whose tuple key fits the pattern", (t) => {
  const table = createTable<readonly (string | number)[], number>("t");
  table.insert(["gpt", "input"], 1);
  table.insert(["gpt", "output"], 2);
  table.insert(["claude", "input"], 3);
  table.insert(["gpt"], 4);
  t.deepEqual(table.match(["gpt", _]), [[["gpt", "input"], 1], [["gpt", "output"], 2]]);
  t.deepEqual(table.match([undefined, "input"]), [[["gpt", "input"], 1], [
    ["claude", "input"],
    3,
  ]]);
  t.deepEqual(table.match(_), [
    [["gpt", "input"], 1],
    [["gpt", "output"], 2],
    [["claude", "input"], 3],
    [["gpt"], 4],
  ]);
});

test("toList() keeps insertion order for a set", (t) => {
  const table = createTable<Key, number>("t");
  table.insert("b", 1);
  table.insert(2, 2);
  table.insert(["a"], 3);
  t.deepEqual(table.toList(), [["b", 1], [2, 2], [["a"], 3]]);
});

test("toList() sorts an ordered_set by key in term order", (t) => {
  const table = createTable<Key, number>("t", { type: "ordered_set" });
  for (const k of [["b"], "a", 10, ["a", 1], 9, ["a"]] as Key[]) table.insert(k, 0);
  t.deepEqual(table.toList().map(([k]) => k), [9, 10, "a", ["a"], ["a", 1], ["b"]]);
  table.insert(1, 0);
  table.delete(10);
  t.deepEqual(table.toList().map(([k]) => k), [1, 9, "a", ["a"], ["a", 1], ["b"]]);
});

test("toList() of an ordered_set lists every key once, sorted, for any keys", (t) => {
  const element = fc.oneof(fc.string(), fc.integer());
  const key = fc.oneof(fc.string(), fc.integer(), fc.array(element, { maxLength: 3 }));
  fc.assert(
    fc.property(fc.array(key), (keys) => {
      const table = createTable<Key, number>("t", { type: "ordered_set", maxRows: Infinity });
      for (const k of keys) table.insert(k, 0);
      const listed = table.toList().map(([k]) => k);
      for (let i = 1; i < listed.length; i++) t.true(compareKeys(listed[i - 1], listed[i]) < 0);
      // JSON tells these keys apart exactly: 1 and "1", "a" and ["a"], [1] and ["1"].
      const distinct = [...new Set(keys.map((k) => JSON.stringify(k)))].sort();
      t.deepEqual(listed.map((k) => JSON.stringify(k)).sort(), distinct);
    }),
  );
});

test("clear() empties the table and resets the overflow count", (t) => {
  const table = createTable<string, number>("t", { maxRows: 1 });
  table.insert("a", 1);
  table.insert("b", 1);
  table.clear();
  t.is(table.size, 0);
  t.is(table.overflowCount, 0);
  t.deepEqual(table.toList(), []);
});

test("insert() past maxRows folds new keys into the overflow row", (t) => {
  const table = createTable<string, number>("t", { maxRows: 2 });
  table.insert("a", 1);
  table.insert("b", 2);
  table.insert("c", 3);
  table.insert("d", 4);
  table.insert("a", 10);
  t.deepEqual(table.toList(), [["a", 10], ["b", 2], [["__overflow__"], 4]]);
  t.deepEqual(table.lookup("c"), []);
  t.is(table.overflowCount, 2);
  t.deepEqual(table.info(), {
    name: "t",
    type: "set",
    size: 3,
    keys: 3,
    maxRows: 2,
    overflowCount: 2,
  });
});

test("updateCounter() past maxRows adds to the overflow row", (t) => {
  const table = createTable<string, number>("t", { maxRows: 1 });
  table.updateCounter("a", 1, 0);
  t.is(table.updateCounter("b", 2, 0), 2);
  t.is(table.updateCounter("c", 3, 0), 5);
  t.deepEqual(table.lookup(overflowKey), [5]);
  t.deepEqual(table.toList(), [["a", 1], [["__overflow__"], 5]]);
  t.is(table.toList()[1][0], overflowKey);
  t.is(table.overflowCount, 2);
});

test("update() past maxRows updates the overflow row", (t) => {
  const table = createTable<string, number>("t", { maxRows: 1 });
  table.update("a", () => 1);
  table.update("b", (v) => (v ?? 0) + 1);
  table.update("c", (v) => (v ?? 0) + 1);
  t.deepEqual(table.lookup(overflowKey), [2]);
});

test("insert() makes room for new keys again after a delete", (t) => {
  const table = createTable<string, number>("t", { maxRows: 1 });
  table.insert("a", 1);
  table.insert("b", 2);
  table.delete("a");
  table.insert("c", 3);
  t.deepEqual(table.lookup("c"), [3]);
  t.is(table.size, 2);
});

test("insert() never holds more than maxRows keys plus the overflow row", (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.string()), (maxRows, keys) => {
      const table = createTable<string, number>("t", { maxRows });
      for (const k of keys) table.insert(k, 1);
      const distinct = new Set(keys).size;
      t.is(table.size, Math.min(distinct, maxRows) + (distinct > maxRows ? 1 : 0));
    }),
  );
});

test("createTable() with maxRows Infinity never overflows", (t) => {
  const table = createTable<number, number>("t", { maxRows: Infinity });
  for (let i = 0; i < 20_000; i++) table.insert(i, i);
  t.is(table.size, 20_000);
  t.is(table.overflowCount, 0);
});

test("insert() into a bag past maxRows keeps one overflow value and counts every fold", (t) => {
  const table = createTable<number, number>("t", { type: "bag", maxRows: 10 });
  for (let i = 0; i < 20_000; i++) table.insert(i, i);
  t.is(table.size, 11);
  t.is(table.overflowCount, 19_990);
  t.deepEqual(table.lookup(overflowKey), [19_999]);
  t.deepEqual(table.info(), {
    name: "t",
    type: "bag",
    size: 11,
    keys: 11,
    maxRows: 10,
    overflowCount: 19_990,
  });
});

test("insert() into a bag's overflow row replaces its value, even when written directly", (t) => {
  const table = createTable<string | readonly string[], number>("t", { type: "bag", maxRows: 1 });
  table.insert("a", 1);
  table.insert("a", 2);
  table.insert("b", 3);
  table.insert(overflowKey, 4);
  table.insert("c", 3);
  t.deepEqual(table.toList(), [["a", 1], ["a", 2], [["__overflow__"], 3]]);
  t.is(table.size, 3);
  t.is(table.overflowCount, 2);
  t.true(table.delete(overflowKey));
  t.is(table.size, 2);
});

test("insert() into a bag treats cyclic values of the same shape as one row", (t) => {
  type Node = { n: number; self?: Node; list?: unknown[] };
  const cyclic = (n: number): Node => {
    const node: Node = { n };
    node.self = node;
    node.list = [node, n];
    return node;
  };
  const a = cyclic(1);
  const table = createTable<string, Node>("t", { type: "bag" });
  table.insert("k", a);
  table.insert("k", cyclic(1));
  t.is(table.size, 1);
  t.is(table.lookup("k")[0], a);
  table.insert("k", cyclic(2));
  t.is(table.size, 2);
});

test("insert() of a key spelt like the overflow key is an ordinary row", (t) => {
  const table = createTable<readonly string[], number>("forge", { maxRows: 2 });
  table.insert(["__overflow__"], 1);
  t.deepEqual(table.lookup(overflowKey), []);
  t.deepEqual(table.lookup(["__overflow__"]), [1]);
  table.insert(["a"], 2);
  table.insert(["b"], 3); // past the cap: folded into the real overflow row
  t.deepEqual(table.lookup(overflowKey), [3]);
  t.deepEqual(table.lookup(["__overflow__"]), [1]);
  t.is(table.overflowCount, 1);
});

test("updateCounter() rejects an increment or a default that is not a number, naming key and table", (t) => {
  const table = createTable<Key, number>("calls");
  t.throws(() => table.updateCounter(["gpt", 1], "1" as unknown as number, 0), {
    instanceOf: TypeError,
    message: 'Invalid increment "1" for key ["gpt",1] in table "calls"',
  });
  t.throws(() => table.updateCounter("a", 1, null as unknown as number), {
    instanceOf: TypeError,
    message: 'Invalid default null for key "a" in table "calls"',
  });
  t.deepEqual(table.toList(), [], "nothing written");
});

test("update() and slot() reject a bag table; a bag's lookup() is a copy", (t) => {
  const table = createTable<string, number>("b", { type: "bag" });
  t.throws(() => table.update("a", (v) => v ?? 0), {
    instanceOf: TypeError,
    message: 'update() is not supported on bag table "b"',
  });
  // A bag's rows have no single slot (createSlotTable refuses bags; the method refuses too).
  const slotOf = (table as unknown as { slot(key: string): unknown }).slot;
  t.throws(() => slotOf.call(table, "a"), {
    instanceOf: TypeError,
    message: 'slot() is not supported on bag table "b"',
  });
  table.insert("a", 1);
  const values = table.lookup("a") as number[];
  values.push(99);
  t.deepEqual(table.lookup("a"), [1]);
});
