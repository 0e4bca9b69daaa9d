/**
 * Token usage in the catalog's convention, and the translation from each provider's own usage
 * object, so a cached prompt is counted once whoever reported it.
 *
 * The catalog's `llm.response` follows OpenTelemetry: `input_tokens` includes the tokens read
 * from and written to the provider's cache, and `output_tokens` includes the reasoning tokens.
 * Providers differ:
 *
 * - Anthropic: `input_tokens` leaves the cache out; `cache_read_input_tokens` and
 *   `cache_creation_input_tokens` are the cache; `output_tokens` includes thinking, which is not
 *   reported apart.
 * - OpenAI Chat Completions: `prompt_tokens` includes `prompt_tokens_details.cached_tokens`;
 *   `completion_tokens` includes `completion_tokens_details.reasoning_tokens`; cache writes are
 *   neither reported nor billed. The Responses API: the same with `input_tokens`,
 *   `input_tokens_details`, `output_tokens`, `output_tokens_details`.
 * - Gemini (`usageMetadata`): `promptTokenCount` includes `cachedContentTokenCount`;
 *   `thoughtsTokenCount` is not in `candidatesTokenCount` (`totalTokenCount` is their sum with
 *   `toolUsePromptTokenCount`), and thinking is billed as output.
 *
 * @module
 */

import { describeValue } from "../metrics/options.ts";
import { errorReason } from "../error_info.ts";
import { readSafely } from "../objects.ts";

/**
 * Token counts of one response in the catalog's convention (its `llm.response` measurement
 * names): cached tokens are part of `input_tokens`, reasoning tokens part of `output_tokens`.
 */
export interface TokenUsage {
  /** Prompt tokens, including those read from or written to the cache. */
  readonly input_tokens: number;
  /** Response tokens, including reasoning tokens. */
  readonly output_tokens: number;
  /** Prompt tokens read from the cache (part of `input_tokens`); absent if not reported. */
  readonly cache_read_tokens?: number;
  /** Prompt tokens written to the cache (part of `input_tokens`); absent if not reported. */
  readonly cache_creation_tokens?: number;
  /** Output tokens spent reasoning (part of `output_tokens`); absent if not reported. */
  readonly reasoning_tokens?: number;
}

/** What {@link normalizeUsage} returns: the usage, or why it could not read it. */
export type UsageResult =
  | { readonly ok: true; readonly usage: TokenUsage }
  | { readonly ok: false; readonly reason: string };

type Format = "anthropic" | "openai" | "gemini";

/** The usage format of each provider name (OpenTelemetry's, and common short names). */
const formats: Readonly<Record<string, Format>> = {
  anthropic: "anthropic",
  openai: "openai",
  "azure.ai.openai": "openai",
  "gcp.gemini": "gemini",
  "gcp.vertex_ai": "gemini",
  "gcp.gen_ai": "gemini",
  google: "gemini",
  gemini: "gemini",
};

class Invalid {
  constructor(readonly reason: string) {}
}

/** Reads one count: a non-negative safe integer, or absent (`undefined` or `null`). */
function count(raw: object, path: readonly string[], required: boolean): number | undefined {
  let value: unknown = raw;
  for (const key of path) {
    if (typeof value !== "object" || value === null) {
      value = undefined;
      break;
    }
    value = readSafely(value, key);
  }
  if (value === undefined || value === null) {
    if (required) throw new Invalid(`${path.join(".")} is missing`);
    return undefined;
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new Invalid(
      `${path.join(".")} must be a non-negative integer, got ${describeValue(value)}`,
    );
  }
  return value;
}

function add(...counts: readonly (number | undefined)[]): number {
  const total = counts.reduce<number>((sum, n) => sum + (n ?? 0), 0);
  if (!Number.isSafeInteger(total)) throw new Invalid(`the token counts add up past 2^53`);
  return total;
}

/** Builds the usage, leaving out the counts the provider did not report. */
function usage(
  input: number,
  output: number,
  cacheRead: number | undefined,
  cacheCreation: number | undefined,
  reasoning: number | undefined,
): TokenUsage {
  const out: Record<string, number> = { input_tokens: input, output_tokens: output };
  if (cacheRead !== undefined) out.cache_read_tokens = cacheRead;
  if (cacheCreation !== undefined) out.cache_creation_tokens = cacheCreation;
  if (reasoning !== undefined) out.reasoning_tokens = reasoning;
  return out as unknown as TokenUsage;
}

function within(part: number | undefined, partName: string, whole: number, wholeName: string) {
  if (part !== undefined && part > whole) {
    throw new Invalid(`${partName} (${part}) exceeds ${wholeName} (${whole}), which includes it`);
  }
}

function anthropic(raw: object): TokenUsage {
  // Anthropic's input_tokens leaves out the cached tokens: they are added, never subtracted.
  const uncached = count(raw, ["input_tokens"], true)!;
  const read = count(raw, ["cache_read_input_tokens"], false);
  const created = count(raw, ["cache_creation_input_tokens"], false);
  const output = count(raw, ["output_tokens"], true)!;
  return usage(add(uncached, read, created), output, read, created, undefined);
}

