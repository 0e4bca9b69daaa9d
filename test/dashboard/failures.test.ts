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
