// The dashboard when its sources fail or its clients misbehave: never a crash, never a hang.
import test from "ava";
import { serveDashboard } from "../../src/dashboard/mod.ts";

test("a metrics, cost or log source that throws gives a page without that data, not a crash", async (t) => {
  const boom = () => {
    throw new Error("source down");
  };
  const server = await serveDashboard({
    port: 0,
    metrics: boom,
    cost: boom,
    logs: { lines: boom, sink: () => {} } as never,
    intervalMs: 0,
  });
  t.teardown(() => server.close());
  const snapshot = await fetch(`${server.url}api/snapshot`);
  t.is(snapshot.status, 200);
  const body = await snapshot.json();
  t.deepEqual([body.metrics, body.cost, body.logs], [[], [], []]);
  // The event stream starts too: its first frame carries the same empty data.
  const events = await fetch(`${server.url}api/events`);
  t.is(events.status, 200);
  const reader = events.body!.getReader();
  let text = "";
  while (!text.includes("event: snapshot")) {
    const { done, value } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  await reader.cancel();
  t.regex(text, /event: snapshot\ndata: \{/);
});

test("HEAD /api/events answers with headers and ends", async (t) => {
  const server = await serveDashboard({ port: 0, metrics: () => [], intervalMs: 0 });
  t.teardown(() => server.close());
  const head = await fetch(`${server.url}api/events`, { method: "HEAD" });
  t.is(head.status, 200);
  t.is(head.headers.get("content-type"), "text/event-stream; charset=utf-8");
  t.is(await head.text(), "");
});

test("serveDashboard() can also serve a Prometheus reporter's /metrics on its port, behind its token", async (t) => {
  const { standardCatalog, emitLlmResponse } = await import("../../mod.ts");
  const { createPrometheusReporter } = await import("../../src/prometheus/mod.ts");
  const prometheus = createPrometheusReporter({ catalog: standardCatalog });
  t.teardown(() => prometheus.detach());
  emitLlmResponse({ duration: 5, input_tokens: 1, output_tokens: 1 }, {
    model: "m",
    provider: "p",
    finish_reason: "stop",
  });
  const token = "0123456789abcdef-token";
  const server = await serveDashboard({
    port: 0,
    hostname: "0.0.0.0",
    token,
    metrics: prometheus.store,
    intervalMs: 0,
    prometheus,
  });
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${server.port}/metrics`;
  t.is((await fetch(url)).status, 401);
  const scrape = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  t.is(scrape.status, 200);
  t.regex(await scrape.text(), /^jido_coder_lib_llm_response_total 1$/m);
  const page = await fetch(`http://127.0.0.1:${server.port}/?token=${token}`);
  t.is(page.status, 200);
});
