/**
 * The bin counts of one sign of the quantile sketch, in dense pages: a page is allocated where a
 * value falls, so memory follows the magnitudes seen, not the span between them. A timestamp
 * among millisecond durations costs one more page; it collapses nothing.
 *
 * A directory over the span of pages seen finds a value's page in one step. Its span is at most
 * the number of pages that the indices can reach, which the sketch keeps small by its choice of
 * page size (at most 2048 pages cover every finite double).
 *
 * Pages are capped at `maxBins` rounded up to whole pages (`Infinity`, no cap, by default in the
 * sketch). Past the cap, the lowest page is folded into the first bin of the next page up, and a
 * value below every page counts in the lowest page's first bin.
 *
 * Counts are 32-bit (4 bytes a bin) until a bin of a page would pass 2^32 - 1; then that page is
 * widened to 64-bit floats, exact to 2^53.
 *
 * @module
 */

const maxUint32 = 0xffff_ffff;

type Counts = Uint32Array | Float64Array;

export class DenseStore {
  /** The bins of a page: `2^pageShift`. */
  readonly pageBins: number;
  /** The most pages kept. */
  readonly maxPages: number;
  /** The sum of every count. */
  total = 0;
  /** `#pages[k]` holds bins from `(#base + k) * pageBins`; `undefined` where no value fell. */
  #pages: (Counts | undefined)[] = [];
  #base = 0;
  #allocated = 0;
  readonly #shift: number;
  readonly #mask: number;

  /**
   * @param maxBins The cap, rounded up to whole pages; `Infinity` for none.
   * @param pageShift Pages hold `2^pageShift` bins. Bin indices must be 32-bit integers.
   */
  constructor(maxBins: number, pageShift: number) {
    this.#shift = pageShift;
    this.pageBins = 2 ** pageShift;
    this.#mask = this.pageBins - 1;
    this.maxPages = Math.ceil(maxBins / this.pageBins);
  }

  /** The bins allocated, in pages. */
  get allocatedBins(): number {
    return this.#allocated * this.pageBins;
  }

  /** The bytes the counts take: 4 a bin, 8 in a page widened past 2^32 - 1. */
  get countBytes(): number {
    let bytes = 0;
    for (const page of this.#pages) bytes += page?.byteLength ?? 0;
    return bytes;
  }

  add(index: number, weight: number): void {
    const key = index >> this.#shift;
    const page = this.#pages[key - this.#base];
    if (page !== undefined) {
      const offset = index & this.#mask;
      const c = page[offset] + weight;
      if (c <= maxUint32 || page instanceof Float64Array) page[offset] = c;
      else this.#widen(key - this.#base)[offset] = c;
      this.total += weight;
    } else {
      this.#addToNewPage(key, index, weight);
    }
  }

  /** Visits non-empty bins in ascending (or, with `descending`, descending) index order. */
  forEach(fn: (index: number, count: number) => boolean | void, descending = false): void {
    const pages = this.#pages;
    const size = this.pageBins;
    for (let k = 0; k < pages.length; k++) {
      const at = descending ? pages.length - 1 - k : k;
      const page = pages[at];
      if (page === undefined) continue;
      const first = (this.#base + at) * size;
      for (let j = 0; j < size; j++) {
        const offset = descending ? size - 1 - j : j;
        const c = page[offset];
        if (c !== 0 && fn(first + offset, c) === true) return;
      }
    }
  }

  #addToNewPage(key: number, index: number, weight: number): void {
    const full = this.#allocated >= this.maxPages;
    if (full && key < this.#base + this.#next(0)) {
      // Below every kept page: counted in the lowest bin kept.
      this.add((this.#base + this.#next(0)) * this.pageBins, weight);
      return;
    }
    this.#cover(key);
    this.#pages[key - this.#base] = new Uint32Array(this.pageBins);
    this.#allocated++;
    this.add(index, weight);
    if (full) this.#foldLowest();
  }

  /** The position of the first allocated page from `at` on. */
  #next(at: number): number {
    while (this.#pages[at] === undefined) at++;
    return at;
  }

  /** Folds the lowest page into the first bin of the next page up (there are two or more). */
  #foldLowest(): void {
    const at = this.#next(0);
    let folded = 0;
    for (const c of this.#pages[at]!) folded += c;
    this.#pages[at] = undefined;
    this.#allocated--;
    this.total -= folded;
    this.add((this.#base + this.#next(at + 1)) * this.pageBins, folded);
  }

  /** Grows the directory to cover page `key`, keeping it a packed array. */
  #cover(key: number): void {
    const pages = this.#pages;
    if (pages.length === 0) {
      this.#base = key;
      pages.push(undefined);
    } else if (key < this.#base) {
      this.#pages = [...Array<undefined>(this.#base - key).fill(undefined), ...pages];
      this.#base = key;
    } else {
      while (key >= this.#base + pages.length) pages.push(undefined);
    }
  }

  /** Widens the page at `at` to 64-bit counts; returns it. */
  #widen(at: number): Float64Array {
    const wide = Float64Array.from(this.#pages[at]!);
    this.#pages[at] = wide;
    return wide;
  }
}
