/**
 * Inputs shared by the rows: an `llm.response` whose values change on every call (three models,
 * durations, token counts, finish reasons), so no cache that a constant input hits can flatter
 * either side.
 *
 * @module
 */

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
