import test from "ava";
import { Project } from "ts-morph";
import { attach, attachMany, detach, type Metadata } from "../mod.ts";
import { catalog, emitLlmResponse, LLM_RESPONSE, SESSION_START } from "../src/events.generated.ts";
import {
  catalog as appCatalog,
  emitReviewRequested,
  emitSessionStart as emitAppSessionStart,
  emitToolCall,
  REVIEW_REQUESTED,
  SESSION_START as APP_SESSION_START,
  TOOL_CALL,
} from "./fixtures/app.generated.ts";
import {
  catalog as shopCatalog,
  emitOrderPlaced,
  emitStockLow,
  ORDER_PLACED,
  STOCK_LOW,
} from "./fixtures/catalog.generated.ts";

test("emitters call the handlers attached to their event with what they were given", (t) => {
  const seen: unknown[] = [];
  attach("gen-order", ORDER_PLACED, (e, m, md) => void seen.push([e, m, md]));
  emitOrderPlaced({ total: 9.5, items: 2 }, { order_id: "o-1", channel: "web" });
  detach("gen-order");
  emitOrderPlaced({ total: 1, items: 1 }, { order_id: "o-2", channel: "app" });
  t.deepEqual(seen, [[["shop", "order", "placed"], { total: 9.5, items: 2 }, {
    order_id: "o-1",
    channel: "web",
  }]]);
});

test("emitters whose fields are all optional default both arguments to {}", (t) => {
  let got: [unknown, Metadata] | undefined;
  attach("gen-stock", STOCK_LOW, (_e, m, md) => void (got = [m, md]));
  emitStockLow();
  detach("gen-stock");
  t.deepEqual(got, [{}, {}]);
});

/** Whether `value` and every object reachable from it are frozen. */
function deeplyFrozen(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}

