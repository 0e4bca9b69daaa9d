import test from "ava";
import { execute, span } from "../../mod.ts";
import { createLogger } from "../../src/logger/mod.ts";
import { chat, executeTool, invokeAgent } from "../../src/trace/mod.ts";
import {
  assertNoSecret,
  captureEvents,
  captureLogs,
  captureSpans,
  TelemetryAssertionError,
} from "../../src/testing/mod.ts";

async function agentRun(): Promise<void> {
  await invokeAgent("coder", { session_id: "s1" }, async () => {
    await chat("claude-sonnet-4", { provider: "anthropic" }, () => Promise.resolve("edit"));
    try {
      executeTool("write_file", {}, () => {
        throw new TypeError("read-only");
      });
    } catch {
      // the tool's failure is the span's
    }
  });
}

test.serial("assertSpanTree() passes on the tree the spans made", async (t) => {
  const spans = captureSpans();
  await agentRun();
  spans.dispose();
  span(["kit", "after"], {}, () => 1);
  t.is(spans.spans().length, 3);
  t.is(spans.tree().length, 1);
  spans.assertSpanTree({
    name: "invoke_agent coder",
    metadata: { session_id: "s1" },
    children: [
      { name: /^chat /, status: "ok", attributes: { "gen_ai.request.model": "claude-sonnet-4" } },
      { name: "execute_tool write_file", status: "error", children: [] },
    ],
  });
  spans.assertSpanTree([{ name: "invoke_agent coder" }]);
  spans.clear();
  spans.assertSpanTree([]);
});

test.serial("assertSpanTree() fails with the first difference and both trees drawn", async (t) => {
  const spans = captureSpans();
  await agentRun();
  spans.dispose();
  const error = t.throws(
    () =>
      spans.assertSpanTree({
        name: "invoke_agent coder",
        children: [{ name: "chat claude-sonnet-4" }, {
          name: "execute_tool write_file",
          status: "ok",
        }],
      }),
    { instanceOf: TelemetryAssertionError },
  );
  t.is(
    error.message,
    `Span tree differs: invoke_agent coder › execute_tool write_file: expected status ok, got error
Expected:
  invoke_agent coder
  ├─ chat claude-sonnet-4  (children not checked)
  └─ execute_tool write_file  status=ok  (children not checked)
Actual:
  invoke_agent coder
  ├─ chat claude-sonnet-4
  └─ execute_tool write_file  status=error TypeError`,
  );
  t.regex(
    t.throws(() =>
      spans.assertSpanTree({
        name: "invoke_agent coder",
        children: [{ name: "chat claude-sonnet-4" }],
      })
    )
      .message,
    /^Span tree differs: invoke_agent coder: expected 1 children, got 2\n/,
  );
  t.regex(
    t.throws(() =>
      spans.assertSpanTree({
        name: "invoke_agent coder",
        children: [{ name: "chat x" }, { name: "y" }],
      })
    )
      .message,
    /^Span tree differs: invoke_agent coder › child 1: expected name "chat x", got "chat claude-sonnet-4"\n/,
  );
  t.regex(
    t.throws(() => spans.assertSpanTree([])).message,
    /^Span tree differs: the roots: expected 0 root spans, got 1\nExpected:\n {2}\(no spans\)\nActual:\n/,
  );
  t.regex(
    t.throws(() =>
      spans.assertSpanTree({
        name: "invoke_agent coder",
        attributes: { "gen_ai.agent.name": "other" },
      })
    )
      .message,
    /^Span tree differs: invoke_agent coder: expected attributes "gen_ai\.agent\.name" "other", got "coder"\n/,
  );
});

const secret = "sk-live-0123456789abcdef";

test.serial("assertNoSecret() passes when the secret was redacted or never there", (t) => {
  const logs = captureLogs();
  const events = captureEvents([["kit", "call"]]);
  createLogger(logs.loggerOptions).info("Calling", { api_key: secret });
  execute(["kit", "call"], { n: 1 }, { key_id: "k1" });
  events.dispose();
  assertNoSecret(secret, logs, events, "a body", new TextEncoder().encode("bytes"), { a: [1] });
  t.pass();
});

test.serial("assertNoSecret() names every place and never prints the secret", async (t) => {
  const logs = captureLogs();
  const events = captureEvents([["kit", "call"]]);
  const spans = captureSpans();
  createLogger({ ...logs.loggerOptions, redact: false }).info("Calling", { auth: secret });
  execute(["kit", "call"], {}, { headers: { "x-key": `Bearer ${secret}` } });
  await span(["kit", "span"], { note: secret }, () => Promise.resolve());
  events.dispose();
  spans.dispose();
  const body = new TextEncoder().encode(`{"v":"${secret}"}`);
  const error = t.throws(
    () =>
      assertNoSecret(secret, logs, events, spans, "clean", `x${secret}`, body, {
        err: new Error(`failed with ${secret}`),
        [secret]: 1,
      }),
    { instanceOf: TelemetryAssertionError },
  );
  t.false(error.message.includes(secret));
  t.false(error.message.includes("0123456789"));
  t.is(
    error.message,
    `Secret "sk-…" (24 characters) found in 8 places:
  log record #1 (info)
  event #1 kit.call.metadata.headers["x-key"]
  span #1 kit.span.metadata.note
  source 5
  source 6
  source 7.err.message
  source 7.err.stack
  source 7 (a key)`,
  );
});

test("assertNoSecret() finds a JSON-escaped secret and masks a short one whole", (t) => {
  const tricky = 'pa"ss\\word';
  t.throws(() => assertNoSecret(tricky, JSON.stringify({ p: tricky })), {
    message: `Secret "…" (10 characters) found in 1 place:\n  source 1`,
  });
  t.throws(() => assertNoSecret("abc", "abc"), {
    instanceOf: TypeError,
    message: "The secret must be a string of at least 4 characters",
  });
});
