import test from "ava";
import fc from "fast-check";
import { DenseStore } from "../../src/metrics/_dense_store.ts";

/** Pages of 2^6 bins, as the sketch uses at α = 1%. */
const pageBins = 64;

function bins(store: DenseStore): [number, number][] {
  const out: [number, number][] = [];
  store.forEach((i, c) => void out.push([i, c]));
  return out;
}

test("DenseStore allocates nothing until the first value", (t) => {
  const store = new DenseStore(Infinity, 6);
  t.is(store.allocatedBins, 0);
  t.is(store.countBytes, 0);
  t.deepEqual(bins(store), []);
});

test("DenseStore allocates a page of 64 bins where a value falls, not over the span between", (t) => {
  const store = new DenseStore(Infinity, 6);
  store.add(0, 1);
  t.is(store.allocatedBins, pageBins);
  store.add(63, 1);
  store.add(-1, 1);
  t.is(store.allocatedBins, 2 * pageBins);
  store.add(1_000_000, 2);
  store.add(-1_000_000, 1);
  t.is(store.allocatedBins, 4 * pageBins);
  t.is(store.countBytes, 4 * pageBins * 4);
  t.deepEqual(bins(store), [[-1_000_000, 1], [-1, 1], [0, 1], [63, 1], [1_000_000, 2]]);
  t.is(store.total, 6);
});

test("DenseStore visits bins in descending order when asked, and stops when told", (t) => {
  const store = new DenseStore(Infinity, 6);
  for (const i of [5, -70, 200, 6]) store.add(i, 1);
  const seen: number[] = [];
  store.forEach((i) => void seen.push(i), true);
  t.deepEqual(seen, [200, 6, 5, -70]);
  const first: number[] = [];
  store.forEach((i) => (first.push(i), first.length === 2));
  t.deepEqual(first, [-70, 5]);
});

test("DenseStore folds the lowest page into the next one up past maxBins", (t) => {
  const store = new DenseStore(2 * pageBins, 6);
  store.add(1, 1);
  store.add(2, 2);
  store.add(70, 3);
  t.deepEqual(bins(store), [[1, 1], [2, 2], [70, 3]]);
  store.add(130, 1); // a third page: the first (bins 0..63) folds into bin 64
  t.deepEqual(bins(store), [[64, 3], [70, 3], [130, 1]]);
  store.add(-5, 4); // below every kept page: counted in the lowest kept bin
  t.deepEqual(bins(store), [[64, 7], [70, 3], [130, 1]]);
  t.is(store.total, 11);
  t.is(store.allocatedBins, 2 * pageBins);
});

test("DenseStore with one page folds everything below the newest page into its first bin", (t) => {
  const store = new DenseStore(1, 6);
  store.add(3, 2);
  store.add(100, 1);
  t.deepEqual(bins(store), [[64, 2], [100, 1]]);
  t.is(store.total, 3);
});

test("DenseStore keeps every count, whatever the order of indices", (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: 1, max: 5 }))),
      (adds) => {
        const store = new DenseStore(Infinity, 6);
        const want = new Map<number, number>();
        for (const [i, w] of adds) {
          store.add(i, w);
          want.set(i, (want.get(i) ?? 0) + w);
        }
        t.deepEqual(bins(store), [...want].sort(([a], [b]) => a - b));
        const pages = new Set(adds.map(([i]) => Math.floor(i / pageBins)));
        t.is(store.allocatedBins, pages.size * pageBins);
      },
    ),
    { seed: 9 },
  );
});

test("DenseStore widens a page to 64 bits rather than wrap past 2^32 - 1", (t) => {
  const store = new DenseStore(Infinity, 6);
  store.add(7, 0xffff_ffff);
  store.add(700, 1);
  t.is(store.countBytes, 2 * pageBins * 4);
  store.add(7, 1);
  store.add(8, 2 ** 40);
  t.is(store.countBytes, pageBins * 8 + pageBins * 4, "only the page past 2^32 - 1 widens");
  t.deepEqual(bins(store), [[7, 2 ** 32], [8, 2 ** 40], [700, 1]]);
});

/** The sketch's bin of a magnitude at α = 1% (as createSketch() lays bins out). */
const alpha = 0.01 * (1 - 2 ** -20);
const logGamma = Math.log((1 + alpha) / (1 - alpha));
const binOf = (x: number) => Math.ceil(Math.log(x) / logGamma);

test("DenseStore holds a timestamp among millisecond durations in one more page", (t) => {
  const store = new DenseStore(Infinity, 6);
  for (let d = 1; d <= 1000; d++) store.add(binOf(d), 1);
  const before = bins(store);
  const pages = store.allocatedBins / pageBins;
  store.add(binOf(1.7e12), 1);
  t.is(store.allocatedBins / pageBins, pages + 1);
  t.deepEqual(bins(store).slice(0, -1), before, "nothing collapsed");
});

test("DenseStore needs at most 1,137 pages (291 KB) for every finite double at α = 1%", (t) => {
  const store = new DenseStore(Infinity, 6);
  for (let i = binOf(Number.MIN_VALUE); i <= binOf(Number.MAX_VALUE); i++) store.add(i, 1);
  t.true(store.allocatedBins / pageBins <= 1137, String(store.allocatedBins / pageBins));
  t.true(store.countBytes <= 291_072);
});

test("DenseStore widens a page that is not the directory's first", (t) => {
  const store = new DenseStore(Infinity, 6);
  store.add(1000, 1); // page 15: the directory starts there
  store.add(3000, 0xffff_ffff); // page 46
  store.add(3000, 1);
  t.deepEqual(bins(store), [[1000, 1], [3000, 2 ** 32]]);
  t.is(store.countBytes, pageBins * 4 + pageBins * 8);
});

test("DenseStore folds into the first bin of the next page kept, wherever the directory starts", (t) => {
  const store = new DenseStore(2 * pageBins, 6);
  store.add(640, 1); // page 10
  store.add(700, 2); // page 10
  store.add(770, 1); // page 12; page 11 is empty
  store.add(900, 1); // page 14: a third page, so page 10 folds into bin 768
  t.deepEqual(bins(store), [[768, 3], [770, 1], [900, 1]]);
  t.is(store.total, 5);
  t.is(store.allocatedBins, 2 * pageBins);
});