test("the generated catalog lists every event with its level, units and fields, frozen", (t) => {
  // As events.yaml declares them: `name/unit` for measurements, `name:type` for metadata, with
  // an enum's values, and `?` marking a field that is not required.
  t.deepEqual(
    catalog.events.map((e) => [
      e.key,
      e.level,
      e.measurements.map((m) => `${m.name}/${m.unit}${m.required ? "" : "?"}`),
      e.metadata.map((f) =>
        `${f.name}:${f.type}${f.values ? `(${f.values.join("|")})` : ""}${f.required ? "" : "?"}`
      ),
    ]),
    [
      [
        "jido_coder_lib.session.start",
        "info",
        ["system_time/millisecond"],
        ["session_id:string", "project_path:string?", "user_id:string?"],
      ],
      [
        "jido_coder_lib.session.stop",
        "info",
        ["duration/millisecond"],
        ["session_id:string", "reason:enum(normal|user_exit|timeout|shutdown)?"],
      ],
      [
        "jido_coder_lib.session.error",
        "error",
        ["system_time/millisecond"],
        ["session_id:string", "kind:string", "reason:string", "stacktrace:string?"],
      ],
      [
        "jido_coder_lib.agent.dispatch",
        "info",
        ["system_time/millisecond"],
        ["agent:string", "action:string", "session_id:string?", "action_id:string?"],
      ],
      [
        "jido_coder_lib.agent.complete",
        "info",
        ["duration/millisecond"],
        [
          "agent:string",
          "action:string",
          "status:enum(ok|error)",
          "session_id:string?",
          "action_id:string?",
          "kind:string?",
          "reason:string?",
          "stacktrace:string?",
        ],
      ],
      [
        "jido_coder_lib.llm.request",
        "debug",
        ["system_time/millisecond", "prompt_bytes/byte?"],
        [
          "model:string",
          "provider:string",
          "operation:enum(chat|text_completion|embeddings|generate_content)?",
          "request_id:string?",
          "session_id:string?",
          "max_tokens:integer?",
          "temperature:float?",
          "stream:boolean?",
          "tools:string[]?",
        ],
      ],
      [
        "jido_coder_lib.llm.response",
        "info",
        [
          "duration/millisecond",
          "input_tokens/token",
          "output_tokens/token",
          "cache_read_tokens/token?",
          "cache_creation_tokens/token?",
          "reasoning_tokens/token?",
          "time_to_first_token/millisecond?",
        ],
        [
          "model:string",
          "provider:string",
          "finish_reason:enum(stop|length|content_filter|tool_calls|error)",
          "response_model:string?",
          "response_id:string?",
          "request_id:string?",
          "agent:string?",
          "session_id:string?",
        ],
      ],
      [
        "jido_coder_lib.llm.cost",
        "debug",
        ["cost/usd?"],
        [
          "model:string",
          "provider:string",
          "priced:boolean",
          "amount:string?",
          "currency:string?",
          "source:enum(local)",
          "price_date:string?",
          "reason:string?",
          "request_id:string?",
          "session_id:string?",
          "agent:string?",
        ],
      ],
      [
        "jido_coder_lib.context.cache_hit",
        "debug",
        ["bytes/byte", "age/millisecond"],
        ["cache:string", "key:string", "session_id:string?"],
      ],
      [
        "jido_coder_lib.context.cache_miss",
        "debug",
        ["system_time/millisecond"],
        [
          "cache:string",
          "key:string",
          "reason:enum(absent|expired|evicted)?",
          "session_id:string?",
        ],
      ],
    ],
  );
  const response = catalog.events.find((e) => e.key === "jido_coder_lib.llm.response")!;
  t.is(response.name, LLM_RESPONSE);
  t.deepEqual(
    [...response.measurements, ...response.metadata].flatMap((f) =>
      f.otel === undefined ? [] : [`${f.name} -> ${f.otel}`]
    ),
    [
      "input_tokens -> gen_ai.usage.input_tokens",
      "output_tokens -> gen_ai.usage.output_tokens",
      "cache_read_tokens -> gen_ai.usage.cache_read.input_tokens",
      "cache_creation_tokens -> gen_ai.usage.cache_creation.input_tokens",
      "reasoning_tokens -> gen_ai.usage.reasoning.output_tokens",
      "model -> gen_ai.request.model",
      "provider -> gen_ai.provider.name",
      "response_model -> gen_ai.response.model",
      "response_id -> gen_ai.response.id",
      "agent -> gen_ai.agent.name",
    ],
    "the catalog's otel: declarations",
  );
  t.true(deeplyFrozen(catalog), "the catalog and everything in it");
  t.is(shopCatalog.events[0].metadata.find((f) => f.name === "tags")?.type, "string[]");
});

test("emitLlmResponse() reaches a handler attached with the LLM_RESPONSE constant", (t) => {
  const seen: unknown[] = [];
  attach("gen-llm", LLM_RESPONSE, (e, m, md) => void seen.push([e, m, md]));
  emitLlmResponse({ duration: 812.4, input_tokens: 1200, output_tokens: 96 }, {
    model: "claude-sonnet-4",
    provider: "anthropic",
    finish_reason: "stop",
  });
  detach("gen-llm");
  t.deepEqual(seen, [[
    ["jido_coder_lib", "llm", "response"],
    { duration: 812.4, input_tokens: 1200, output_tokens: 96 },
    { model: "claude-sonnet-4", provider: "anthropic", finish_reason: "stop" },
  ]]);
});

