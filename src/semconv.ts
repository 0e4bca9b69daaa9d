/**
 * The OpenTelemetry attribute names the library knows: the GenAI semantic conventions, pinned to
 * one version, and the few general attributes agent spans use (`error.type`, `server.*`).
 *
 * The GenAI conventions are "Development" and live in their own repository,
 * `open-telemetry/semantic-conventions-genai`; this list is its attribute registry
 * (`model/gen-ai/registry.yaml`) at {@link GENAI_SEMCONV_VERSION}. A catalog field may declare
 * the attribute it maps to (`otel: gen_ai.usage.input_tokens`); the codegen checks the name and
 * the type against this list, and exporters name the attribute after it.
 *
 * @module
 */

/** The type an attribute holds, as the conventions' registry writes it. */
export type AttributeType = "string" | "int" | "double" | "boolean" | "string[]" | "any";

/** One attribute of the conventions. */
export interface AttributeSpec {
  /** The attribute's name, e.g. `"gen_ai.usage.input_tokens"`. */
  readonly key: string;
  /** Its type. */
  readonly type: AttributeType;
  /** The values the conventions define, for an enumerated attribute. */
  readonly values?: readonly string[];
}

/**
 * The version of the GenAI semantic conventions this library follows: the registry of
 * `open-telemetry/semantic-conventions-genai` at this commit (stability: Development).
 *
 * @example
 * ```ts
 * import { GENAI_SEMCONV_VERSION } from "@jido/telemetry";
 *
 * console.log(GENAI_SEMCONV_VERSION); // "semantic-conventions-genai@e8fc575"
 * ```
 */
export const GENAI_SEMCONV_VERSION = "semantic-conventions-genai@e8fc575";

const providers = [
  "openai",
  "gcp.gen_ai",
  "gcp.vertex_ai",
  "gcp.gemini",
  "anthropic",
  "cohere",
  "azure.ai.inference",
  "azure.ai.openai",
  "ibm.watsonx.ai",
  "aws.bedrock",
  "perplexity",
  "x_ai",
  "deepseek",
  "groq",
  "mistral_ai",
] as const;

/**
 * The values of `gen_ai.operation.name`.
 *
 * @example
 * ```ts
 * import { genAiOperations } from "@jido/telemetry";
 *
 * console.log(genAiOperations.includes("invoke_agent")); // true
 * ```
 */
export const genAiOperations = [
  "chat",
  "generate_content",
  "text_completion",
  "embeddings",
  "retrieval",
  "create_agent",
  "invoke_agent",
  "execute_tool",
  "invoke_workflow",
  "plan",
] as const;

/** A value of `gen_ai.operation.name`. */
export type GenAiOperation = typeof genAiOperations[number];

const list: readonly AttributeSpec[] = [
  { key: "gen_ai.provider.name", type: "string", values: providers },
  { key: "gen_ai.request.model", type: "string" },
  { key: "gen_ai.request.max_tokens", type: "int" },
  { key: "gen_ai.request.choice.count", type: "int" },
  { key: "gen_ai.request.temperature", type: "double" },
  { key: "gen_ai.request.top_p", type: "double" },
  { key: "gen_ai.request.top_k", type: "double" },
  { key: "gen_ai.request.stop_sequences", type: "string[]" },
  { key: "gen_ai.request.frequency_penalty", type: "double" },
  { key: "gen_ai.request.presence_penalty", type: "double" },
  { key: "gen_ai.request.encoding_formats", type: "string[]" },
  { key: "gen_ai.request.seed", type: "int" },
  { key: "gen_ai.request.stream", type: "boolean" },
  { key: "gen_ai.response.id", type: "string" },
  { key: "gen_ai.response.model", type: "string" },
  { key: "gen_ai.response.finish_reasons", type: "string[]" },
  { key: "gen_ai.response.time_to_first_chunk", type: "double" },
  { key: "gen_ai.usage.input_tokens", type: "int" },
  { key: "gen_ai.usage.cache_read.input_tokens", type: "int" },
  { key: "gen_ai.usage.cache_creation.input_tokens", type: "int" },
  { key: "gen_ai.usage.output_tokens", type: "int" },
  { key: "gen_ai.usage.reasoning.output_tokens", type: "int" },
  { key: "gen_ai.token.type", type: "string", values: ["input", "output"] },
  { key: "gen_ai.conversation.id", type: "string" },
  { key: "gen_ai.agent.id", type: "string" },
  { key: "gen_ai.agent.name", type: "string" },
  { key: "gen_ai.agent.description", type: "string" },
  { key: "gen_ai.agent.version", type: "string" },
  { key: "gen_ai.tool.name", type: "string" },
  { key: "gen_ai.tool.call.id", type: "string" },
  { key: "gen_ai.tool.description", type: "string" },
  { key: "gen_ai.tool.type", type: "string" },
  { key: "gen_ai.tool.call.arguments", type: "any" },
  { key: "gen_ai.tool.call.result", type: "any" },
  { key: "gen_ai.tool.definitions", type: "any" },
  { key: "gen_ai.data_source.id", type: "string" },
  { key: "gen_ai.operation.name", type: "string", values: genAiOperations },
  { key: "gen_ai.output.type", type: "string", values: ["text", "json", "image", "speech"] },
  { key: "gen_ai.embeddings.dimension.count", type: "int" },
  { key: "gen_ai.retrieval.documents", type: "any" },
  { key: "gen_ai.retrieval.query.text", type: "string" },
  { key: "gen_ai.system_instructions", type: "any" },
  { key: "gen_ai.input.messages", type: "any" },
  { key: "gen_ai.output.messages", type: "any" },
  { key: "gen_ai.evaluation.name", type: "string" },
  { key: "gen_ai.evaluation.score.value", type: "double" },
  { key: "gen_ai.evaluation.score.label", type: "string" },
  { key: "gen_ai.evaluation.explanation", type: "string" },
  { key: "gen_ai.prompt.name", type: "string" },
  { key: "gen_ai.workflow.name", type: "string" },
  // General attributes the GenAI spans reference.
  { key: "error.type", type: "string" },
  { key: "server.address", type: "string" },
  { key: "server.port", type: "int" },
];

/**
 * Every attribute a catalog field may map to, by name: the GenAI registry at
 * {@link GENAI_SEMCONV_VERSION}, plus `error.type`, `server.address` and `server.port`.
 *
 * @example
 * ```ts
 * import { otelAttributes } from "@jido/telemetry";
 *
 * console.log(otelAttributes.get("gen_ai.usage.input_tokens")?.type); // "int"
 * ```
 */
export const otelAttributes: ReadonlyMap<string, AttributeSpec> = new Map(
  list.map((a) => [a.key, Object.freeze(a)]),
);
