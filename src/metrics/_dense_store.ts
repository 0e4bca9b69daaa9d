/**
 * The bin counts of one sign of the quantile sketch, in dense pages of {@link pageBins} bins:
 * a page is allocated where a value falls, so memory follows the magnitudes seen, not the span
 * between them. A timestamp among millisecond durations costs one more page; it collapses
 * nothing.
 *
 * Pages are capped at `maxBins` rounded up to whole pages (`Infinity`, no cap, by default in
 * the sketch). Past the cap, the lowest page is folded into the first bin of the next page up
 * (and a value below every page counts in the lowest page's first bin).
 *
 * Counts are 32-bit (4 bytes a bin) until a bin of a page would pass 2^32 - 1; then that page is
 * widened to 64-bit floats, exact to 2^53.
 *
 * @module
 */

/** The bins of a page. */
export const pageBins = 64;

const maxUint32 = 0xffff_ffff;

type Counts = Uint32Array | Float64Array;

export class DenseStore {
  /** The most pages kept. */
  readonly maxPages: number;
  /** The sum of every count. */
  total = 0;
  /** Page numbers, ascending; bin `#keys[k] * pageBins + j` is counted in `#pages[k][j]`. */
  #keys: number[] = [];
  #pages: Counts[] = [];
  /** The position of the page used last, which the next value most likely falls in. */
  #last = 0;

  constructor(maxBins: number) {
    this.maxPages = Math.ceil(maxBins / pageBins);
  }

  /** The bins allocated: {@link pageBins} a page. */
  get allocatedBins(): number {
    return this.#pages.length * pageBins;
  }

  /** The bytes the counts take: 4 a bin, 8 in a page widened past 2^32 - 1. */
  get countBytes(): number {
    let bytes = 0;
    for (const page of this.#pages) bytes += page.byteLength;
    return bytes;
  }

  add(index: number, weight: number): void {
    const key = Math.floor(index / pageBins);
    let at = this.#last;
    if (this.#keys[at] !== key) at = this.#locate(key);
    if (this.#keys[at] !== key) {
      let folded = 0;
      if (this.#pages.length >= this.maxPages) {
        if (at === 0) {
          // Below every kept page: counted in the lowest bin kept.
          this.#last = 0;
          this.#bump(0, 0, weight);
          return;
        }
        // Fold the lowest page into the first bin of the lowest one kept.
        for (const c of this.#pages[0]) folded += c;
        this.#keys.shift();
        this.#pages.shift();
        this.total -= folded;
        at--;
      }
      this.#keys.splice(at, 0, key);
      this.#pages.splice(at, 0, new Uint32Array(pageBins));
      if (folded !== 0) this.#bump(0, 0, folded);
    }
    this.#last = at;
    this.#bump(at, index - key * pageBins, weight);
  }

  /** Visits non-empty bins in ascending (or, with `descending`, descending) index order. */
  forEach(fn: (index: number, count: number) => boolean | void, descending = false): void {
    const n = this.#pages.length;
    for (let k = 0; k < n; k++) {
      const at = descending ? n - 1 - k : k;
      const page = this.#pages[at];
      const first = this.#keys[at] * pageBins;
      for (let j = 0; j < pageBins; j++) {
        const offset = descending ? pageBins - 1 - j : j;
        const c = page[offset];
        if (c !== 0 && fn(first + offset, c) === true) return;
      }
    }
  }

  /** The position of page `key`, or where it would be inserted. */
  #locate(key: number): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #bump(at: number, offset: number, weight: number): void {
    const page = this.#pages[at];
    const c = page[offset] + weight;
    if (c > maxUint32 && page instanceof Uint32Array) {
      (this.#pages[at] = Float64Array.from(page))[offset] = c;
    } else {
      page[offset] = c;
    }
    this.total += weight;
  }
}