test("calls that no longer match the catalog are compile errors", (t) => {
  const project = new Project({
    compilerOptions: { strict: true, allowImportingTsExtensions: true, noEmit: true, target: 9 },
  });
  project.addSourceFileAtPath("test/fixtures/catalog.generated.ts");
  const file = project.createSourceFile(
    "test/fixtures/use.ts",
    [
      'import { emitOrderPlaced, emitStockLow } from "./catalog.generated.ts";',
      'emitOrderPlaced({ total: 1, items: 1 }, { order_id: "o", channel: "web" });',
      'emitOrderPlaced({ total: 1 }, { order_id: "o", channel: "web" });',
      'emitOrderPlaced({ total: 1, items: 1 }, { order_id: "o", channel: "fax" });',
      'emitOrderPlaced({ total: "1", items: 1 }, { order_id: "o", channel: "web" });',
      "emitStockLow({}, { sku: 7 });",
      'emitOrderPlaced({ total: 1, items: 1 }, { order_id: "o", channel: "web", colour: "red" });',
    ].join("\n"),
  );
  const lines = file.getPreEmitDiagnostics().map((d) => d.getLineNumber());
  t.deepEqual(lines, [3, 4, 5, 6, 7]);
});

test("a catalog that includes the standard one lists the standard events first, then its own", (t) => {
  t.is(appCatalog.app, "my_agent");
  const keys = appCatalog.events.map((e) => e.key);
  t.deepEqual(keys, [
    "jido_coder_lib.session.start",
    "jido_coder_lib.session.stop",
    "jido_coder_lib.session.error",
    "jido_coder_lib.agent.dispatch",
    "jido_coder_lib.agent.complete",
    "jido_coder_lib.llm.request",
    "jido_coder_lib.llm.response",
    "jido_coder_lib.llm.cost",
    "jido_coder_lib.context.cache_hit",
    "jido_coder_lib.context.cache_miss",
    "my_agent.tool.call",
    "my_agent.review.requested",
  ]);
  t.is(appCatalog.events[0], catalog.events[0], "the standard entries themselves, not copies");
  t.is(APP_SESSION_START, SESSION_START, "standard names are re-exported, not redefined");
  t.true(deeplyFrozen(appCatalog));
});

test("an including catalog's own emitters reach handlers; its re-exported ones are the standard's", (t) => {
  const seen: unknown[] = [];
  attachMany("gen-app", [TOOL_CALL, REVIEW_REQUESTED, SESSION_START], (e, m, md) => {
    seen.push([e.join("."), m, md]);
  });
  try {
    emitToolCall({ duration: 3.5 }, { tool: "read_file", outcome: "ok" });
    emitReviewRequested();
    emitAppSessionStart({ system_time: 1 }, { session_id: "s-1" });
  } finally {
    detach("gen-app");
  }
  t.deepEqual(seen, [
    ["my_agent.tool.call", { duration: 3.5 }, { tool: "read_file", outcome: "ok" }],
    ["my_agent.review.requested", {}, {}],
    ["jido_coder_lib.session.start", { system_time: 1 }, { session_id: "s-1" }],
  ]);
});

test("CatalogEvents of an including catalog has the standard events and its own", (t) => {
  const project = new Project({
    compilerOptions: { strict: true, allowImportingTsExtensions: true, noEmit: true, target: 9 },
  });
  project.addSourceFileAtPath("test/fixtures/app.generated.ts");
  const file = project.createSourceFile(
    "test/fixtures/use_app.ts",
    [
      'import { type CatalogEventKey, type CatalogEvents, emitToolCall } from "./app.generated.ts";',
      'const a: CatalogEventKey = "jido_coder_lib.llm.response";',
      'const b: CatalogEventKey = "my_agent.tool.call";',
      'const c: CatalogEventKey = "my_agent.nope";',
      'const d: CatalogEvents["my_agent.tool.call"]["metadata"]["outcome"] = "denied";',
      'emitToolCall({ duration: 1 }, { tool: "t", outcome: "maybe" });',
      'emitToolCall({ duration: 1 }, { tool: "t", outcome: "ok" });',
      "export { a, b, c, d };",
    ].join("\n"),
  );
  const lines = file.getPreEmitDiagnostics().map((d) => d.getLineNumber());
  t.deepEqual(lines, [4, 6]);
});
