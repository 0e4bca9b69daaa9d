/**
 * The metrics rows: an event recorded by the metrics handler against prom-client recording the
 * same value directly, and the whole pipeline (logged and recorded by the default definitions)
 * against pino plus prom-client doing the same.
 *
 * @module
 */

import pino from "pino";
import { Counter, Histogram, Registry, Summary } from "prom-client";
import {
  attachAll,
  attachMetricsHandler,
  detachAll,
  detachMetricsHandler,
  emitLlmResponse,
  getMetrics,
  standardCatalog,
} from "../../mod.ts";
import { createLogger } from "../../src/logger/mod.ts";
import {
  type DistributionValue,
  operationDurationBuckets,
  summary,
  type SummaryValue,
  tokenUsageBuckets,
} from "../../src/metrics/mod.ts";
import { type Case, same } from "../harness.ts";
import { attachByModel, both, durationBuckets, llm, llmKey } from "./data.ts";

/** Our series of one metric, as `tags -> value`, from the metrics handler's store. */
function ourSeries(name: string): Record<string, unknown> {
  const metric = getMetrics().find((s) => s.name === name);
  return Object.fromEntries((metric?.series ?? []).map((s) => [JSON.stringify(s.tags), s.value]));
}

let registry = new Registry();

let promCounter: Counter<"model">;
let promHistogram: Histogram<"model">;
let promSummary: Summary;

const sink = { write: (_line: string) => {} };

/** The full pipeline's peer: pino and the prom-client metrics our defaults record. */
let peer: {
  log: pino.Logger;
  count: Counter;
  duration: Summary;
  operation: Histogram<"model" | "provider">;
  tokens: Histogram<"model" | "provider" | "token_type">;
};

function pipelinePeer(e: ReturnType<typeof llm>): void {
  const { m, md } = e;
  peer.log.info(Object.assign({}, md, m), llmKey);
  peer.count.inc();
  peer.duration.observe(m.duration);
  peer.operation.observe({ model: md.model, provider: md.provider }, m.duration / 1000);
  peer.tokens.observe(
    { model: md.model, provider: md.provider, token_type: "input" },
    m.input_tokens,
  );
  peer.tokens.observe(
    { model: md.model, provider: md.provider, token_type: "output" },
    m.output_tokens,
  );
}

