/**
 * Agent spans as OpenTelemetry's GenAI semantic conventions define them: `invoke_agent`,
 * `chat` (and the other model operations) and `execute_tool`, named `{operation} {target}`,
 * with `gen_ai.*` attributes from the span's metadata and measurements.
 *
 * @module
 */

import type { SpanKind } from "../finished_span.ts";
import { type GenAiOperation, genAiOperations } from "../semconv.ts";
import {
  describedSpan,
  type Span,
  type SpanDescriptor,
  type SpanHandle,
  startDescribedSpan,
  type StartSpanOptions,
} from "../span.ts";
import type { EventName, Measurements, Metadata } from "../telemetry.ts";

/** Where a GenAI span's events go. */
export interface GenAiSpanOptions {
  /**
   * The span's event prefix. Default `["jido_coder_lib", "gen_ai", operation]`: events
   * `[...prefix, "start" | "stop" | "exception"]`.
   */
  readonly prefix?: EventName;
}

type Value = string | number | boolean | readonly string[];

/**
 * The attribute each metadata or measurement key maps to: the `otel:` declarations of the
 * standard catalog's LLM and agent fields (a test holds the two together), plus `session_id` as
 * the conversation and `tool_call_id` as the tool call. The operation and `error.type` are the
 * helper's own.
 */
const mapped: ReadonlyMap<string, string> = new Map([
  ["model", "gen_ai.request.model"],
  ["provider", "gen_ai.provider.name"],
  ["max_tokens", "gen_ai.request.max_tokens"],
  ["temperature", "gen_ai.request.temperature"],
  ["response_model", "gen_ai.response.model"],
  ["response_id", "gen_ai.response.id"],
  ["agent", "gen_ai.agent.name"],
  ["input_tokens", "gen_ai.usage.input_tokens"],
  ["output_tokens", "gen_ai.usage.output_tokens"],
  ["cache_read_tokens", "gen_ai.usage.cache_read.input_tokens"],
  ["cache_creation_tokens", "gen_ai.usage.cache_creation.input_tokens"],
  ["reasoning_tokens", "gen_ai.usage.reasoning.output_tokens"],
  ["session_id", "gen_ai.conversation.id"],
  ["tool_call_id", "gen_ai.tool.call.id"],
]);

/** The keys {@link attributesOf} maps, for the test that holds them to the standard catalog. */
export const genAiKeys: ReadonlyMap<string, string> = mapped;

function attributesOf(values: Readonly<Record<string, unknown>>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const key of Object.keys(values)) {
    const name = mapped.get(key);
    const v = values[key];
    if (name === undefined) continue;
    if (typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && isFinite(v))) {
      out[name] = v;
    }
  }
  if (typeof values.finish_reason === "string") {
    out["gen_ai.response.finish_reasons"] = [values.finish_reason];
  }
  return out;
}

const kinds: Readonly<Record<GenAiOperation, SpanKind>> = {
  chat: "client",
  generate_content: "client",
  text_completion: "client",
  embeddings: "client",
  retrieval: "client",
  create_agent: "client",
  invoke_agent: "internal",
  execute_tool: "internal",
  invoke_workflow: "internal",
  plan: "internal",
};

const targets: Partial<Record<GenAiOperation, string>> = {
  invoke_agent: "gen_ai.agent.name",
  create_agent: "gen_ai.agent.name",
  plan: "gen_ai.agent.name",
  retrieval: "gen_ai.data_source.id",
  execute_tool: "gen_ai.tool.name",
  invoke_workflow: "gen_ai.workflow.name",
  chat: "gen_ai.request.model",
  generate_content: "gen_ai.request.model",
  text_completion: "gen_ai.request.model",
  embeddings: "gen_ai.request.model",
};

/**
 * The span's name, kind and attributes. Metadata that cannot be read (a throwing getter, a
 * Proxy) costs its attributes, never the call: the helper's own attributes always stand, and the
 * target's attribute is the one the span is named after, whatever the metadata says.
 */
function descriptor(operation: GenAiOperation, target: string, metadata: Metadata): SpanDescriptor {
  const own: Record<string, Value> = { "gen_ai.operation.name": operation };
  const targetKey = targets[operation];
  if (targetKey !== undefined && target !== "") own[targetKey] = target;
  let attributes: Record<string, Value>;
  try {
    attributes = { ...attributesOf(metadata), ...own };
  } catch {
    attributes = { ...own };
  }
  return {
    name: target === "" ? operation : `${operation} ${target}`,
    kind: kinds[operation],
    attributes,
    end: (m: Measurements, md: Metadata) => ({ ...attributesOf({ ...md, ...m }), ...own }),
  };
}

function checkOperation(operation: string): void {
  if (!(genAiOperations as readonly string[]).includes(operation)) {
    throw new TypeError(
      `Unknown GenAI operation ${JSON.stringify(operation)} (expected one of ${
        genAiOperations.join(", ")
      })`,
    );
  }
}

