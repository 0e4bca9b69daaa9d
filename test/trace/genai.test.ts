// Agent spans as the GenAI semantic conventions define them: names, kinds, gen_ai.* attributes.
import test from "ava";
import {
  attachMany,
  detach,
  GENAI_SEMCONV_VERSION,
  otelAttributes,
  standardCatalog,
} from "../../mod.ts";
import { genAiKeys } from "../../src/trace/genai.ts";
import {
  chat,
  drawSpanTree,
  executeTool,
  genAiSpan,
  invokeAgent,
  recordSpans,
} from "../../src/trace/mod.ts";

test.serial("an agent session is a tree: invoke_agent -> chat -> execute_tool, named {operation} {target}", async (t) => {
  const recorder = recordSpans();
  await invokeAgent("coder", { session_id: "s1" }, async () => {
    await chat(
      "claude-sonnet-4",
      { provider: "anthropic", session_id: "s1", max_tokens: 1024 },
      async (s) => {
        await executeTool("read_file", { tool_call_id: "call_1" }, () => "text");
        s.addMeasurements({
          input_tokens: 1200,
          output_tokens: 80,
          cache_read_tokens: 1000,
          cache_creation_tokens: 100,
          reasoning_tokens: 20,
        });
        s.addMetadata({ finish_reason: "stop", response_id: "msg_1", secret_note: "x" });
      },
    );
  });
  recorder.stop();
  t.is(
    drawSpanTree(recorder.spans(), { label: (s) => `  [${s.kind}]` }),
    [
      "invoke_agent coder  [internal]",
      "└─ chat claude-sonnet-4  [client]",
      "   └─ execute_tool read_file  [internal]",
    ].join("\n"),
  );
  const [tool, call, agent] = recorder.spans();
  t.deepEqual(agent.attributes, {
    "gen_ai.conversation.id": "s1",
    "gen_ai.operation.name": "invoke_agent",
    "gen_ai.agent.name": "coder",
  });
  t.deepEqual(call.attributes, {
    "gen_ai.provider.name": "anthropic",
    "gen_ai.conversation.id": "s1",
    "gen_ai.request.max_tokens": 1024,
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": "claude-sonnet-4",
    "gen_ai.response.finish_reasons": ["stop"],
    "gen_ai.response.id": "msg_1",
    "gen_ai.usage.input_tokens": 1200,
    "gen_ai.usage.output_tokens": 80,
    "gen_ai.usage.cache_read.input_tokens": 1000,
    "gen_ai.usage.cache_creation.input_tokens": 100,
    "gen_ai.usage.reasoning.output_tokens": 20,
  });
  t.deepEqual(tool.attributes, {
    "gen_ai.tool.call.id": "call_1",
    "gen_ai.operation.name": "execute_tool",
    "gen_ai.tool.name": "read_file",
  });
  t.deepEqual(call.eventPrefix, ["jido_coder_lib", "gen_ai", "chat"]);
  for (const s of [tool, call, agent]) {
    for (const key of Object.keys(s.attributes)) {
      t.true(otelAttributes.has(key), `${key} is in ${GENAI_SEMCONV_VERSION}`);
    }
  }
});

test.serial("a failed GenAI span has error.type and status error, and the error is rethrown", async (t) => {
  const recorder = recordSpans();
  class RateLimited extends Error {
    override name = "RateLimited";
  }
  await t.throwsAsync(
    chat("gpt-4o", { provider: "openai" }, async () => {
      await Promise.resolve();
      throw new RateLimited("429");
    }),
    { instanceOf: RateLimited, message: "429" },
  );
  recorder.stop();
  const [failed] = recorder.spans();
  t.like(failed, { name: "chat gpt-4o", status: "error", errorType: "RateLimited" });
  t.is(failed.attributes["error.type"], "RateLimited");
});

