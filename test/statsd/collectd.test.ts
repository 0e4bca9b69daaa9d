// The StatsD reporter's standard format read by a real collectd (statsd plugin), whose csv
// plugin writes what it recorded: the totals must equal what was emitted. collectd starts once
// for the file, on a free loopback UDP port, in a temporary folder.
import test from "ava";
import { createSocket } from "node:dgram";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { emitLlmResponse, standardCatalog } from "../../mod.ts";
import { counter, lastValue, sum, summary } from "../../src/metrics/mod.ts";
import { createStatsdReporter } from "../../src/statsd/mod.ts";
import { type Server, startServer, tempDir, waitFor } from "../fixtures/servers.ts";

const tmp = tempDir("jido-collectd-");
const csv = join(tmp.dir, "csv", "jido", "statsd");
let collectd: Server;
let port = 0;

/** A free UDP port on 127.0.0.1. */
function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  return new Promise((resolve) =>
    socket.bind(0, "127.0.0.1", () => {
      const p = socket.address().port;
      socket.close(() => resolve(p));
    })
  );
}

test.before(async () => {
  port = await freeUdpPort();
  const config = join(tmp.dir, "collectd.conf");
  writeFileSync(
    config,
    `Hostname "jido"
FQDNLookup false
BaseDir "${tmp.dir}"
PIDFile "${tmp.dir}/collectd.pid"
PluginDir "/usr/lib/collectd"
TypesDB "/usr/share/collectd/types.db"
Interval 1
LoadPlugin statsd
LoadPlugin csv
<Plugin statsd>
  Host "127.0.0.1"
  Port "${port}"
  DeleteCounters false
  DeleteTimers false
  DeleteGauges false
  TimerCount true
  TimerSum true
  TimerLower true
  TimerUpper true
</Plugin>
<Plugin csv>
  DataDir "${tmp.dir}/csv"
  StoreRates false
</Plugin>
`,
  );
  // Ready once collectd says its plugins are initialised (the statsd socket is bound).
  collectd = await startServer(
    "collectd",
    ["-C", config, "-f"],
    (output) => /Initialization complete/.test(output),
  );
});

test.after.always(async () => {
  await collectd?.stop();
  if (!process.env.KEEP_TMP) tmp.remove();
});

/** The values collectd's csv plugin wrote for `file` (name without the date), NaN kept. */
function values(file: string): number[] {
  const found = existsSync(csv) ? readdirSync(csv).filter((f) => f.startsWith(`${file}-20`)) : [];
  return found.flatMap((f) =>
    readFileSync(join(csv, f), "utf8").trim().split("\n").slice(1).map((l) =>
      Number(l.split(",")[1])
    )
  );
}

test("collectd records exactly the counters, gauges and timers the reporter sent", async (t) => {
  const event = ["jido_coder_lib", "llm", "response"];
  const statsd = createStatsdReporter({
    catalog: standardCatalog,
    port,
    metrics: [
      counter("jido.calls", { event, tags: ["model"] }),
      sum("jido.tokens", { event, measurement: "output_tokens", tags: ["model"] }),
      lastValue("jido.balance", { event, measurement: (m) => 100 - (m.output_tokens as number) }),
      summary("jido.latency", { event, measurement: "duration" }),
    ],
  });
  const calls = [
    { model: "claude", duration: 250, tokens: 40 },
    { model: "gpt.4o", duration: 1500, tokens: 70 },
    // Whole milliseconds: collectd's statsd plugin drops a timer's fraction of a millisecond.
    { model: "claude", duration: 125, tokens: 90 },
    { model: "claude", duration: 4000, tokens: 110 },
  ];
  for (const c of calls) {
    emitLlmResponse({ duration: c.duration, input_tokens: 1, output_tokens: c.tokens }, {
      model: c.model,
      provider: "p",
      finish_reason: "stop",
    });
  }
  await statsd.close();
  // Four lines per call, and the negative balance set through 0 once.
  t.deepEqual(statsd.stats(), { lines: 17, datagrams: 1, failedLines: 0, lastError: undefined });
  // Counters are cumulative (derive) values; timers are per interval: add the intervals up.
  const last = (file: string) => values(file).at(-1);
  const total = (file: string) =>
    values(file).filter((v) => !Number.isNaN(v)).reduce((a, b) => a + b, 0);
  await waitFor(
    "collectd to write every value",
    () =>
      last("derive-jido.calls.claude") === 3 && total("gauge-jido.latency-count") === 4
        ? true
        : undefined,
  );
  t.is(last("derive-jido.calls.claude"), 3);
  t.is(last("derive-jido.calls.gpt_4o"), 1, "a dot in a tag value does not split the name");
  t.is(last("gauge-jido.tokens.claude"), 240, "sum deltas add up");
  t.is(last("gauge-jido.tokens.gpt_4o"), 70);
  t.is(last("gauge-jido.balance"), -10, "a negative gauge is set, not taken as a delta");
  t.is(total("gauge-jido.latency-count"), 4);
  // collectd's statsd plugin turns timer milliseconds into seconds.
  t.is(total("latency-jido.latency-sum"), (250 + 1500 + 125 + 4000) / 1000);
  t.is(Math.min(...values("latency-jido.latency-lower").filter((v) => !Number.isNaN(v))), 0.125);
  t.is(Math.max(...values("latency-jido.latency-upper").filter((v) => !Number.isNaN(v))), 4);
});
