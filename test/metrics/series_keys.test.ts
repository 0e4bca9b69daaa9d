// Series keys under adversarial tag values, against a model: the slot cache (nested maps from tag
// values to table rows) must find exactly the row of each tag set, whatever the values share
// (prefixes, empty strings, values equal to other tags' values), across resets and the series cap.
// Found by the keys part's mutation run, where the cache's own paths went untested.
import test from "ava";
import fc from "fast-check";
import { counter, createMetricStore, type MetricSnapshot } from "../../src/metrics/mod.ts";
import { createSlotTable } from "../../src/store/slot_table.ts";
import { slotLookup } from "../../src/metrics/_slot_cache.ts";

const event = ["app", "request"];
const value = fc.constantFrom(
  "",
  "a",
  "ab",
  "abc",
  "b",
  "ba",
  "[x",
  "~y",
  "\x01",
  "\x02",
  "a\x01b",
);

function counts(snapshot: MetricSnapshot): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of snapshot.series) out[JSON.stringify(s.tags)] = s.value as number;
  return out;
}

test("a counter with one, two or three tags counts each tag set apart, however values overlap", (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 }),
      fc.array(fc.tuple(value, value, value, fc.boolean()), { maxLength: 60 }),
      (tagCount, events) => {
        const tags = ["x", "y", "z"].slice(0, tagCount);
        const store = createMetricStore([
          counter("app.request.count", { event: ["app", "request"], tags }),
        ]);
        const record = store.recorderFor(event);
        const model = new Map<string, number>();
        for (const [x, y, z, reset] of events) {
          if (reset) {
            store.reset();
            model.clear();
            continue;
          }
          const md = { x, y, z };
          record({}, md);
          const key = JSON.stringify(Object.fromEntries(tags.map((tag) => [tag, md[tag as "x"]])));
          model.set(key, (model.get(key) ?? 0) + 1);
        }
        const expected = Object.fromEntries([...model].sort());
        const actual = counts(store.snapshot()[0]);
        return JSON.stringify(Object.fromEntries(Object.entries(actual).sort())) ===
          JSON.stringify(expected);
      },
    ),
    { numRuns: 300 },
  );
  t.pass();
});

test("slotLookup() hands out the table's own slot for each key, and the overflow slot past the cap, uncached", (t) => {
  const table = createSlotTable<string[], unknown>("t", { type: "set", maxRows: 2 });
  const lookup = slotLookup(table, 2);
  const ab = lookup(["a", "b"]);
  const a = lookup(["a", ""]);
  t.not(ab, a);
  t.is(lookup(["a", "b"]), ab, "cached");
  t.is(table.slot(["a", "b"]).slot, ab, "the table's slot");
  const over = lookup(["c", "d"]);
  t.is(table.slot(["c", "d"]).isOverflow, true);
  t.is(lookup(["c", "d"]), over);
  t.is(table.overflowCount, 3, "every overflow lookup goes to the table, which counts the fold");
  table.clear();
  const again = lookup(["a", "b"]);
  t.not(again, ab, "a cleared table's rows are not handed out again");
  t.is(table.slot(["a", "b"]).slot, again);
  const one = slotLookup(createSlotTable<string, unknown>("one", { type: "set" }), 1);
  t.not(one("ab"), one("a"));
  t.is(one("a"), one("a"));
  const noTags = createSlotTable<readonly string[], unknown>("none", { type: "set" });
  const none = slotLookup(noTags, 0);
  t.is(none([]), none([]));
  t.is(noTags.size, 1);
});

test('tag values: missing and null are "", objects are JSON, a cyclic object is its String(), one tag goes through tagValues', (t) => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const store = createMetricStore([
    counter("app.request.count", { event, tags: ["v"] }),
    counter("app.request.upper", {
      event,
      tags: ["v"],
      tagValues: (md) => ({ v: String(md.v).toUpperCase() }),
    }),
  ]);
  const record = store.recorderFor(event);
  for (const v of [undefined, null, { a: 1 }, cyclic, 7, true, "x"]) {
    record({}, v === undefined ? {} : { v });
  }
  const [plain, upper] = store.snapshot();
  t.deepEqual(plain.series.map((s) => [s.tags.v, s.value]), [
    ["", 2],
    ["7", 1],
    ["[object Object]", 1],
    ["true", 1],
    ["x", 1],
    ['{"a":1}', 1],
  ]);
  t.deepEqual(upper.series.map((s) => s.tags.v), [
    "7",
    "NULL",
    "TRUE",
    "UNDEFINED",
    "X",
    "[OBJECT OBJECT]",
  ]);
});
