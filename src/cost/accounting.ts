/**
 * Cost accounting on the bus: every `llm.response` priced as it arrives, executed as the
 * catalog's `llm.cost` event, and added to exact running totals.
 *
 * @module
 */

import type { Catalog, EventSpec } from "../catalog.ts";
import { describeValue } from "../metrics/options.ts";
import {
  attachMany,
  channel,
  detach,
  type EventChannel,
  type Handler,
  listHandlers,
} from "../telemetry.ts";
import { type CostTotal, Ledger, type UnpricedModel } from "./_ledger.ts";
import { costOf, type CostResult } from "./price.ts";
import { createPriceTable, type PriceTable } from "./price_table.ts";
import { eventsWithRole, isCatalog } from "./_roles.ts";

/** Options of {@link attachCostAccounting}. */
export interface CostAccountingOptions {
  /** The prices; change them at run time with `prices.set()`. @default createPriceTable() */
  readonly prices?: PriceTable;
  /** The bus handler id. @default "cost-accounting" */
  readonly id?: string;
  /**
   * The clock, in milliseconds since the epoch: the time a response is priced at, which picks
   * its dated price. @default Date.now
   */
  readonly clock?: () => number;
  /**
   * The most keys the totals keep per dimension (models, agents, sessions); later keys add to
   * one `"__overflow__"` key, so a long-lived process with many sessions keeps bounded memory.
   * @default 10000
   */
  readonly maxKeys?: number;
}

/** Attached cost accounting: its totals, readable after it is detached. */
export interface CostAccounting {
  /** The bus handler id. */
  readonly id: string;
  /** The price table in use. */
  readonly prices: PriceTable;
  /**
   * Stops pricing responses; the totals stay readable.
   * @returns `true` if it was attached, else `false`.
   */
  detach(): boolean;
  /** The cost of every response seen. */
  total(): CostTotal;
  /** The cost per model priced (the response model when the response names it). */
  byModel(): Readonly<Record<string, CostTotal>>;
  /** The cost per agent (`agent` metadata; `""` for responses without one). */
  byAgent(): Readonly<Record<string, CostTotal>>;
  /** The cost per session (`session_id` metadata; `""` for responses without one). */
  bySession(): Readonly<Record<string, CostTotal>>;
  /** The responses that could not be priced, per model, with the latest reason. */
  unpriced(): Readonly<Record<string, UnpricedModel>>;
  /** Clears every total. */
  reset(): void;
}

/** Where a response event's costs go: its `llm.cost` channel, and the fields it declares. */
interface CostEvent {
  readonly channel: EventChannel;
  readonly measurements: ReadonlySet<string>;
  readonly metadata: ReadonlySet<string>;
}

const copied = ["request_id", "session_id", "agent"] as const;

function costEvent(spec: EventSpec | undefined): CostEvent | undefined {
  if (spec === undefined) return undefined;
  return {
    channel: channel(spec.name),
    measurements: new Set(spec.measurements.map((m) => m.name)),
    metadata: new Set(spec.metadata.map((m) => m.name)),
  };
}

