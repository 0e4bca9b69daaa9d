import { ALERT_RESOLVED, ALERT_TRIGGERED } from "../library_events.ts";
import { attachMany, detach, type Measurements, type Metadata } from "../telemetry.ts";
import { Ring } from "./_ring.ts";
import type { DashboardAlert } from "./snapshot.ts";

let next = 0;

function labelsOf(value: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  if (typeof value !== "object" || value === null) return out;
  for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}

function num(value: unknown): number {
  return typeof value === "number" ? value : NaN;
}

/** Listens to the alert events: the active alerts, and the latest events. */
export class AlertBoard {
  readonly #active = new Map<string, DashboardAlert>();
  readonly #recent: Ring<DashboardAlert>;
  readonly #id = `@jido/telemetry/dashboard#alerts-${++next}`;

  constructor(size: number, clock: () => number) {
    this.#recent = new Ring(size);
    attachMany(
      this.#id,
      [ALERT_TRIGGERED, ALERT_RESOLVED],
      (event, m: Measurements, md: Metadata) => {
        const labels = labelsOf(md.labels);
        const alert: DashboardAlert = Object.freeze({
          rule: String(md.rule ?? ""),
          metric: String(md.metric ?? ""),
          condition: String(md.condition ?? ""),
          severity: md.severity === undefined ? "" : String(md.severity),
          labels,
          state: event[2] === "triggered" ? "active" : "resolved",
          value: num(m.value),
          threshold: num(m.threshold),
          time: clock(),
        });
        const key = JSON.stringify([alert.rule, labels]);
        if (alert.state === "active") this.#active.set(key, alert);
        else this.#active.delete(key);
        this.#recent.push(alert);
      },
    );
  }

  active(): DashboardAlert[] {
    return [...this.#active.values()];
  }

  recent(): DashboardAlert[] {
    return this.#recent.toArray().reverse();
  }

  close(): void {
    detach(this.#id);
  }
}
