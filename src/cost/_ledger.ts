/**
 * Running cost totals kept in pico-dollars (BigInt), so a sum over any number of responses is
 * exact: a million responses of $0.000001 make exactly $1.00.
 *
 * @module
 */

import { defineOwn } from "../objects.ts";
import { amountToNumber, formatAmount } from "./_decimal.ts";

/** The key that holds every key past a dimension's cap. */
export const overflowKey = "__overflow__";

/** The cost of a set of responses. */
export interface CostTotal {
  /** The exact sum of the priced responses' amounts in US dollars, e.g. `"1.00"`. */
  readonly amount: string;
  /** The sum as the nearest double (rounded once from the exact sum). */
  readonly cost: number;
  /** How many responses were priced. */
  readonly responses: number;
  /**
   * How many responses could not be priced: when not zero, the true cost is higher than
   * `amount` by an unknown sum.
   */
  readonly unpriced: number;
}

/** The responses of one model that could not be priced. */
export interface UnpricedModel {
  /** How many. */
  readonly count: number;
  /** Why the latest one could not be priced. */
  readonly reason: string;
}

interface Bucket {
  pico: bigint;
  responses: number;
  unpriced: number;
}

function total(b: Bucket): CostTotal {
  return {
    amount: formatAmount(b.pico),
    cost: amountToNumber(b.pico),
    responses: b.responses,
    unpriced: b.unpriced,
  };
}

/** A map of at most `max` keys; later keys share {@link overflowKey}. */
class Capped<V> {
  readonly map = new Map<string, V>();
  constructor(readonly max: number, readonly make: () => V) {}

  get(key: string): V {
    let value = this.map.get(key);
    if (value !== undefined) return value;
    if (this.map.size >= this.max) key = overflowKey;
    value = this.map.get(key);
    if (value === undefined) this.map.set(key, value = this.make());
    return value;
  }

  record<T>(view: (value: V) => T): Readonly<Record<string, T>> {
    const out: Record<string, T> = {};
    for (const [key, value] of this.map) defineOwn(out, key, view(value));
    return out;
  }
}

const bucket = (): Bucket => ({ pico: 0n, responses: 0, unpriced: 0 });

/** The totals: overall, per model, agent and session, and the unpriced responses per model. */
export class Ledger {
  #total = bucket();
  #byModel: Capped<Bucket>;
  #byAgent: Capped<Bucket>;
  #bySession: Capped<Bucket>;
  #unpriced: Capped<{ count: number; reason: string }>;

  constructor(readonly maxKeys: number) {
    this.#byModel = new Capped(maxKeys, bucket);
    this.#byAgent = new Capped(maxKeys, bucket);
    this.#bySession = new Capped(maxKeys, bucket);
    this.#unpriced = new Capped(maxKeys, () => ({ count: 0, reason: "" }));
  }

  /** Adds one response: priced with its exact amount, or unpriced with the reason. */
  add(pico: bigint | undefined, reason: string, model: string, agent: string, session: string) {
    const buckets = [
      this.#total,
      this.#byModel.get(model),
      this.#byAgent.get(agent),
      this.#bySession.get(session),
    ];
    for (const b of buckets) {
      if (pico === undefined) b.unpriced++;
      else {
        b.pico += pico;
        b.responses++;
      }
    }
    if (pico === undefined) {
      const u = this.#unpriced.get(model);
      u.count++;
      u.reason = reason;
    }
  }

  total(): CostTotal {
    return total(this.#total);
  }

  byModel(): Readonly<Record<string, CostTotal>> {
    return this.#byModel.record(total);
  }

  byAgent(): Readonly<Record<string, CostTotal>> {
    return this.#byAgent.record(total);
  }

  bySession(): Readonly<Record<string, CostTotal>> {
    return this.#bySession.record(total);
  }

  unpriced(): Readonly<Record<string, UnpricedModel>> {
    return this.#unpriced.record((u) => ({ count: u.count, reason: u.reason }));
  }

  reset(): void {
    this.#total = bucket();
    for (const c of [this.#byModel, this.#byAgent, this.#bySession, this.#unpriced]) c.map.clear();
  }
}
