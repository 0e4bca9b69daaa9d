/**
 * Alert rules over metrics: `alert({ name, metric, condition })` executes
 * `telemetry.alert.triggered` when its condition becomes true and `telemetry.alert.resolved` when
 * it clears; the log handler logs both.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@jido/telemetry";
 * import { alert } from "@jido/telemetry/alerts";
 *
 * const slow = alert({
 *   name: "slow-llm",
 *   metric: "jido_coder_lib.llm.response.duration",
 *   catalog: standardCatalog,
 *   condition: { above: 2_000 },
 * });
 * slow.stop();
 * ```
 *
 * @module
 */

export {
  type Alert,
  alert,
  type AlertCondition,
  type AlertRule,
  type AlertWindow,
} from "./alert.ts";
export type { Aggregate } from "./_window.ts";