/**
 * Runs `fn` as a GenAI span: named `{operation} {target}`, of the kind the conventions give the
 * operation (`client` for model calls, `internal` for agents and tools), with
 * `gen_ai.operation.name`, the target's attribute, and `gen_ai.*` attributes for the metadata
 * and measurements the standard catalog maps (`model`, `provider`, `input_tokens`,
 * `cache_read_tokens`, `finish_reason`, `session_id` ...), read at the start and at the end. A
 * failure adds `error.type`. Follows the conventions at `GENAI_SEMCONV_VERSION`.
 *
 * @param operation A `gen_ai.operation.name` value.
 * @param target The agent's, model's or tool's name (`""`: the span is named after the
 *   operation alone).
 * @param metadata Metadata of the span's events.
 * @param fn The work.
 * @param options The event prefix.
 * @returns What `fn` returns.
 * @throws {TypeError} When `operation` is not one of the conventions' operations.
 * @example
 * ```ts
 * import { genAiSpan } from "@jido/telemetry/trace";
 *
 * const n = genAiSpan("plan", "", { session_id: "s1" }, () => 3);
 * console.log(n); // 3
 * ```
 */
export function genAiSpan<T>(
  operation: GenAiOperation,
  target: string,
  metadata: Metadata,
  fn: (span: Span) => T,
  options: GenAiSpanOptions = {},
): T {
  checkOperation(operation);
  const prefix = (options ?? {}).prefix ?? ["jido_coder_lib", "gen_ai", operation];
  return describedSpan(prefix, metadata, fn, descriptor(operation, String(target), metadata));
}

/**
 * An agent's turn as an `invoke_agent {agent}` span.
 *
 * @param agent The agent's name (`gen_ai.agent.name`).
 * @param metadata Metadata of the span's events, e.g. `{ session_id }`.
 * @param fn The agent's work.
 * @param options The event prefix.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import { invokeAgent } from "@jido/telemetry/trace";
 *
 * const plan = await invokeAgent("planner", { session_id: "s1" }, async () => "plan");
 * console.log(plan); // "plan"
 * ```
 */
export function invokeAgent<T>(
  agent: string,
  metadata: Metadata,
  fn: (span: Span) => T,
  options: GenAiSpanOptions = {},
): T {
  return genAiSpan("invoke_agent", agent, metadata, fn, options);
}

/**
 * A model call as a `chat {model}` span (the operation is the metadata's `operation` when it is
 * a model operation such as `text_completion`, else `chat`). Add the usage at the end with
 * `span.addMeasurements({ input_tokens, output_tokens, cache_read_tokens, ... })`.
 *
 * @param model The model requested (`gen_ai.request.model`).
 * @param metadata Metadata of the span's events, e.g. `{ provider: "anthropic" }`.
 * @param fn The call.
 * @param options The event prefix.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import { chat } from "@jido/telemetry/trace";
 *
 * const text = await chat("claude-sonnet-4", { provider: "anthropic" }, async (s) => {
 *   s.addMeasurements({ input_tokens: 1200, output_tokens: 80 });
 *   return "hi";
 * });
 * console.log(text); // "hi"
 * ```
 */
export function chat<T>(
  model: string,
  metadata: Metadata,
  fn: (span: Span) => T,
  options: GenAiSpanOptions = {},
): T {
  let op: unknown;
  try {
    op = metadata.operation;
  } catch {
    op = undefined;
  }
  const operation: GenAiOperation =
    op === "text_completion" || op === "embeddings" || op === "generate_content" ? op : "chat";
  return genAiSpan(operation, model, metadata, fn, options);
}

/**
 * A tool call as an `execute_tool {tool}` span.
 *
 * @param tool The tool's name (`gen_ai.tool.name`).
 * @param metadata Metadata of the span's events, e.g. `{ tool_call_id }`.
 * @param fn The tool's work.
 * @param options The event prefix.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import { executeTool } from "@jido/telemetry/trace";
 *
 * const lines = executeTool("read_file", { tool_call_id: "call_1" }, () => 120);
 * console.log(lines); // 120
 * ```
 */
export function executeTool<T>(
  tool: string,
  metadata: Metadata,
  fn: (span: Span) => T,
  options: GenAiSpanOptions = {},
): T {
  return genAiSpan("execute_tool", tool, metadata, fn, options);
}

/** Options of {@link startGenAiSpan}: where its events go, its parent and start time. */
export type StartGenAiSpanOptions = GenAiSpanOptions & StartSpanOptions;

/**
 * {@link genAiSpan} as a span the caller ends (see `startSpan`): for a streamed model call, or
 * agent work driven by events.
 *
 * @param operation A `gen_ai.operation.name` value.
 * @param target The agent's, model's or tool's name.
 * @param metadata Metadata of the span's events.
 * @param options The event prefix, the parent, a start time on the caller's clock.
 * @returns The span's handle.
 * @throws {TypeError} When `operation` is not one of the conventions' operations.
 * @example
 * ```ts
 * import { startGenAiSpan } from "@jido/telemetry/trace";
 *
 * const call = startGenAiSpan("chat", "gpt-4o", { provider: "openai" });
 * call.addMeasurements({ input_tokens: 900, output_tokens: 50 });
 * call.end();
 * ```
 */
export function startGenAiSpan(
  operation: GenAiOperation,
  target: string,
  metadata: Metadata,
  options: StartGenAiSpanOptions = {},
): SpanHandle {
  checkOperation(operation);
  const prefix = (options ?? {}).prefix ?? ["jido_coder_lib", "gen_ai", operation];
  return startDescribedSpan(
    prefix,
    metadata,
    options,
    descriptor(operation, String(target), metadata),
  );
}
