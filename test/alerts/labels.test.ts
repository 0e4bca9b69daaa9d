// An alert rule's severity and labels ride on its events (for Alertmanager and any handler).
import test from "ava";
import {
  ALERT_RESOLVED,
  ALERT_TRIGGERED,
  attach,
  detach,
  emitLlmResponse,
  standardCatalog,
} from "../../mod.ts";
import { alert } from "../../src/alerts/mod.ts";

function respond(duration: number): void {
  emitLlmResponse({ duration, input_tokens: 1, output_tokens: 1 }, {
    model: "m",
    provider: "p",
    finish_reason: "stop",
  });
}

test.serial("severity and labels are in the triggered and resolved metadata only when the rule has them", (t) => {
  const seen: unknown[] = [];
  attach("labels-watch", ALERT_TRIGGERED, (_e, _m, md) => void seen.push(md));
  attach("labels-watch-2", ALERT_RESOLVED, (_e, _m, md) => void seen.push(md));
  t.teardown(() => {
    detach("labels-watch");
    detach("labels-watch-2");
  });
  const base = {
    metric: "jido_coder_lib.llm.response.duration",
    catalog: standardCatalog,
    condition: { above: 10 },
  };
  const labelled = alert({ ...base, name: "L", severity: "critical", labels: { model: "m" } });
  const plain = alert({ ...base, name: "P" });
  respond(20);
  respond(5);
  labelled.stop();
  plain.stop();
  const condition = "above 10";
  const metric = base.metric;
  t.deepEqual(seen, [
    { rule: "L", metric, condition, severity: "critical", labels: { model: "m" } },
    { rule: "P", metric, condition },
    { rule: "L", metric, condition, severity: "critical", labels: { model: "m" } },
    { rule: "P", metric, condition },
  ]);
});

test("severity and labels are checked when the rule is made", (t) => {
  const base = {
    name: "X",
    metric: "jido_coder_lib.llm.response.duration",
    catalog: standardCatalog,
    condition: { above: 10 },
  };
  t.throws(() => alert({ ...base, severity: 3 as unknown as string }), {
    instanceOf: TypeError,
    message: 'Severity of alert "X" must be a string, got 3',
  });
  t.throws(() => alert({ ...base, labels: { "a-b": "x" } }), {
    instanceOf: TypeError,
    message:
      'Label "a-b" of alert "X" must be a label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)',
  });
  t.throws(() => alert({ ...base, labels: { __x: "x" } }), {
    instanceOf: TypeError,
    message:
      'Label "__x" of alert "X" must be a label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)',
  });
  t.notThrows(() => alert({ ...base, name: "Y", labels: { x__: "x" } }).stop());
  t.throws(() => alert({ ...base, labels: { severity: "low" } }), {
    instanceOf: TypeError,
    message:
      'Label "severity" of alert "X" is set from the rule (its name and severity); remove it',
  });
  t.throws(() => alert({ ...base, labels: { alertname: "Other" } }), {
    instanceOf: TypeError,
    message:
      'Label "alertname" of alert "X" is set from the rule (its name and severity); remove it',
  });
  t.throws(() => alert({ ...base, labels: { model: 1 as unknown as string } }), {
    instanceOf: TypeError,
    message: 'Label "model" of alert "X" must be a string, got 1',
  });
});

test.serial("a windowed rule re-checks itself every twentieth of its window (at least 100 ms) without events, until stopped", async (t) => {
  let now = 0;
  const resolved: unknown[] = [];
  attach("recheck-watch", ALERT_RESOLVED, (_e, _m, md) => void resolved.push(md.rule));
  t.teardown(() => detach("recheck-watch"));
  const rule = alert({
    name: "recheck",
    metric: "jido_coder_lib.llm.response.duration",
    catalog: standardCatalog,
    condition: { above: 10, window: { ms: 4_000, aggregate: "max" } },
    clock: () => now,
  });
  respond(20);
  t.true(rule.active);
  now = 5_000; // the sample has left the window; no event comes
  await new Promise((r) => setTimeout(r, 450)); // checkEvery: max(4000 / 20, 100) = 200 ms
  t.false(rule.active);
  t.deepEqual(resolved, ["recheck"]);
  t.true(rule.stop());
  t.false(rule.stop());
  now = 0;
  respond(20); // detached: no sample
  t.false(rule.active);
});
