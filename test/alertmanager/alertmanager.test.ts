// Alert rules notifying a real Alertmanager (v2 API): the alert is active after it fires and
// gone once resolved; while Alertmanager is stopped the application is unharmed, failures are
// counted, and the next re-send brings a restarted Alertmanager up to date. Alertmanager
// starts once for the file on a free loopback port in a temporary folder.
import test from "ava";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { emitLlmResponse, standardCatalog } from "../../mod.ts";
import { alert } from "../../src/alerts/mod.ts";
import { createAlertmanagerNotifier } from "../../src/alertmanager/mod.ts";
import {
  answers,
  freePort,
  type Server,
  startServer,
  tempDir,
  waitFor,
} from "../fixtures/servers.ts";

const tmp = tempDir("jido-alertmanager-");
let am: Server | undefined;
let port = 0;
let url = "";

async function startAlertmanager(): Promise<Server> {
  return await startServer("prometheus-alertmanager", [
    `--config.file=${join(tmp.dir, "alertmanager.yml")}`,
    `--storage.path=${join(tmp.dir, "data")}`,
    `--web.listen-address=127.0.0.1:${port}`,
    "--cluster.listen-address=",
  ], () => answers(`${url}/-/ready`));
}

test.before(async () => {
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
  writeFileSync(
    join(tmp.dir, "alertmanager.yml"),
    'route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n',
  );
  am = await startAlertmanager();
});

test.after.always(async () => {
  await am?.stop();
  tmp.remove();
});

interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

async function alertsNamed(name: string): Promise<GettableAlert[]> {
  const response = await fetch(
    `${url}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${name}"`)}`,
  );
  return await response.json() as GettableAlert[];
}

function respond(model: string, duration: number): void {
  emitLlmResponse({ duration, input_tokens: 1, output_tokens: 1 }, {
    model,
    provider: "p",
    finish_reason: "stop",
  });
}

function slowRule(name: string) {
  return alert({
    name,
    metric: "jido_coder_lib.llm.response.duration",
    catalog: standardCatalog,
    condition: { above: 1000 },
    keep: (md) => md.model === "claude",
    severity: "critical",
    labels: { model: "claude" },
  });
}

test.serial("Alertmanager shows the alert active after it fires, with its labels and summary, and not after it resolves", async (t) => {
  const notifier = createAlertmanagerNotifier({
    url,
    labels: { service: "coder" },
    generatorURL: "http://127.0.0.1/dashboard",
  });
  const rule = slowRule("SlowLlm");
  t.teardown(() => {
    rule.stop();
    notifier.stop();
  });
  respond("claude", 2500);
  await notifier.flush();
  const [firing] = await waitFor("the alert", async () => {
    const found = await alertsNamed("SlowLlm");
    return found.length === 1 ? found : undefined;
  });
  t.deepEqual(firing.labels, {
    alertname: "SlowLlm",
    model: "claude",
    service: "coder",
    severity: "critical",
  });
  t.deepEqual(firing.annotations, {
    summary: "SlowLlm fired: jido_coder_lib.llm.response.duration is 2500 (above 1000)",
    metric: "jido_coder_lib.llm.response.duration",
    value: "2500",
    threshold: "1000",
    condition: "above 1000",
  });
  t.is(firing.status.state, "active");
  t.true(Date.parse(firing.endsAt) > Date.now() + 3 * 60_000, "four re-send intervals ahead");
  respond("claude", 300);
  await notifier.flush();
  await waitFor(
    "the alert to resolve",
    async () => (await alertsNamed("SlowLlm")).length === 0 ? true : undefined,
  );
  t.deepEqual(notifier.stats(), { sent: 2, failed: 0, lastError: undefined, active: 0 });
});

test.serial("while Alertmanager is down the application is unharmed; a restarted one catches up at the next re-send", async (t) => {
  await am!.stop();
  am = undefined;
  const errors: string[] = [];
  const original = console.error;
  console.error = (line: string) => void errors.push(line);
  t.teardown(() => void (console.error = original));
  const notifier = createAlertmanagerNotifier({ url, resendIntervalMs: 1000 });
  const rule = slowRule("DownTime");
  t.teardown(() => {
    rule.stop();
    notifier.stop();
  });
  t.notThrows(() => respond("claude", 5000));
  await notifier.flush();
  t.like(notifier.stats(), { sent: 0, failed: 1, active: 1 });
  t.is(errors.length, 1);
  t.is(
    errors[0],
    `[telemetry] Alertmanager at ${url}/api/v2/alerts failed: fetch failed (failures are counted; reported once)`,
  );
  am = await startAlertmanager();
  const [caught] = await waitFor("the re-sent alert", async () => {
    const found = await alertsNamed("DownTime");
    return found.length === 1 ? found : undefined;
  });
  t.is(caught.status.state, "active");
  t.is(caught.labels.severity, "critical");
  t.is(errors.length, 1, "reported once");
});

test("createAlertmanagerNotifier() checks its options", (t) => {
  t.throws(() => createAlertmanagerNotifier({ url: "" }), {
    instanceOf: TypeError,
    message: "The Alertmanager url must be a non-empty string",
  });
  t.throws(() => createAlertmanagerNotifier({ url: "http://x", resendIntervalMs: 10 }), {
    instanceOf: RangeError,
    message: "resendIntervalMs must be from 1000 to 2147483647, got 10",
  });
  t.throws(() => createAlertmanagerNotifier({ url: "http://x", labels: { "a-b": "c" } }), {
    instanceOf: TypeError,
    message: 'Label name "a-b" is invalid',
  });
});
