/**
 * The bin counts of one sign of the quantile sketch: a typed array over the span of bin indices
 * seen so far, allocated on the first value and grown in chunks of {@link chunk} bins as the span
 * widens. The span is capped at `maxBins`: past it, the lowest bins are collapsed into the lowest
 * kept one.
 *
 * Counts are 32-bit (4 bytes a bin) until a bin would pass 2^32 - 1; then the array is widened to
 * 64-bit floats, exact to 2^53.
 *
 * @module
 */

/** The growth step and headroom of the array, in bins. */
export const chunk = 16;

const maxUint32 = 0xffff_ffff;
/** The shared array of an empty store, never written: an unused sign costs nothing. */
const none = new Uint32Array(0);

export class DenseStore {
  readonly maxBins: number;
  /** The sum of every count. */
  total = 0;
  /** `#counts[i]` is the count of bin `#base + i`; every non-zero bin is in `[#min, #max]`. */
  #counts: Uint32Array | Float64Array = none;
  #base = 0;
  #min = 0;
  #max = 0;

  constructor(maxBins: number) {
    this.maxBins = maxBins;
  }

  /** The length of the counts array, in bins: at most `maxBins` rounded up to a chunk, plus two. */
  get allocatedBins(): number {
    return this.#counts.length;
  }

  /** The bytes a bin takes: 4, or 8 once a count has passed 2^32 - 1. */
  get bytesPerBin(): number {
    return this.#counts.BYTES_PER_ELEMENT;
  }

  add(index: number, weight: number): void {
    if (this.total === 0) {
      this.#min = this.#max = index;
    } else if (index > this.#max) {
      this.#max = index;
      const low = index - this.maxBins + 1;
      if (low > this.#min) this.#collapseBelow(low);
    } else if (index < this.#min) {
      index = Math.max(index, this.#max - this.maxBins + 1);
      this.#min = index;
    }
    this.#addAt(index, weight);
    this.total += weight;
  }

  /** Visits non-empty bins in ascending (or, with `descending`, descending) index order. */
  forEach(fn: (index: number, count: number) => boolean | void, descending = false): void {
    const counts = this.#counts;
    const n = counts.length;
    for (let k = 0; k < n; k++) {
      const i = descending ? n - 1 - k : k;
      const c = counts[i];
      if (c !== 0 && fn(this.#base + i, c) === true) return;
    }
  }

  /** Adds to a bin of `[#min, #max]`, first growing or widening the array if need be. */
  #addAt(index: number, weight: number): void {
    if (index < this.#base || index >= this.#base + this.#counts.length) this.#cover();
    const i = index - this.#base;
    const c = this.#counts[i] + weight;
    if (c > maxUint32 && this.#counts instanceof Uint32Array) {
      this.#counts = Float64Array.from(this.#counts);
    }
    this.#counts[i] = c;
  }

  /** Folds the counts of the bins below `low` into bin `low`, which becomes the lowest. */
  #collapseBelow(low: number): void {
    const counts = this.#counts;
    const from = Math.max(this.#min - this.#base, 0);
    const to = Math.min(low - this.#base, counts.length);
    let folded = 0;
    for (let i = from; i < to; i++) {
      folded += counts[i];
      counts[i] = 0;
    }
    this.#min = low;
    if (folded !== 0) this.#addAt(low, folded);
  }

  /**
   * Moves or grows the array to cover `[#min, #max]` with up to a chunk of headroom each side,
   * keeping its counts. Bins outside the range are zero, so nothing is lost.
   */
  #cover(): void {
    const span = this.#max - this.#min + 1;
    const length = Math.ceil(span / chunk) * chunk + chunk;
    const base = this.#min - Math.floor((length - span) / 2);
    const old = this.#counts;
    const shift = this.#base - base; // where old[0] lands in the new array
    if (length === old.length) {
      if (shift > 0) {
        old.copyWithin(shift, 0, length - shift);
        old.fill(0, 0, Math.min(shift, length));
      } else if (shift < 0) {
        old.copyWithin(0, -shift);
        old.fill(0, Math.max(length + shift, 0));
      }
    } else {
      const next = old instanceof Float64Array ? new Float64Array(length) : new Uint32Array(length);
      const from = Math.max(-shift, 0);
      const to = Math.min(old.length, length - shift);
      if (from < to) next.set(old.subarray(from, to), from + shift);
      this.#counts = next;
    }
    this.#base = base;
  }
}
