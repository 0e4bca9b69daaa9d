/**
 * In-process LLM cost accounting: a price table per provider and model (a default one, dated and
 * sourced, that you override or extend), provider usage normalised so a cached prompt is priced
 * once, exact decimal arithmetic (integers, never floats), `llm.cost` events and running totals
 * from the `llm.response` events, and metric definitions over the costs.
 *
 * Files: `price_entry.ts` (the data's shape), `default_prices.ts` (the default table),
 * `price_table.ts` (lookup and overrides; `_model_names.ts` the snapshot-name rule,
 * `_validate.ts` the checks), `usage.ts` (providers' usage into the catalog's convention),
 * `price.ts` (one response's invoice; `_decimal.ts` the exact money), `accounting.ts` (the bus
 * handler; `_ledger.ts` the exact totals), `definitions.ts` (the metrics); `_roles.ts` finds the
 * `llm.response` and `llm.cost` events by role under any app name.
 *
 * @example
 * ```ts
 * import { emitLlmResponse, standardCatalog } from "@jido/telemetry";
 * import { attachCostAccounting, createPriceTable } from "@jido/telemetry/cost";
 *
 * const costs = attachCostAccounting(standardCatalog, {
 *   prices: createPriceTable([{
 *     provider: "acme",
 *     model: "acme-large",
 *     effective: "2025-01-01",
 *     source: "https://acme.example/pricing",
 *     input: "1.00",
 *     output: "4.00",
 *   }]),
 * });
 * emitLlmResponse({ duration: 1200, input_tokens: 1_000, output_tokens: 250 }, {
 *   model: "acme-large",
 *   provider: "acme",
 *   finish_reason: "stop",
 *   agent: "coder",
 * });
 * console.log(costs.byAgent().coder.amount); // "0.002" (1,000 × $1 + 250 × $4 per million)
 * costs.detach();
 * ```
 *
 * @module
 */

export {
  attachCostAccounting,
  type CostAccounting,
  type CostAccountingOptions,
} from "./accounting.ts";
export type { CostTotal, UnpricedModel } from "./_ledger.ts";
export { costDefinitions, type CostDefinitionsOptions } from "./definitions.ts";
export { defaultPrices } from "./default_prices.ts";
export {
  type CostResult,
  type InvoiceLine,
  type LineKind,
  type PricedCost,
  priceUsage,
  type PriceUsageOptions,
  type UnpricedCost,
} from "./price.ts";
export type { LongContextPrices, PriceEntry, PriceList, TokenPrices } from "./price_entry.ts";
export { createPriceTable, type PriceTable, type PriceTableOptions } from "./price_table.ts";
export { normalizeUsage, type TokenUsage, type UsageResult } from "./usage.ts";
