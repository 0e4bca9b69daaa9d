/**
 * A sliding window of timestamped samples in a fixed-size ring, so an alert's memory is
 * bounded however many events arrive, with every aggregate kept up to date in O(1) amortised
 * time per sample (a running sum, and monotonic queues for the minimum and maximum).
 *
 * The running sum adds each sample as it comes and subtracts it as it leaves, exactly
 * (`ExactSum`): a float sum would drift (add 1e16, 1, 1, drop 1e16: 1 instead of 2) and stay at
 * Infinity for as long as samples keep arriving once two 1e308 had overflowed it.
 *
 * @module
 */

import { ExactSum } from "../metrics/exact_sum.ts";

/** How the samples in a window become one value. */
export type Aggregate = "count" | "sum" | "mean" | "min" | "max";

/** Every {@link Aggregate}, for checking a rule: the compiler holds the keys to the type. */
const aggregateKeys: Readonly<Record<Aggregate, true>> = {
  count: true,
  sum: true,
  mean: true,
  min: true,
  max: true,
};

/** The aggregates, in the order error messages list them. */
export const aggregates = Object.keys(aggregateKeys) as readonly Aggregate[];

/** A queue of sample sequence numbers whose values only rise (min) or only fall (max). */
class MonotonicQueue {
  #seqs: number[] = [];
  #head = 0;
  private readonly keepsBefore: (older: number, newer: number) => boolean;

  constructor(keepsBefore: (older: number, newer: number) => boolean) {
    this.keepsBefore = keepsBefore;
  }

  push(seq: number, value: number, valueOf: (seq: number) => number): void {
    while (
      this.#seqs.length > this.#head && !this.keepsBefore(valueOf(this.#seqs.at(-1)!), value)
    ) {
      this.#seqs.pop();
    }
    this.#seqs.push(seq);
  }

  /** Forgets `seq` if it is at the front (the oldest sample leaving the window). */
  drop(seq: number): void {
    if (this.#head < this.#seqs.length && this.#seqs[this.#head] === seq) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#seqs.length) {
      this.#seqs = this.#seqs.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Entries the queue's array holds, the dropped ones not yet compacted away included. */
  get stored(): number {
    return this.#seqs.length;
  }

  front(): number | undefined {
    return this.#head < this.#seqs.length ? this.#seqs[this.#head] : undefined;
  }

  clear(): void {
    this.#seqs = [];
    this.#head = 0;
  }
}

/** A ring buffer of `(time, value)` samples no older than `span` milliseconds. */
export class SampleWindow {
  readonly #times: Float64Array;
  readonly #values: Float64Array;
  #first = 0;
  #next = 0;
  readonly #sum = new ExactSum();
  readonly #min = new MonotonicQueue((older, newer) => older < newer);
  readonly #max = new MonotonicQueue((older, newer) => older > newer);
  readonly #valueOf = (seq: number): number => this.#values[seq % this.#values.length];

  /**
   * @param span The window length in milliseconds (`Infinity` keeps the newest samples only).
   * @param capacity The most samples kept; older ones are dropped first.
   */
  readonly span: number;
  readonly capacity: number;

  constructor(span: number, capacity: number) {
    this.span = span;
    this.capacity = capacity;
    this.#times = new Float64Array(capacity);
    this.#values = new Float64Array(capacity);
  }

  /**
   * Entries the minimum and maximum queues' arrays hold: at most the samples kept plus about
   * 2,048 dropped ones awaiting compaction, however many samples have passed (for tests).
   */
  get queueEntries(): number {
    return this.#min.stored + this.#max.stored;
  }

  /** How many samples the window holds. */
  get size(): number {
    return this.#next - this.#first;
  }

  /** Adds a sample taken at `time`; `value` must be finite. */
  add(time: number, value: number): void {
    if (this.size === this.capacity) this.#dropOldest();
    const seq = this.#next++;
    this.#times[seq % this.capacity] = time;
    this.#values[seq % this.capacity] = value;
    this.#sum.add(value);
    this.#min.push(seq, value, this.#valueOf);
    this.#max.push(seq, value, this.#valueOf);
  }

  /** Drops samples older than the window at `now`: a sample at `t` counts while `now - t < span`. */
  expire(now: number): void {
    while (this.size > 0 && now - this.#times[this.#first % this.capacity] >= this.span) {
      this.#dropOldest();
    }
  }

  #dropOldest(): void {
    const seq = this.#first++;
    this.#sum.add(-this.#valueOf(seq));
    this.#min.drop(seq);
    this.#max.drop(seq);
    if (this.size === 0) {
      this.#sum.clear();
      this.#min.clear();
      this.#max.clear();
    }
  }

  /**
   * The samples' aggregate; `undefined` for an empty window, except `count` and `sum` (0). `sum`
   * and `mean` are the exact ones rounded once, so `mean` stays finite even when `sum` is past
   * the float range.
   */
  aggregate(kind: Aggregate): number | undefined {
    if (kind === "count") return this.size;
    if (kind === "sum") return this.#sum.value;
    if (this.size === 0) return undefined;
    if (kind === "mean") return this.#sum.mean(this.size);
    return this.#valueOf((kind === "min" ? this.#min : this.#max).front()!);
  }

  /** The newest sample's value, or `undefined`. */
  latest(): number | undefined {
    return this.size === 0 ? undefined : this.#valueOf(this.#next - 1);
  }
}
