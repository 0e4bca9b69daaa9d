// The StatsD reporter's lines and datagrams, captured by a UDP listener in the test and parsed
// per the DogStatsD grammar. (collectd reads the standard format in collectd.test.ts.)
import test from "ava";
import { createSocket, type Socket } from "node:dgram";
import { emitLlmResponse, listHandlers, standardCatalog } from "../../mod.ts";
import { counter, distribution, lastValue, sum, summary } from "../../src/metrics/mod.ts";
import {
  createStatsdReporter,
  formatValue,
  sanitizeStatsd,
  statsdLine,
} from "../../src/statsd/mod.ts";
import { stderrOf } from "../fixtures/stderr.ts";

const event = ["jido_coder_lib", "llm", "response"];

function respond(model: string, duration: number, outputTokens: number): void {
  emitLlmResponse({ duration, input_tokens: 3, output_tokens: outputTokens }, {
    model,
    provider: "p",
    finish_reason: "stop",
  });
}

/** A UDP listener collecting datagrams as strings. */
async function listener(type: "udp4" | "udp6" = "udp4") {
  const socket: Socket = createSocket(type);
  const datagrams: string[] = [];
  socket.on("message", (msg) => void datagrams.push(msg.toString("utf8")));
  await new Promise<void>((r) => socket.bind(0, type === "udp4" ? "127.0.0.1" : "::1", r));
  return {
    port: socket.address().port,
    datagrams,
    /** Waits until `n` datagrams arrived. */
    async received(n: number): Promise<string[]> {
      for (let i = 0; i < 200 && datagrams.length < n; i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      return datagrams;
    },
    close: () => new Promise<void>((r) => socket.close(() => r())),
  };
}

/** DogStatsD's metric grammar: name:value|type[|@rate][|#tag,...]. */
const dogstatsd =
  /^(?<name>[^:|@#,\s]+):(?<value>[+-]?[0-9]+(?:\.[0-9]+)?)\|(?<type>c|g|ms|h|d)(?:\|@(?<rate>[0-9.]+))?(?:\|#(?<tags>[^|\s]+))?$/;

function parse(line: string) {
  const m = dogstatsd.exec(line);
  if (m === null) throw new Error(`not DogStatsD: ${JSON.stringify(line)}`);
  const g = m.groups!;
  return {
    name: g.name,
    value: Number(g.value),
    sign: /^[+-]/.test(g.value) ? g.value[0] : "",
    type: g.type,
    rate: g.rate === undefined ? 1 : Number(g.rate),
    tags: g.tags === undefined ? [] : g.tags.split(","),
  };
}

test("statsdLine(): standard folds tag values into the name; DogStatsD adds |#k:v tags", (t) => {
  const tags = [["model", "claude.3"], ["provider", "x"]] as const;
  t.is(statsdLine("standard", "app.calls", 1, "c", tags), "app.calls.claude_3.x:1|c");
  t.is(
    statsdLine("datadog", "app.calls", 1, "c", tags),
    "app.calls:1|c|#model:claude.3,provider:x",
  );
  t.is(statsdLine("datadog", "app.lat", 0.5, "ms", [], 0.25), "app.lat:0.5|ms|@0.25");
  t.is(statsdLine("standard", "app.empty", 2, "g", [["model", ""]]), "app.empty._:2|g");
});

test("sanitizeStatsd() leaves no character a line could be forged with", (t) => {
  t.is(sanitizeStatsd("a:b|c@d#e,f g\nh\ri\tj ü😀"), "a_b_c_d_e_f_g_h_i_j____");
  t.is(sanitizeStatsd("ok.name-1_x"), "ok.name-1_x");
  t.is(sanitizeStatsd(""), "_");
  const hostile = "x:1|c\nevil:999|c|#admin:true";
  const line = statsdLine("datadog", hostile, 1, "c", [[hostile, hostile]]);
  t.is(line.split("\n").length, 1);
  t.deepEqual(parse(line), {
    name: "x_1_c_evil_999_c__admin_true",
    value: 1,
    sign: "",
    type: "c",
    rate: 1,
    tags: ["x_1_c_evil_999_c__admin_true:x_1_c_evil_999_c__admin_true"],
  });
});

test("formatValue() never writes an exponent", (t) => {
  t.deepEqual(
    [1e21, 1.5e22, 1e-7, -1.25e-8, 5e-324, 0.42, -3, 123456789.125, 2 ** 53].map(formatValue),
    [
      "1000000000000000000000",
      "15000000000000000000000",
      "0.0000001",
      "-0.0000000125",
      `0.${"0".repeat(323)}5`,
      "0.42",
      "-3",
      "123456789.125",
      "9007199254740992",
    ],
  );
});

test.serial("DogStatsD datagrams over IPv4 parse per the grammar with exact values", async (t) => {
  const udp = await listener();
  t.teardown(() => udp.close());
  const statsd = createStatsdReporter({
    catalog: standardCatalog,
    port: udp.port,
    format: "datadog",
    prefix: "coder",
    globalTags: { env: "test" },
    metrics: [
      counter("app.calls.count", { event, tags: ["model"] }),
      sum("app.tokens", { event, measurement: "output_tokens", tags: ["model"] }),
      lastValue("app.last", { event, measurement: "output_tokens" }),
      summary("app.latency", { event, measurement: "duration" }),
      distribution("app.latency.seconds", {
        event,
        measurement: "duration",
        unit: { from: "millisecond", to: "second" },
        buckets: [1],
      }),
      distribution("app.tokens.hist", {
        event,
        measurement: "output_tokens",
        buckets: [1],
        reporterOptions: { statsdType: "histogram" },
      }),
    ],
  });
  respond("claude", 250, 10);
  respond('we"ird|model', 1500, 5);
  await statsd.flush();
  const [datagram] = await udp.received(1);
  t.deepEqual(datagram.split("\n").map(parse), [
    {
      name: "coder.app.calls.count",
      value: 1,
      sign: "",
      type: "c",
      rate: 1,
      tags: ["env:test", "model:claude"],
    },
    {
      name: "coder.app.tokens",
      value: 10,
      sign: "+",
      type: "g",
      rate: 1,
      tags: ["env:test", "model:claude"],
    },
    { name: "coder.app.last", value: 10, sign: "", type: "g", rate: 1, tags: ["env:test"] },
    { name: "coder.app.latency", value: 250, sign: "", type: "ms", rate: 1, tags: ["env:test"] },
    {
      name: "coder.app.latency.seconds",
      value: 0.25,
      sign: "",
      type: "d",
      rate: 1,
      tags: ["env:test"],
    },
    { name: "coder.app.tokens.hist", value: 10, sign: "", type: "h", rate: 1, tags: ["env:test"] },
    {
      name: "coder.app.calls.count",
      value: 1,
      sign: "",
      type: "c",
      rate: 1,
      tags: ["env:test", 'model:we"ird_model'],
    },
    {
      name: "coder.app.tokens",
      value: 5,
      sign: "+",
      type: "g",
      rate: 1,
      tags: ["env:test", 'model:we"ird_model'],
    },
    { name: "coder.app.last", value: 5, sign: "", type: "g", rate: 1, tags: ["env:test"] },
    { name: "coder.app.latency", value: 1500, sign: "", type: "ms", rate: 1, tags: ["env:test"] },
    {
      name: "coder.app.latency.seconds",
      value: 1.5,
      sign: "",
      type: "d",
      rate: 1,
      tags: ["env:test"],
    },
    { name: "coder.app.tokens.hist", value: 5, sign: "", type: "h", rate: 1, tags: ["env:test"] },
  ]);
  t.deepEqual(statsd.stats(), { lines: 12, datagrams: 1, failedLines: 0, lastError: undefined });
  await statsd.close();
  t.deepEqual(listHandlers(event).filter((h) => h.id.startsWith("statsd:")), []);
});

test.serial("the standard format over IPv6; timers in milliseconds; a negative gauge is set through 0", async (t) => {
  const udp = await listener("udp6");
  t.teardown(() => udp.close());
  const statsd = createStatsdReporter({
    catalog: standardCatalog,
    host: "::1",
    port: udp.port,
    metrics: [
      counter("app.calls.count", { event, tags: ["model", "provider"] }),
      summary("app.latency.seconds", {
        event,
        measurement: "duration",
        unit: { from: "millisecond", to: "second" },
      }),
      lastValue("app.delta", { event, measurement: (m) => 5 - (m.output_tokens as number) }),
      sum("app.balance", { event, measurement: (m) => 5 - (m.output_tokens as number) }),
    ],
  });
  respond("claude.v2", 250, 10);
  await statsd.flush();
  const [datagram] = await udp.received(1);
  t.is(
    datagram,
    [
      "app.calls.count.claude_v2.p:1|c",
      "app.latency.seconds:250|ms",
      "app.delta:0|g",
      "app.delta:-5|g",
      "app.balance:-5|g",
    ].join("\n"),
  );
  await statsd.close();
});

test.serial("a negative gauge's two lines travel in one datagram, even where the first alone would fit", async (t) => {
  const udp = await listener();
  t.teardown(() => udp.close());
  const statsd = createStatsdReporter({
    catalog: standardCatalog,
    port: udp.port,
    maxDatagramSize: 64,
    metrics: [
      counter("app.calls.count.with.a.longer.name", { event }),
      lastValue("app.delta", { event, measurement: (m) => 5 - (m.output_tokens as number) }),
    ],
  });
  // The counter's line is 38 bytes: "app.delta:0|g" (13) would fit after it in 64, but not with
  // "app.delta:-5|g" (14) as well.
  respond("a", 1, 10);
  respond("a", 1, 10);
  await statsd.flush();
  const counted = "app.calls.count.with.a.longer.name:1|c";
  const gauge = "app.delta:0|g\napp.delta:-5|g";
  t.deepEqual(await udp.received(4), [counted, gauge, counted, gauge]);
  t.deepEqual(statsd.stats(), { lines: 6, datagrams: 4, failedLines: 0, lastError: undefined });
  await Promise.all([statsd.close(), statsd.close()]);
});

test.serial("lines are batched into datagrams no larger than maxDatagramSize, never split", async (t) => {
  const udp = await listener();
  t.teardown(() => udp.close());
  const statsd = createStatsdReporter({
    catalog: standardCatalog,
    port: udp.port,
    maxDatagramSize: 100,
    metrics: [counter("app.calls.count", { event, tags: ["model"] })],
  });
  const models = Array.from({ length: 30 }, (_, i) => `model-${i}`);
  for (const model of models) respond(model, 1, 1);
  await statsd.flush();
  const datagrams = await udp.received(statsd.stats().datagrams);
  const expected = models.map((m) => `app.calls.count.${m}:1|c`);
  t.deepEqual(datagrams.flatMap((d) => d.split("\n")), expected);
  for (const d of datagrams) t.true(new TextEncoder().encode(d).length <= 100, d);
  // Each datagram is as full as the next line allows.
  for (let i = 0; i < datagrams.length - 1; i++) {
    const nextLine = datagrams[i + 1].split("\n")[0];
    t.true(datagrams[i].length + 1 + nextLine.length > 100);
  }
  t.is(statsd.stats().datagrams, datagrams.length);
  await statsd.close();
});

test.serial("a line longer than a datagram is dropped, counted and reported once; the others go", async (t) => {
  const udp = await listener();
  t.teardown(() => udp.close());
  const statsd = createStatsdReporter({
    catalog: standardCatalog,
    port: udp.port,
    maxDatagramSize: 64,
    metrics: [counter("app.calls.count", { event, tags: ["model"] })],
  });
  const lines = stderrOf(() => {
    respond("x".repeat(100), 1, 1);
    respond("y".repeat(100), 1, 1);
    respond("ok", 1, 1);
  });
  t.deepEqual(lines, [
    `[telemetry] StatsD to 127.0.0.1:${udp.port} failed: a line of 120 bytes is longer than maxDatagramSize (64) (lines are counted as lost; reported once)`,
  ]);
  await statsd.flush();
  t.deepEqual(await udp.received(1), ["app.calls.count.ok:1|c"]);
  t.deepEqual(statsd.stats(), {
    lines: 1,
    datagrams: 1,
    failedLines: 2,
    lastError: "a line of 120 bytes is longer than maxDatagramSize (64)",
  });
  await statsd.close();
});

test.serial("a host that does not resolve never throws into the application: lines are counted as lost", async (t) => {
  const errors: string[] = [];
  const original = console.error;
  console.error = (line: string) => void errors.push(line);
  t.teardown(() => void (console.error = original));
  const statsd = createStatsdReporter({
    catalog: standardCatalog,
    host: "statsd.invalid",
    metrics: [counter("app.calls.count", { event })],
  });
  t.notThrows(() => respond("a", 1, 1));
  t.notThrows(() => respond("a", 1, 1));
  await statsd.flush();
  await statsd.close();
  const stats = statsd.stats();
  t.is(stats.failedLines, 2);
  t.regex(stats.lastError!, /ENOTFOUND|EAI_AGAIN/);
  t.is(errors.length, 1);
  t.regex(
    errors[0],
    /^\[telemetry\] StatsD to statsd\.invalid:8125 failed: .*(ENOTFOUND|EAI_AGAIN)/,
  );
});

test.serial("sampleRate sends about that share of events, marked |@rate; gauges are never sampled", async (t) => {
  const udp = await listener();
  t.teardown(() => udp.close());
  const random = Math.random;
  let i = 0;
  Math.random = () => (i++ % 4) / 4; // 0, 0.25, 0.5, 0.75: one in four below 0.25
  t.teardown(() => void (Math.random = random));
  const statsd = createStatsdReporter({
    catalog: standardCatalog,
    port: udp.port,
    maxDatagramSize: 65507,
    metrics: [
      counter("app.calls.count", { event, reporterOptions: { sampleRate: 0.25 } }),
      lastValue("app.last", {
        event,
        measurement: "output_tokens",
        reporterOptions: { sampleRate: 0.25 },
      }),
    ],
  });
  for (let n = 0; n < 8; n++) respond("a", 1, n);
  await statsd.flush();
  const [datagram] = await udp.received(1);
  const lines = datagram.split("\n");
  t.deepEqual(lines.filter((l) => l.startsWith("app.calls")), [
    "app.calls.count:1|c|@0.25",
    "app.calls.count:1|c|@0.25",
  ]);
  t.is(lines.filter((l) => l.startsWith("app.last")).length, 8);
  await statsd.close();
});

test("createStatsdReporter() checks its options", (t) => {
  const bad: [Record<string, unknown>, string][] = [
    [{ port: 0 }, "The StatsD port must be an integer from 1 to 65535, got 0"],
    [{ format: "graphite" }, 'The StatsD format must be "standard" or "datadog", got graphite'],
    [{ maxDatagramSize: 70_000 }, "maxDatagramSize must be an integer from 64 to 65507, got 70000"],
    [{ host: "" }, "The StatsD host must be a non-empty string"],
    [
      { metrics: [counter("a.b.count", { event, reporterOptions: { sampleRate: 2 } })] },
      'reporterOptions.sampleRate of metric "a.b.count" must be a number in (0, 1], got 2',
    ],
  ];
  for (const [options, message] of bad) {
    t.throws(() => createStatsdReporter({ catalog: standardCatalog, ...options }), { message });
  }
  t.throws(() => createStatsdReporter(undefined as never), {
    message:
      "createStatsdReporter() needs options.catalog: your generated catalog, or standardCatalog",
  });
});
