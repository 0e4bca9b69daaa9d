/**
 * A contiguous array of bin counts for the quantile sketch, indexed by integer bin index, that
 * collapses its lowest bins into one when the span of indices would exceed `maxBins`.
 *
 * @module
 */

export class DenseStore {
  /** `counts[i]` is the count of bin `offset + i`. */
  counts: number[] = [];
  offset = 0;
  total = 0;
  readonly maxBins: number;

  constructor(maxBins: number) {
    this.maxBins = maxBins;
  }

  add(index: number, weight: number): void {
    const counts = this.counts;
    if (counts.length === 0) {
      this.offset = index;
      counts.push(0);
    } else if (index < this.offset) {
      index = this.#extendDown(index);
    } else if (index >= this.offset + counts.length) {
      this.#extendUp(index);
    }
    this.counts[index - this.offset] += weight;
    this.total += weight;
  }

  /** Visits non-empty bins in ascending (or, with `descending`, descending) index order. */
  forEach(fn: (index: number, count: number) => boolean | void, descending = false): void {
    const n = this.counts.length;
    for (let k = 0; k < n; k++) {
      const i = descending ? n - 1 - k : k;
      const c = this.counts[i];
      if (c !== 0 && fn(this.offset + i, c) === true) return;
    }
  }

  /** Grows the array down to `index`, or as far as `maxBins` allows; returns the bin to use. */
  #extendDown(index: number): number {
    const top = this.offset + this.counts.length - 1;
    const low = Math.max(index, top - this.maxBins + 1);
    if (low < this.offset) {
      this.counts = new Array<number>(this.offset - low).fill(0).concat(this.counts);
      this.offset = low;
    }
    return Math.max(index, this.offset);
  }

  /** Grows the array up to `index`, collapsing the lowest bins if the span exceeds `maxBins`. */
  #extendUp(index: number): void {
    const low = index - this.maxBins + 1;
    if (low > this.offset) {
      const cut = Math.min(low - this.offset, this.counts.length);
      let folded = 0;
      for (let i = 0; i < cut; i++) folded += this.counts[i];
      this.counts = this.counts.slice(cut);
      if (this.counts.length === 0) this.counts.push(0);
      this.counts[0] += folded;
      this.offset = low;
    }
    const grow = index - (this.offset + this.counts.length - 1);
    for (let i = 0; i < grow; i++) this.counts.push(0);
  }
}
