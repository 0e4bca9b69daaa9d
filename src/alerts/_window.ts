/**
 * A sliding window of timestamped samples in a fixed-size ring, so an alert's memory is
 * bounded however many events arrive.
 *
 * @module
 */

/** How the samples in a window become one value. */
export type Aggregate = "count" | "sum" | "mean" | "min" | "max";

/** A ring buffer of `(time, value)` samples no older than `span` milliseconds. */
export class SampleWindow {
  readonly #times: Float64Array;
  readonly #values: Float64Array;
  #start = 0;
  #size = 0;

  /**
   * @param span The window length in milliseconds (`Infinity` keeps the newest samples only).
   * @param capacity The most samples kept; older ones are dropped first.
   */
  constructor(readonly span: number, capacity: number) {
    this.#times = new Float64Array(capacity);
    this.#values = new Float64Array(capacity);
  }

  /** Adds a sample taken at `time`. */
  add(time: number, value: number): void {
    const capacity = this.#times.length;
    const at = (this.#start + this.#size) % capacity;
    this.#times[at] = time;
    this.#values[at] = value;
    if (this.#size < capacity) this.#size++;
    else this.#start = (this.#start + 1) % capacity;
  }

  /** Drops samples older than the window at `now`: a sample at `t` counts while `now - t < span`. */
  expire(now: number): void {
    const capacity = this.#times.length;
    while (this.#size > 0 && now - this.#times[this.#start] >= this.span) {
      this.#start = (this.#start + 1) % capacity;
      this.#size--;
    }
  }

  /** The samples' aggregate; `undefined` for an empty window, except `count` and `sum` (0). */
  aggregate(kind: Aggregate): number | undefined {
    if (kind === "count") return this.#size;
    if (this.#size === 0) return kind === "sum" ? 0 : undefined;
    const capacity = this.#times.length;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < this.#size; i++) {
      const v = this.#values[(this.#start + i) % capacity];
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (kind === "sum") return sum;
    if (kind === "mean") return sum / this.#size;
    return kind === "min" ? min : max;
  }

  /** The newest sample's value, or `undefined`. */
  latest(): number | undefined {
    if (this.#size === 0) return undefined;
    return this.#values[(this.#start + this.#size - 1) % this.#times.length];
  }
}
