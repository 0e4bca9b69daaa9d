/** A bounded ring: pushing past its capacity drops the oldest item. */
export class Ring<T> {
  readonly #items: T[] = [];
  #start = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.#items.length < this.capacity) {
      this.#items.push(item);
      return;
    }
    this.#items[this.#start] = item;
    this.#start = (this.#start + 1) % this.capacity;
  }

  /** The items, oldest first. */
  toArray(): T[] {
    return this.#items.slice(this.#start).concat(this.#items.slice(0, this.#start));
  }

  get size(): number {
    return this.#items.length;
  }

  clear(): void {
    this.#items.length = 0;
    this.#start = 0;
  }
}
