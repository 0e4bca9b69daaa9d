/**
 * The OTLP rows: a batch of finished spans encoded as an OTLP/HTTP JSON body, against the
 * OpenTelemetry JS SDK's own JSON serializer (what its OTLP/HTTP exporter sends), and the bytes
 * each span takes in that body.
 *
 * @module
 */

import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { span } from "../../mod.ts";
import { createOtlpExporter, encodeSpans } from "../../src/otlp/mod.ts";
import { createServer } from "node:http";
import { type FinishedSpan, recordSpans } from "../../src/trace/mod.ts";
import type { Case, Result } from "../harness.ts";

/** Spans per body: the exporters' default batch size. */
const batch = 512;
const resource = { "service.name": "bench" };
const md = {
  session_id: "s-0001",
  tool: "read_file",
  file: "src/routes/users.ts",
  input_tokens: 1200,
  cached: true,
};

let ours: FinishedSpan[] = [];
let theirs: ReadableSpan[] = [];

/** The same spans on both sides: a parent and a child, 256 times, with the same attributes. */
function build(): void {
  const recorder = recordSpans({ capacity: batch });
  for (let i = 0; i < batch / 2; i++) {
    span(["bench", "agent"], md, () => span(["bench", "tool"], md, () => i));
  }
  recorder.stop();
  ours = recorder.spans();
  const kept: ReadableSpan[] = [];
  const processor: SpanProcessor = {
    onStart: () => {},
    onEnd: (s) => void kept.push(s),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const provider = new TracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer("@jido/telemetry", "0.1.0");
  for (let i = 0; i < batch / 2; i++) {
    const parent = tracer.startSpan("bench.agent", { attributes: md });
    tracer.startSpan("bench.tool", { attributes: md }).end();
    parent.end();
  }
  theirs = kept;
}

const encoder = new TextEncoder();
const oursBody = () => encoder.encode(encodeSpans(ours, { resource }));
const theirsBody = () => JsonTraceSerializer.serializeRequest(theirs)!;

interface Body {
  resourceSpans: { scopeSpans: { spans: { name: string; attributes: unknown[] }[] }[] }[];
}

function spansOf(bytes: Uint8Array): { name: string; attributes: number }[] {
  const body = JSON.parse(new TextDecoder().decode(bytes)) as Body;
  return body.resourceSpans.flatMap((r) =>
    r.scopeSpans.flatMap((s) =>
      s.spans.map((x) => ({ name: x.name, attributes: x.attributes.length }))
    )
  );
}

function check(): string {
  if (ours.length !== batch || theirs.length !== batch) build();
  const a = spansOf(oursBody());
  const b = spansOf(theirsBody());
  const key = (s: { name: string; attributes: number }) => `${s.name}/${s.attributes}`;
  const count = (list: { name: string; attributes: number }[]) => {
    const n = new Map<string, number>();
    for (const s of list) n.set(key(s), (n.get(key(s)) ?? 0) + 1);
    return JSON.stringify([...n].sort());
  };
  if (a.length !== batch || count(a) !== count(b)) {
    throw new Error(`Unequal work: ${count(a)} against ${count(b)}`);
  }
  return `${batch} spans each (${batch / 2} parents, ${batch / 2} children), 5 attributes per span`;
}

/** The OTLP rows. */
export const otlpCases: readonly Case[] = [
  {
    name: `OTLP/HTTP JSON body, ${batch} spans`,
    peer: "OpenTelemetry SDK JsonTraceSerializer",
    target: { ratio: 1 },
    setup: build,
    check,
    ours: oursBody,
    theirs: theirsBody,
  },
];

/** Bytes per span in the body, ours against the SDK's (same spans, same attributes). */
export function otlpBytesRow(): Result {
  build();
  const checked = check();
  const oursPer = oursBody().length / batch;
  const theirsPer = theirsBody().length / batch;
  return {
    name: `OTLP/HTTP JSON bytes per span, ${batch} spans`,
    ours_ns: oursPer,
    peer: "OpenTelemetry SDK JsonTraceSerializer",
    peer_ns: theirsPer,
    ratio: oursPer / theirsPer,
    target: "<= 1",
    met: oursPer <= theirsPer,
    checked,
    unit: "bytes",
  };
}

/**
 * Spans through the whole exporter, per span: recorded, queued, batched, encoded and POSTed to a
 * loopback receiver that reads every body, timed from the first span to `flush()` resolving;
 * against the SDK's tracer, `BatchSpanProcessor` and OTLP/HTTP JSON exporter doing the same.
 */
export async function otlpThroughputRow(quick: boolean): Promise<Result> {
  const n = quick ? 2_000 : 50_000;
  const got = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on("data", (chunk: Buffer) => void (got.bytes += chunk.length));
    req.on("end", () => {
      got.requests++;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    // Ours.
    const otlp = createOtlpExporter({ endpoint, resource, maxQueueSize: n });
    let began = performance.now();
    for (let i = 0; i < n; i++) span(["bench", "tool"], md, () => i);
    const counts = await otlp.flush({ timeoutMs: 120_000 });
    const oursMs = performance.now() - began;
    await otlp.shutdown();
    const ourRequests = got.requests;
    const ourBytes = got.bytes;
    // The SDK's.
    const exporter = new OTLPTraceExporter({
      url: `${endpoint}/v1/traces`,
      concurrencyLimit: 1000,
    });
    const provider = new TracerProvider({
      resource: resourceFromAttributes(resource),
      spanProcessors: [
        new BatchSpanProcessor({ exporter, maxQueueSize: n, maxExportBatchSize: 512 }),
      ],
    });
    const tracer = provider.getTracer("@jido/telemetry", "0.1.0");
    began = performance.now();
    for (let i = 0; i < n; i++) tracer.startSpan("bench.tool", { attributes: md }).end();
    await provider.forceFlush();
    const theirsMs = performance.now() - began;
    await provider.shutdown();
    const theirRequests = got.requests - ourRequests;
    if (counts.sent !== n || counts.dropped !== 0 || theirRequests === 0) {
      throw new Error(`Unequal work: ${JSON.stringify(counts)} of ${n} spans`);
    }
    const oursPer = (oursMs * 1e6) / n;
    const theirsPer = (theirsMs * 1e6) / n;
    return {
      name: "OTLP export end to end, per span (recorded, batched, encoded, POSTed to loopback)",
      ours_ns: oursPer,
      peer: "OpenTelemetry SDK BatchSpanProcessor + OTLPTraceExporter",
      peer_ns: theirsPer,
      ratio: oursPer / theirsPer,
      target: "<= 1",
      met: oursPer <= theirsPer,
      checked: `${n} spans each; ours in ${ourRequests} requests of ${
        Math.round(ourBytes / ourRequests)
      } bytes: ${Math.round(n / (oursMs / 1000))} spans per second; the SDK's ${
        Math.round(n / (theirsMs / 1000))
      } spans per second in ${theirRequests} requests`,
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
