/**
 * The metrics rows against the OpenTelemetry metrics SDK: an event recorded by the metrics
 * handler against a counter's `add()` and a histogram's `record()` with the same attribute, read
 * back through a `MetricReader`'s `collect()` for the equal-work check.
 *
 * @module
 */

import type { Attributes, Counter, Histogram } from "@opentelemetry/api";
import {
  type DataPoint,
  type Histogram as HistogramPoint,
  MeterProvider,
  MetricReader,
} from "@opentelemetry/sdk-metrics";
import { detachMetricsHandler, emitLlmResponse, getMetrics } from "../../mod.ts";
import type { DistributionValue } from "../../src/metrics/mod.ts";
import { type Case, same } from "../harness.ts";
import { attachByModel, both, durationBuckets, llm, llmKey } from "./data.ts";

/** A reader that exports nowhere: the check collects from it on demand. */
class Reader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let reader: Reader;
let provider: MeterProvider;
let otelCounter: Counter<Attributes>;
let otelHistogram: Histogram<Attributes>;

function startOtel(): ReturnType<MeterProvider["getMeter"]> {
  reader = new Reader();
  provider = new MeterProvider({ readers: [reader] });
  return provider.getMeter("bench");
}

/** The data points of the reader's only metric, by model. */
async function otelPoints<T>(): Promise<Record<string, T>> {
  const { resourceMetrics } = await reader.collect();
  const points = resourceMetrics.scopeMetrics[0].metrics[0].dataPoints as DataPoint<T>[];
  return Object.fromEntries(points.map((p) => [String(p.attributes.model), p.value]));
}

/** Our series of one metric, by model. */
function ourSeries<T>(name: string): Record<string, T> {
  const metric = getMetrics().find((s) => s.name === name);
  return Object.fromEntries(
    (metric?.series ?? []).map((s) => [String(s.tags.model), s.value as T]),
  );
}

/** The OpenTelemetry SDK rows. */
export const otelCases: readonly Case[] = [
  {
    name: "event -> counter with one tag (OpenTelemetry)",
    peer: "OpenTelemetry SDK Counter.add",
    target: { ratio: 0.35 },
    setup: () => {
      attachByModel("counter");
      otelCounter = startOtel().createCounter("llm.response.count");
    },
    teardown: async () => {
      detachMetricsHandler();
      await provider.shutdown();
    },
    check: async () => {
      both(30, (e) => otelCounter.add(1, { model: e.md.model }));
      same("counts per model", ourSeries(`${llmKey}.count`), await otelPoints<number>());
      return "the same count per model after 30 events";
    },
    ours: () => {
      const { m, md } = llm();
      emitLlmResponse(m, md);
    },
    theirs: () => otelCounter.add(1, { model: llm().md.model }),
  },
  {
    name: "event -> histogram with one tag (OpenTelemetry)",
    peer: "OpenTelemetry SDK Histogram.record",
    target: { ratio: 0.5 },
    setup: () => {
      attachByModel("histogram");
      otelHistogram = startOtel().createHistogram("llm.response.duration", {
        advice: { explicitBucketBoundaries: [...durationBuckets] },
      });
    },
    teardown: async () => {
      detachMetricsHandler();
      await provider.shutdown();
    },
    check: async () => {
      both(30, (e) => otelHistogram.record(e.m.duration, { model: e.md.model }));
      const theirs: Record<string, unknown> = {};
      for (const [model, h] of Object.entries(await otelPoints<HistogramPoint>())) {
        // OpenTelemetry counts per bucket; ours are cumulative, +Inf last, as Prometheus has them.
        let total = 0;
        const cumulative = h.buckets.counts.map((c) => (total += c));
        theirs[model] = { count: h.count, sum: h.sum, buckets: cumulative };
      }
      const ours: Record<string, unknown> = {};
      for (const [model, v] of Object.entries(ourSeries<DistributionValue>(`${llmKey}.duration`))) {
        ours[model] = { count: v.count, sum: v.sum, buckets: v.buckets.map((b) => b.count) };
      }
      same("count, sum and cumulative bucket counts per model", ours, theirs);
      return "the same count, sum and bucket counts per model after 30 events";
    },
    ours: () => {
      const { m, md } = llm();
      emitLlmResponse(m, md);
    },
    theirs: () => {
      const { m, md } = llm();
      otelHistogram.record(m.duration, { model: md.model });
    },
  },
];
