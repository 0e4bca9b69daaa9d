/**
 * Alerts to Alertmanager: the alert rules of `@jido/telemetry/alerts` notify an Alertmanager
 * through its v2 API, firing alerts re-sent while active and resolved ones sent with their end.
 *
 * @example
 * ```ts
 * import { createAlertmanagerNotifier } from "@jido/telemetry/alertmanager";
 *
 * const notifier = createAlertmanagerNotifier({
 *   url: "http://127.0.0.1:9093",
 *   labels: { service: "coder" },
 * });
 * // ... alert rules fire and resolve ...
 * notifier.stop();
 * ```
 *
 * @module
 */

export {
  type AlertmanagerNotifier,
  type AlertmanagerOptions,
  type AlertmanagerStats,
  createAlertmanagerNotifier,
  type PostableAlert,
} from "./notifier.ts";