/** A metadata field, or `undefined` if its getter throws. */
function readSafe(metadata: object, key: string): unknown {
  try {
    return (metadata as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** A metadata string, or `undefined` if absent, not a string, or its getter throws. */
function readString(metadata: object, key: string): string | undefined {
  const value = readSafe(metadata, key);
  return typeof value === "string" ? value : undefined;
}

/** Executes the `llm.cost` event of one response, with the fields the event declares. */
function publishCost(target: CostEvent, result: CostResult, metadata: object): void {
  const measurements: Record<string, number> = {};
  if (result.priced && target.measurements.has("cost")) measurements.cost = result.cost;
  const out: Record<string, unknown> = {
    model: result.model,
    provider: result.provider,
    priced: result.priced,
    source: "local",
  };
  if (result.priced) {
    out.amount = result.amount;
    out.currency = result.currency;
    out.price_date = result.entry.effective;
  } else out.reason = result.reason;
  for (const key of copied) {
    const value = readString(metadata, key);
    if (value !== undefined) out[key] = value;
  }
  const declared: Record<string, unknown> = {};
  for (const key of Object.keys(out)) if (target.metadata.has(key)) declared[key] = out[key];
  target.channel.publish(measurements, declared);
}

function checkOptions(options: CostAccountingOptions): void {
  const bad = (option: string, expected: string, value: unknown): never => {
    throw new TypeError(
      `Invalid option ${option} for attachCostAccounting(): expected ${expected}, got ${
        describeValue(value)
      }`,
    );
  };
  const { prices, id, clock, maxKeys } = options;
  if (prices !== undefined && typeof prices?.lookup !== "function") {
    bad("prices", "a price table from createPriceTable()", prices);
  }
  if (id !== undefined && (typeof id !== "string" || id === "")) bad("id", "a string", id);
  if (clock !== undefined && typeof clock !== "function") bad("clock", "a function", clock);
  if (
    maxKeys !== undefined &&
    !(maxKeys === Infinity || (Number.isSafeInteger(maxKeys) && maxKeys > 0))
  ) bad("maxKeys", "a positive integer or Infinity", maxKeys);
}

/**
 * Attaches cost accounting to the catalog's `llm.response` events (found by role, under any app
 * name): each response is priced at the table's price for its model (`response_model` when
 * given, else `model`) at the clock's time, added to exact running totals, and executed as the
 * catalog's `llm.cost` event (the one under the same app, else the first): measurement `cost`
 * (US dollars, absent when unpriced); metadata `model`, `provider`, `priced`, `amount` (the
 * exact decimal string), `currency` (`"USD"`), `source` (`"local"`), `price_date`, and
 * `request_id`, `session_id`, `agent` copied from the response, each only if the cost event
 * declares it. A model the table does not have, or inconsistent usage, is `priced: false` with
 * no cost: unknown, never zero. Pricing never throws into the emitter.
 *
 * @param catalog The catalog with the `llm.response` (and `llm.cost`) events.
 * @param options The prices, handler id, clock and key cap.
 * @returns The attached accounting, with its totals.
 * @throws {TypeError} If the catalog or an option is invalid.
 * @throws {Error} If the catalog has no `llm.response` event.
 * @throws {TelemetryError} With code `"already_exists"` if the handler id is taken.
 * @example
 * ```ts
 * import { attach, emitLlmResponse, standardCatalog } from "@jido/telemetry";
 * import { attachCostAccounting } from "@jido/telemetry/cost";
 *
 * const costs = attachCostAccounting(standardCatalog);
 * attach("print-cost", ["jido_coder_lib", "llm", "cost"], (_e, m, md) => {
 *   console.log(md.amount, m.cost);
 * });
 * emitLlmResponse({ duration: 900, input_tokens: 2_000, output_tokens: 100 }, {
 *   model: "gpt-4o",
 *   response_model: "gpt-4o-2024-08-06",
 *   provider: "openai",
 *   finish_reason: "stop",
 * }); // prints 0.006 0.006 (2,000 × $2.50 + 100 × $10 per million)
 * console.log(costs.total()); // { amount: "0.006", cost: 0.006, responses: 1, unpriced: 0 }
 * costs.detach();
 * ```
 */
export function attachCostAccounting(
  catalog: Catalog,
  options: CostAccountingOptions = {},
): CostAccounting {
  if (!isCatalog(catalog)) {
    throw new TypeError(
      `attachCostAccounting() needs a catalog: your generated catalog, or standardCatalog; got ${
        describeValue(catalog)
      }`,
    );
  }
  checkOptions(options ?? {});
  const responses = eventsWithRole(catalog, "llm.response");
  if (responses.length === 0) {
    throw new Error(
      "attachCostAccounting() found no llm.response event in the catalog (an event named " +
        '[<app>, "llm", "response"])',
    );
  }
  const costs = eventsWithRole(catalog, "llm.cost");
  const targets = new Map<string, CostEvent | undefined>();
  for (const response of responses) {
    const own = costs.find((c) => c.name[0] === response.name[0]) ?? costs[0];
    targets.set(response.name.join("\u0000"), costEvent(own));
  }
  const id = options?.id ?? "cost-accounting";
  const prices = options?.prices ?? createPriceTable();
  const clock = options?.clock ?? Date.now;
  const ledger = new Ledger(options?.maxKeys ?? 10_000);

  const only = targets.size === 1 ? targets.values().next().value : undefined;
  const handler: Handler = (eventName, measurements, metadata) => {
    const md: object = typeof metadata === "object" && metadata !== null ? metadata : {};
    let at = NaN;
    try {
      at = clock();
    } catch {
      // A broken clock must not lose the response: it is priced at the system time.
    }
    if (typeof at !== "number" || !Number.isFinite(at)) at = Date.now();
    let model: unknown = readString(md, "response_model");
    if (model === undefined || model === "") model = readSafe(md, "model");
    const provider = readSafe(md, "provider");
    const { result, pico } = costOf(measurements, provider, model, prices, at, false);
    const agent = readString(md, "agent") ?? "";
    const session = readString(md, "session_id") ?? "";
    ledger.add(pico, result.priced ? "" : result.reason, result.model, agent, session);
    const target = only ?? targets.get(eventName.join("\u0000"));
    if (target !== undefined && target.channel.hasSubscribers) publishCost(target, result, md);
  };
  attachMany(id, responses.map((r) => r.name), handler);
  // Detaches this handler only: after the bus detached it, the id may be another's.
  const attached = () =>
    listHandlers(responses[0].name).some((h) => h.id === id && h.handler === handler);

  return {
    id,
    prices,
    detach: () => attached() && detach(id),
    total: () => ledger.total(),
    byModel: () => ledger.byModel(),
    byAgent: () => ledger.byAgent(),
    bySession: () => ledger.bySession(),
    unpriced: () => ledger.unpriced(),
    reset: () => ledger.reset(),
  };
}
