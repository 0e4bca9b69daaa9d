/**
 * The exposition row: rendering 1,000 series (500 counter series and 500 histogram series with
 * 10 buckets, two tags each) as Prometheus text, against prom-client's `registry.metrics()` for
 * the same series.
 *
 * @module
 */

import { Counter, Histogram, Registry } from "prom-client";
import { execute, standardCatalog } from "../../mod.ts";
import { counter, distribution } from "../../src/metrics/mod.ts";
import { createPrometheusReporter, type PrometheusReporter } from "../../src/prometheus/mod.ts";
import type { Case } from "../harness.ts";

const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const models = Array.from({ length: 20 }, (_, i) => `model-${i}`);
const routes = Array.from({ length: 25 }, (_, i) => `/route/${i}`);
const event = ["bench", "request", "done"];

let ours: PrometheusReporter;
let registry: Registry;

/** The sample lines of an exposition, each as `name{sorted labels} value`, sorted. */
function samples(text: string): string[] {
  return text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).map((line) => {
    const m = /^([^{ ]+)(?:\{(.*)\})? (.+)$/.exec(line)!;
    const labels = (m[2] ?? "").split(/,(?=[a-z_]+=")/).filter(Boolean).sort().join(",");
    return `${m[1]}{${labels}} ${Number(m[3])}`;
  }).sort();
}

/** Same series and value; sums may differ in the last bits (ours is exact, prom-client adds). */
function sameSample(x: string, y: string): boolean {
  const [sx, vx] = [x.slice(0, x.lastIndexOf(" ")), Number(x.slice(x.lastIndexOf(" ") + 1))];
  const [sy, vy] = [y.slice(0, y.lastIndexOf(" ")), Number(y.slice(y.lastIndexOf(" ") + 1))];
  return sx === sy && Math.abs(vx - vy) <= 1e-12 * Math.max(1, Math.abs(vx));
}

/** The exposition rows. */
export const prometheusCases: readonly Case[] = [
  {
    name: "Prometheus text, 1,000 series",
    peer: "prom-client registry.metrics()",
    target: { ratio: 0.1 },
    async: true,
    setup: () => {
      ours = createPrometheusReporter({
        catalog: standardCatalog,
        allowExternalEvents: true,
        metrics: [
          counter("bench.requests.count", {
            event,
            tags: ["model", "route"],
            description: "Requests",
          }),
          distribution("bench.request.duration", {
            event,
            measurement: "duration",
            unit: "second",
            buckets,
            tags: ["model", "route"],
            description: "Request duration",
          }),
        ],
      });
      registry = new Registry();
      const requests = new Counter({
        name: "bench_requests_total",
        help: "Requests",
        labelNames: ["model", "route"],
        registers: [registry],
      });
      const duration = new Histogram({
        name: "bench_request_duration_seconds",
        help: "Request duration",
        labelNames: ["model", "route"],
        buckets,
        registers: [registry],
      });
      let i = 0;
      for (const model of models) {
        for (const route of routes) {
          for (let k = 0; k < 3; k++) {
            const seconds = ((i++ * 7919) % 6000) / 1000;
            execute(event, { duration: seconds }, { model, route });
            requests.inc({ model, route });
            duration.observe({ model, route }, seconds);
          }
        }
      }
    },
    teardown: () => void ours.detach(),
    check: async () => {
      const a = samples(ours.scrape());
      const b = samples(await registry.metrics());
      if (a.length !== b.length || a.some((line, k) => !sameSample(line, b[k]))) {
        const k = a.findIndex((line, j) => !sameSample(line, b[j]));
        throw new Error(`Unequal work: ${a.length} vs ${b.length} samples:\n${a[k]}\n${b[k]}`);
      }
      return `${a.length} sample lines each: the same series and values`;
    },
    ours: () => Promise.resolve(ours.scrape()),
    theirs: () => registry.metrics(),
  },
];
