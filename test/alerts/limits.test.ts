// Alerts at the limits: values that cannot be sampled, windows and intervals that timers cannot
// hold, and windows of values near the float limits.
import test from "ava";
import { emitLlmResponse, standardCatalog } from "../../mod.ts";
import { alert, type AlertRule } from "../../src/alerts/mod.ts";
import { sum } from "../../src/metrics/mod.ts";
import { stderrOf } from "../fixtures/stderr.ts";

const metric = "jido_coder_lib.llm.response.duration";

const llm = (duration: number) =>
  emitLlmResponse({ duration, input_tokens: 1, output_tokens: 1 }, {
    model: "m",
    provider: "p",
    finish_reason: "stop",
  });

test.serial("alert() counts NaN and ±Infinity samples in rejectedCount, reports the first once, and ignores them", (t) => {
  const a = alert({
    name: "nan",
    catalog: standardCatalog,
    metric,
    condition: { above: 100, window: { ms: 60_000, aggregate: "max" } },
    clock: () => 0,
    checkEvery: 0,
  });
  const stderr = stderrOf(() => {
    llm(50);
    llm(NaN);
    llm(Infinity);
    llm(-Infinity);
  });
  t.is(a.rejectedCount, 3);
  t.is(a.value, 50, "the window holds the one finite sample");
  t.false(a.active);
  t.deepEqual(stderr, [
    `[telemetry] Alert "nan" rejected a value of metric "${metric}": NaN is not a finite number (not sampled; counted in rejectedCount, reported once)`,
  ]);
  a.stop();
});

test.serial("alert() on a definition rejects a value its unit conversion takes past the float range", (t) => {
  const a = alert({
    name: "ns",
    metric: sum("jido_coder_lib.llm.response.duration", {
      unit: { from: "millisecond", to: "nanosecond" },
    }),
    condition: { above: 1e295 },
    clock: () => 0,
  });
  const stderr = stderrOf(() => llm(1e305));
  t.is(a.rejectedCount, 1);
  t.is(a.value, undefined);
  t.false(a.active);
  t.regex(stderr[0], /1e\+305 millisecond is past the float range in nanosecond/);
  llm(1e290);
  t.is(a.value, 1e296);
  t.true(a.active);
  a.stop();
});

test.serial("alert() keeps a window's mean exact with values near the float limits", (t) => {
  let now = 0;
  const a = alert({
    name: "huge",
    catalog: standardCatalog,
    metric,
    condition: { above: 1e300, window: { ms: 1_000, aggregate: "mean" } },
    clock: () => now,
    checkEvery: 0,
  });
  llm(1e308);
  llm(1e308);
  t.is(a.value, 1e308, "the sum 2e308 is past the float range; the mean is not");
  t.true(a.active);
  now = 1_000;
  llm(2);
  llm(3);
  t.is(a.value, 2.5, "once the large samples left, the window reads exactly again");
  t.false(a.active);
  a.stop();
});

const base: AlertRule = {
  name: "limits",
  catalog: standardCatalog,
  metric,
  condition: { above: 1, window: { ms: 1_000 } },
};
const beyond = 2 ** 31;

const limits: [string, AlertRule, string][] = [
  [
    "a window",
    { ...base, condition: { above: 1, window: { ms: beyond } } },
    `Window of alert "limits" must be a positive number of milliseconds up to 2147483647 (the longest delay timers support), got ${beyond}`,
  ],
  [
    "a rate window",
    { ...base, condition: { moreThan: 1, within: Infinity } },
    'Window of alert "limits" must be a positive number of milliseconds up to 2147483647 (the longest delay timers support), got Infinity',
  ],
  [
    "a rate without a window",
    { ...base, condition: { moreThan: 1 } as never },
    'Window of alert "limits" must be a positive number of milliseconds up to 2147483647 (the longest delay timers support), got undefined',
  ],
  [
    "a window of NaN",
    { ...base, condition: { above: 1, window: { ms: NaN } } },
    'Window of alert "limits" must be a positive number of milliseconds up to 2147483647 (the longest delay timers support), got NaN',
  ],
  [
    "a cooldown",
    { ...base, cooldown: beyond },
    `Cooldown of alert "limits" must be a non-negative number of milliseconds up to 2147483647 (the longest delay timers support), got ${beyond}`,
  ],
  [
    "a negative cooldown",
    { ...base, cooldown: -1 },
    'Cooldown of alert "limits" must be a non-negative number of milliseconds up to 2147483647 (the longest delay timers support), got -1',
  ],
  [
    "a checkEvery",
    { ...base, checkEvery: beyond },
    `checkEvery of alert "limits" must be a non-negative number of milliseconds up to 2147483647 (the longest delay timers support), got ${beyond}`,
  ],
  [
    "a checkEvery of NaN",
    { ...base, checkEvery: NaN },
    'checkEvery of alert "limits" must be a non-negative number of milliseconds up to 2147483647 (the longest delay timers support), got NaN',
  ],
  [
    "a checkEvery that is not a number",
    { ...base, checkEvery: "5" as never },
    'checkEvery of alert "limits" must be a non-negative number of milliseconds up to 2147483647 (the longest delay timers support), got 5',
  ],
];

for (const [what, rule, message] of limits) {
  test.serial(`alert() rejects ${what} outside what timers support, and attaches nothing`, (t) => {
    t.throws(() => alert(rule), { instanceOf: TypeError, message });
    const ok = alert({ ...base, checkEvery: 0 }); // the name is free: nothing was attached
    ok.stop();
  });
}

test.serial("alert() accepts the longest window, cooldown and checkEvery timers support", (t) => {
  const a = alert({
    ...base,
    condition: { above: 1, window: { ms: 2 ** 31 - 1 } },
    cooldown: 2 ** 31 - 1,
    checkEvery: 2 ** 31 - 1,
  });
  t.true(a.stop());
});

test.serial("alert() rejects an unknown window aggregate instead of reading it as max", (t) => {
  t.throws(
    () =>
      alert({ ...base, condition: { above: 1, window: { ms: 1_000, aggregate: "avg" as never } } }),
    {
      instanceOf: TypeError,
      message:
        'Aggregate of alert "limits" must be one of "count", "sum", "mean", "min", "max", got "avg"',
    },
  );
});
