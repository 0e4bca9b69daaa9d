/**
 * Inputs shared by the rows: an `llm.response` whose values change on every call (three models,
 * durations, token counts, finish reasons), so no cache that a constant input hits can flatter
 * either side.
 *
 * @module
 */

import { attachMetricsHandler, emitLlmResponse, standardCatalog } from "../../mod.ts";
import { counter, distribution } from "../../src/metrics/mod.ts";

const models = [
  ["claude-sonnet-4", "anthropic"],
  ["gpt-4o", "openai"],
  ["claude-3-5-haiku", "anthropic"],
] as const;
const reasons = ["stop", "tool_calls", "length"] as const;

let k = 0;

/** The next `llm.response`: measurements and metadata. */
export function llm(): {
  m: { duration: number; input_tokens: number; output_tokens: number };
  md: { model: string; provider: string; finish_reason: "stop" | "tool_calls" | "length" };
} {
  const i = k++;
  const [model, provider] = models[i % 3];
  return {
    m: {
      duration: 200 + (i & 1023) * 1.5,
      input_tokens: 1000 + (i & 4095),
      output_tokens: i & 511,
    },
    md: { model, provider, finish_reason: reasons[i % 3] },
  };
}

/** The dotted name of `llm.response`, which the metrics rows' definitions are named after. */
export const llmKey = "jido_coder_lib.llm.response";

/** The duration buckets of the histogram rows (milliseconds). */
export const durationBuckets: readonly number[] = [100, 250, 500, 1000, 2500];

/** Emits `count` events through ours (the generated emitter) and hands the same ones to `theirs`. */
export function both(count: number, theirs: (e: ReturnType<typeof llm>) => void): void {
  for (let i = 0; i < count; i++) {
    const e = llm();
    emitLlmResponse(e.m, e.md);
    theirs(e);
  }
}

/** Attaches the metrics handler with one metric of `llm.response` by model: a count or durations. */
export function attachByModel(kind: "counter" | "histogram"): void {
  attachMetricsHandler({
    catalog: standardCatalog,
    definitions: [
      kind === "counter"
        ? counter(`${llmKey}.count`, { tags: ["model"] })
        : distribution(`${llmKey}.duration`, {
          measurement: "duration",
          tags: ["model"],
          buckets: [...durationBuckets],
        }),
    ],
  });
}