function openai(raw: object): TokenUsage {
  const chat = readSafely(raw, "prompt_tokens") !== undefined;
  const [prompt, completion] = chat
    ? ["prompt_tokens", "completion_tokens"]
    : ["input_tokens", "output_tokens"];
  const input = count(raw, [prompt], true)!;
  const output = count(raw, [completion], true)!;
  const cachedPath = [`${prompt}_details`, "cached_tokens"];
  const reasoningPath = [`${completion}_details`, "reasoning_tokens"];
  const cached = count(raw, cachedPath, false);
  const reasoning = count(raw, reasoningPath, false);
  within(cached, cachedPath.join("."), input, prompt);
  within(reasoning, reasoningPath.join("."), output, completion);
  return usage(input, output, cached, undefined, reasoning);
}

function gemini(raw: object): TokenUsage {
  // Gemini omits zero counts, and some clients spell them in snake_case.
  const read = (camel: string, snake: string, required: boolean) =>
    readSafely(raw, camel) === undefined && readSafely(raw, snake) !== undefined
      ? count(raw, [snake], required)
      : count(raw, [camel], required);
  const prompt = read("promptTokenCount", "prompt_token_count", true)!;
  const toolPrompt = read("toolUsePromptTokenCount", "tool_use_prompt_token_count", false);
  const cached = read("cachedContentTokenCount", "cached_content_token_count", false);
  const candidates = read("candidatesTokenCount", "candidates_token_count", false);
  const thoughts = read("thoughtsTokenCount", "thoughts_token_count", false);
  within(cached, "cachedContentTokenCount", prompt, "promptTokenCount");
  // Thinking tokens are not in candidatesTokenCount but are billed as output: they are added.
  return usage(add(prompt, toolPrompt), add(candidates, thoughts), cached, undefined, thoughts);
}

/**
 * Translates a provider's raw usage object into the catalog's convention ({@link TokenUsage}),
 * so that cached tokens are counted once: Anthropic's cache reads and writes are added to its
 * `input_tokens` (which leaves them out); OpenAI's cached tokens are already in `prompt_tokens`
 * (or the Responses API's `input_tokens`) and its reasoning tokens in `completion_tokens`;
 * Gemini's `cachedContentTokenCount` is already in `promptTokenCount`, and its
 * `thoughtsTokenCount` (not in `candidatesTokenCount`) is added to the output, as it is billed.
 * Gemini's `toolUsePromptTokenCount` is counted as input. Never throws.
 *
 * Providers: `"anthropic"`; `"openai"` and `"azure.ai.openai"` (Chat Completions or Responses
 * usage); `"gcp.gemini"`, `"gcp.vertex_ai"`, `"gcp.gen_ai"`, `"google"`, `"gemini"` (Gemini's
 * `usageMetadata`, camelCase or snake_case). Claude on Vertex AI or Bedrock reports Anthropic's
 * usage: pass `"anthropic"`.
 *
 * @param provider The provider whose usage object this is.
 * @param raw The usage object, as the provider's API returned it.
 * @returns `{ ok: true, usage }`, or `{ ok: false, reason }` for an unknown provider, a missing
 *   or invalid count (negative, not an integer, not a number), or inconsistent counts (cached
 *   tokens above the prompt tokens that include them).
 * @example
 * ```ts
 * import { normalizeUsage } from "@jido/telemetry/cost";
 *
 * const anthropic = normalizeUsage("anthropic", {
 *   input_tokens: 1_000,
 *   cache_read_input_tokens: 10_000,
 *   cache_creation_input_tokens: 1_000,
 *   output_tokens: 500,
 * });
 * console.log(anthropic);
 * // { ok: true, usage: { input_tokens: 12000, output_tokens: 500,
 * //   cache_read_tokens: 10000, cache_creation_tokens: 1000 } }
 * console.log(normalizeUsage("openai", { prompt_tokens: -1, completion_tokens: 2 }));
 * // { ok: false,
 * //   reason: "Invalid openai usage: prompt_tokens must be a non-negative integer, got -1" }
 * ```
 */
export function normalizeUsage(provider: string, raw: unknown): UsageResult {
  const format = typeof provider === "string" && Object.hasOwn(formats, provider)
    ? formats[provider]
    : undefined;
  if (format === undefined) {
    return {
      ok: false,
      reason: `Unknown provider ${describeValue(provider)}: normalizeUsage() reads the usage of ${
        Object.keys(formats).join(", ")
      }`,
    };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      reason: `The ${provider} usage must be an object, got ${describeValue(raw)}`,
    };
  }
  try {
    const read = format === "anthropic" ? anthropic : format === "openai" ? openai : gemini;
    return { ok: true, usage: read(raw) };
  } catch (error) {
    if (error instanceof Invalid) {
      return { ok: false, reason: `Invalid ${provider} usage: ${error.reason}` };
    }
    return { ok: false, reason: `The ${provider} usage could not be read: ${errorReason(error)}` };
  }
}