test.serial("chat() takes the model operation from the metadata; genAiSpan() any operation, with a prefix", (t) => {
  const recorder = recordSpans();
  chat("text-embedding-3-small", { operation: "embeddings" }, () => 1);
  chat("m", { operation: "not-an-operation" }, () => 1);
  genAiSpan("plan", "", {}, () => 1);
  const seen: string[] = [];
  attachMany("genai-prefix", [["my_app", "agents", "start"]], (e) => void seen.push(e.join(".")));
  invokeAgent("reviewer", {}, () => 1, { prefix: ["my_app", "agents"] });
  detach("genai-prefix");
  recorder.stop();
  t.deepEqual(
    recorder.spans().map((s) => [s.name, s.kind, s.attributes["gen_ai.operation.name"]]),
    [
      ["embeddings text-embedding-3-small", "client", "embeddings"],
      ["chat m", "client", "chat"],
      ["plan", "internal", "plan"],
      ["invoke_agent reviewer", "internal", "invoke_agent"],
    ],
  );
  t.deepEqual(seen, ["my_app.agents.start"]);
  t.throws(() => genAiSpan("dance" as "plan", "x", {}, () => 1), {
    instanceOf: TypeError,
    message:
      'Unknown GenAI operation "dance" (expected one of chat, generate_content, text_completion, embeddings, retrieval, create_agent, invoke_agent, execute_tool, invoke_workflow, plan)',
  });
});

test("the pinned attribute list agrees with @opentelemetry/semantic-conventions 1.45.0's GenAI names", async (t) => {
  t.is(GENAI_SEMCONV_VERSION, "semantic-conventions-genai@e8fc575");
  const semconv = await import("@opentelemetry/semantic-conventions/incubating");
  const theirs = new Set(
    Object.entries(semconv).filter(([k, v]) => k.startsWith("ATTR_") && typeof v === "string")
      .map(([, v]) => v as string).filter((v) => v.startsWith("gen_ai.")),
  );
  const ours = [...otelAttributes.keys()].filter((k) => k.startsWith("gen_ai."));
  t.deepEqual(ours.filter((k) => !theirs.has(k)), [], "every name we ship is a published one");
  t.deepEqual(
    [...theirs].filter((k) => !otelAttributes.has(k)).sort(),
    [
      "gen_ai.completion",
      "gen_ai.openai.request.response_format",
      "gen_ai.openai.request.seed",
      "gen_ai.openai.request.service_tier",
      "gen_ai.openai.response.service_tier",
      "gen_ai.openai.response.system_fingerprint",
      "gen_ai.prompt",
      "gen_ai.system",
      "gen_ai.usage.completion_tokens",
      "gen_ai.usage.prompt_tokens",
    ],
    "what we leave out: names the conventions deprecated or removed",
  );
  t.deepEqual(otelAttributes.get("gen_ai.operation.name")?.values, [
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
  ]);
});

test("the GenAI helpers map the keys the standard catalog maps, to the same attributes", (t) => {
  const fromCatalog = new Map<string, string>();
  for (const e of standardCatalog.events) {
    for (const f of [...e.measurements, ...e.metadata]) {
      if (f.otel !== undefined && f.otel !== "error.type" && f.otel !== "gen_ai.operation.name") {
        t.is(fromCatalog.get(f.name) ?? f.otel, f.otel, `${f.name} maps to one attribute`);
        fromCatalog.set(f.name, f.otel);
      }
    }
  }
  const ours = new Map(genAiKeys);
  ours.delete("session_id");
  ours.delete("tool_call_id");
  t.deepEqual([...ours].sort(), [...fromCatalog].sort());
});

test.serial("hostile metadata never reaches the application from a GenAI helper; the target names the span", (t) => {
  const recorder = recordSpans();
  const hostile = new Proxy({}, {
    ownKeys() {
      throw new Error("no keys");
    },
    get() {
      throw new Error("no reads");
    },
  });
  t.is(chat("m", hostile, () => 1), 1);
  t.is(invokeAgent("planner", { agent: "coder" }, () => 2), 2);
  t.is(genAiSpan("plan", "planner", {}, () => 3), 3);
  recorder.stop();
  const [call, agent, plan] = recorder.spans();
  t.deepEqual(call.attributes, {
    "gen_ai.operation.name": "chat",
    "gen_ai.request.model": "m",
  });
  t.is(agent.attributes["gen_ai.agent.name"], "planner", "not the metadata's agent");
  t.is(plan.attributes["gen_ai.agent.name"], "planner");
});
