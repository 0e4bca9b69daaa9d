import test from "ava";
import fc from "fast-check";
import { DenseStore } from "../../src/metrics/_dense_store.ts";

function bins(store: DenseStore): [number, number][] {
  const out: [number, number][] = [];
  store.forEach((i, c) => void out.push([i, c]));
  return out;
}

test("DenseStore allocates nothing until the first value", (t) => {
  const store = new DenseStore(1024);
  t.is(store.allocatedBins, 0);
  t.deepEqual(bins(store), []);
});

test("DenseStore allocates bins over the span of indices seen, 16 at a time", (t) => {
  const store = new DenseStore(1024);
  store.add(0, 1);
  t.is(store.allocatedBins, 32);
  store.add(-3, 1);
  store.add(10, 1);
  t.is(store.allocatedBins, 32);
  store.add(100, 2);
  t.is(store.allocatedBins, 128);
  t.deepEqual(bins(store), [[-3, 1], [0, 1], [10, 1], [100, 2]]);
  t.is(store.total, 5);
});

test("DenseStore never allocates more than maxBins plus 16 bins, however far values spread", (t) => {
  const store = new DenseStore(1024);
  for (let i = -5000; i <= 5000; i += 7) store.add(i, 1);
  for (let i = 5000; i >= -5000; i -= 3) store.add(i, 1);
  t.is(store.allocatedBins, 1040);
});

test("DenseStore folds the bins below a span of maxBins into the lowest kept bin", (t) => {
  const store = new DenseStore(4);
  store.add(1, 1);
  store.add(2, 2);
  store.add(3, 3);
  store.add(6, 1);
  t.deepEqual(bins(store), [[3, 6], [6, 1]]);
  store.add(0, 5);
  t.deepEqual(bins(store), [[3, 11], [6, 1]]);
  t.is(store.total, 12);
});

test("DenseStore keeps every count, whatever the order of indices", (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: -300, max: 300 }), fc.integer({ min: 1, max: 5 }))),
      (adds) => {
        const store = new DenseStore(1024);
        const want = new Map<number, number>();
        for (const [i, w] of adds) {
          store.add(i, w);
          want.set(i, (want.get(i) ?? 0) + w);
        }
        t.deepEqual(bins(store), [...want].sort(([a], [b]) => a - b));
        t.true(store.allocatedBins <= 1040);
      },
    ),
  );
});

test("DenseStore widens its counts to 64 bits rather than wrap past 2^32 - 1", (t) => {
  const store = new DenseStore(1024);
  store.add(7, 0xffff_ffff);
  t.is(store.bytesPerBin, 4);
  store.add(7, 1);
  store.add(8, 2 ** 40);
  t.is(store.bytesPerBin, 8);
  t.deepEqual(bins(store), [[7, 2 ** 32], [8, 2 ** 40]]);
});