/** The metrics rows. */
export const metricsCases: readonly Case[] = [
  {
    name: "event -> counter with one tag",
    peer: "prom-client Counter.inc",
    target: { ratio: 0.35 },
    setup: () => {
      attachByModel("counter");
      registry = new Registry();
      promCounter = new Counter({
        name: "llm_response_total",
        help: "LLM responses",
        labelNames: ["model"],
        registers: [registry],
      });
    },
    teardown: () => void detachMetricsHandler(),
    check: async () => {
      both(30, (e) => promCounter.inc({ model: e.md.model }));
      const theirs = (await promCounter.get()).values.map((v) => [v.labels.model, v.value]);
      const ours = Object.entries(ourSeries(`${llmKey}.count`)).map((
        [tags, v],
      ) => [JSON.parse(tags).model, v]);
      same("counts per model", ours.sort(), theirs.sort());
      return "the same count per model after 30 events";
    },
    ours: () => {
      const { m, md } = llm();
      emitLlmResponse(m, md);
    },
    theirs: () => promCounter.inc({ model: llm().md.model }),
  },
  {
    name: "event -> histogram with one tag",
    peer: "prom-client Histogram.observe",
    target: { ratio: 0.5 },
    setup: () => {
      attachByModel("histogram");
      registry = new Registry();
      promHistogram = new Histogram({
        name: "llm_response_duration",
        help: "LLM response duration",
        labelNames: ["model"],
        buckets: [...durationBuckets],
        registers: [registry],
      });
    },
    teardown: () => void detachMetricsHandler(),
    check: async () => {
      both(30, (e) => promHistogram.observe({ model: e.md.model }, e.m.duration));
      const theirs: Record<string, number[]> = {};
      for (const v of (await promHistogram.get()).values) {
        if (v.metricName !== "llm_response_duration_bucket") continue;
        (theirs[String(v.labels.model)] ??= []).push(v.value);
      }
      const ours: Record<string, number[]> = {};
      for (const [tags, v] of Object.entries(ourSeries(`${llmKey}.duration`))) {
        ours[JSON.parse(tags).model] = (v as DistributionValue).buckets.map((b) => b.count);
      }
      same("cumulative bucket counts per model", ours, theirs);
      return "the same cumulative bucket counts per model after 30 events";
    },
    ours: () => {
      const { m, md } = llm();
      emitLlmResponse(m, md);
    },
    theirs: () => {
      const { m, md } = llm();
      promHistogram.observe({ model: md.model }, m.duration);
    },
  },
  {
    name: "event -> summary",
    peer: "prom-client Summary.observe",
    target: { ratio: 0.2 },
    setup: () => {
      attachMetricsHandler({
        catalog: standardCatalog,
        definitions: [summary(`${llmKey}.duration`, { measurement: "duration" })],
      });
      registry = new Registry();
      promSummary = new Summary({
        name: "llm_response_duration",
        help: "LLM response duration",
        registers: [registry],
      });
    },
    teardown: () => void detachMetricsHandler(),
    check: async () => {
      both(30, (e) => promSummary.observe(e.m.duration));
      const values = (await promSummary.get()).values;
      const theirs = ["llm_response_duration_count", "llm_response_duration_sum"].map((n) =>
        values.find((v) => v.metricName === n)?.value
      );
      const s = Object.values(ourSeries(`${llmKey}.duration`))[0] as SummaryValue;
      same("count and sum", [s.count, s.sum], theirs);
      return "the same count and sum after 30 events (and quantiles kept by each)";
    },
    ours: () => {
      const { m, md } = llm();
      emitLlmResponse(m, md);
    },
    theirs: () => promSummary.observe(llm().m.duration),
  },
  {
    name: "full pipeline: llm.response logged and recorded by the default definitions",
    peer: "pino + prom-client",
    target: { ratio: 0.25 },
    setup: () => {
      attachAll({
        catalog: standardCatalog,
        log: { logger: createLogger({ env: "production", sink }) },
      });
      registry = new Registry();
      peer = {
        log: pino({
          timestamp: pino.stdTimeFunctions.isoTime,
          formatters: { level: (label: string) => ({ level: label }) },
        }, sink),
        count: new Counter({ name: "llm_response_total", help: "-", registers: [registry] }),
        duration: new Summary({ name: "llm_response_duration", help: "-", registers: [registry] }),
        operation: new Histogram({
          name: "gen_ai_client_operation_duration_seconds",
          help: "-",
          labelNames: ["model", "provider"],
          buckets: [...operationDurationBuckets],
          registers: [registry],
        }),
        tokens: new Histogram({
          name: "gen_ai_client_token_usage",
          help: "-",
          labelNames: ["model", "provider", "token_type"],
          buckets: [...tokenUsageBuckets],
          registers: [registry],
        }),
      };
    },
    teardown: () => void detachAll(),
    check: async () => {
      both(30, pipelinePeer);
      const tokenCounts = (await peer.tokens.get()).values
        .filter((v) => v.metricName === "gen_ai_client_token_usage_count")
        .map((v) => v.value)
        .reduce((a, b) => a + b, 0);
      const ourTokens = Object.values(ourSeries("gen_ai.client.token.usage"))
        .map((v) => (v as DistributionValue).count)
        .reduce((a, b) => a + b, 0);
      same("token usage observations", ourTokens, tokenCounts);
      same(
        "responses counted",
        Object.values(ourSeries(`${llmKey}.count`))[0],
        (await peer.count.get()).values[0].value,
      );
      return "one JSON line, a count, a duration summary, an operation histogram and two token observations per event on each side";
    },
    ours: () => {
      const { m, md } = llm();
      emitLlmResponse(m, md);
    },
    theirs: () => pipelinePeer(llm()),
  },
];
