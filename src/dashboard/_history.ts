import type { Catalog } from "../catalog.ts";
import type { MetricSnapshot, SeriesValue } from "../metrics/mod.ts";
import { Ring } from "./_ring.ts";
import type { DashboardMetric, DashboardSeries } from "./snapshot.ts";

/** A series' identity within its metric: its tags as JSON, keys sorted. */
export function seriesKey(tags: Readonly<Record<string, string>>): string {
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(tags).sort()) sorted[k] = tags[k];
  return JSON.stringify(sorted);
}

function point(time: number, value: SeriesValue): number[] {
  if (typeof value === "number") return [time, value];
  if ("quantiles" in value) {
    return [time, value.quantiles.p50, value.quantiles.p95, value.quantiles.p99];
  }
  return [time, value.count];
}

/** Groups metrics by component: the second segment of the event they are defined on. */
export class Components {
  readonly #events: readonly { readonly key: string; readonly component: string }[];
  readonly #order = new Map<string, number>();

  constructor(catalog: Catalog | undefined) {
    const events = (catalog?.events ?? []).map((e) => ({
      key: e.key + ".",
      component: e.name[1] ?? e.name[0],
    }));
    // The longest key first: "a.b.c." before "a.b." for a metric "a.b.c.count".
    this.#events = events.slice().sort((x, y) => y.key.length - x.key.length);
    for (const e of events) {
      if (!this.#order.has(e.component)) this.#order.set(e.component, this.#order.size);
    }
  }

  of(metric: string): string {
    const found = this.#events.find((e) => metric.startsWith(e.key));
    return found?.component ?? metric.split(".")[1] ?? metric;
  }

  /** Metrics ordered by component (catalog order, then the others by name), then by name. */
  sort(metrics: DashboardMetric[]): DashboardMetric[] {
    const rank = (c: string) => this.#order.get(c) ?? this.#order.size;
    return metrics.sort((a, b) =>
      rank(a.component) - rank(b.component) ||
      (a.component < b.component ? -1 : a.component > b.component ? 1 : 0) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
    );
  }
}

/** Each series' recent samples, in a bounded ring; series gone from a sample are forgotten. */
export class History {
  readonly #rings = new Map<string, Ring<number[]>>();

  constructor(readonly capacity: number, readonly components: Components) {}

  record(time: number, metrics: readonly MetricSnapshot[]): void {
    const seen = new Set<string>();
    for (const m of metrics) {
      for (const s of m.series) {
        const key = m.name + "\0" + seriesKey(s.tags);
        seen.add(key);
        let ring = this.#rings.get(key);
        if (ring === undefined) this.#rings.set(key, ring = new Ring(this.capacity));
        ring.push(point(time, s.value));
      }
    }
    for (const key of this.#rings.keys()) if (!seen.has(key)) this.#rings.delete(key);
  }

  view(metrics: readonly MetricSnapshot[], withPoints: boolean): DashboardMetric[] {
    const out = metrics.map((m): DashboardMetric => ({
      name: m.name,
      kind: m.kind,
      unit: m.unit,
      description: m.description,
      component: this.components.of(m.name),
      tags: m.tags,
      series: m.series.map((s): DashboardSeries => {
        const key = seriesKey(s.tags);
        if (!withPoints) return { key, tags: s.tags, value: s.value };
        const points = this.#rings.get(m.name + "\0" + key)?.toArray() ?? [];
        return { key, tags: s.tags, value: s.value, points };
      }),
    }));
    return this.components.sort(out);
  }

  clear(): void {
    this.#rings.clear();
  }
}
