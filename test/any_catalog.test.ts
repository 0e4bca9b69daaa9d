// Every feature with a catalog that is not the standard one: a catalog of one event, and a user's
// generated catalog (test/fixtures/catalog.yaml, app "shop").
import test from "ava";
import {
  attach,
  attachAll,
  defineCatalog,
  detachAll,
  execute,
  getCounters,
  getDurationStats,
  getMetrics,
  resetCounters,
} from "../mod.ts";
import { alert } from "../src/alerts/mod.ts";
import { createLogger } from "../src/logger/mod.ts";
import { cacheHitRatio, defaultDefinitions } from "../src/metrics/mod.ts";
import { catalog as shop, emitOrderPlaced, ORDER_PLACED } from "./fixtures/catalog.generated.ts";

const jobDone = defineCatalog({
  app: "worker",
  events: [{
    name: ["worker", "job", "done"],
    key: "worker.job.done",
    level: "info",
    description: "A job finished.",
    measurements: [{
      name: "duration",
      type: "float",
      unit: "millisecond",
      required: true,
      description: "How long it ran.",
    }],
    metadata: [{ name: "queue", type: "string", required: true, description: "Its queue." }],
  }],
});

function capture() {
  const lines: string[] = [];
  const logger = createLogger({
    format: "minimal",
    level: "debug",
    sink: (line) => void lines.push(line),
    callSite: false,
  });
  return { lines, logger };
}

test.serial.afterEach.always(() => {
  detachAll();
  resetCounters();
});

test.serial("a one-event catalog is logged, counted, timed, alerted on and reports failures", (t) => {
  const { lines, logger } = capture();
  attachAll({ catalog: jobDone, log: { logger } });
  let now = 1_000;
  const slow = alert({
    name: "slow-jobs",
    metric: "worker.job.done.duration",
    catalog: jobDone,
    condition: { above: 100 },
    clock: () => now,
  });
  execute(["worker", "job", "done"], { duration: 40 }, { queue: "q1" });
  execute(["worker", "job", "done"], { duration: 250 }, { queue: "q1" });
  attach("broken", ["worker", "job", "done"], () => {
    throw new Error("boom");
  });
  now = 1_500;
  execute(["worker", "job", "done"], { duration: 10 }, { queue: "q2" });
  slow.stop();
  const alertFields =
    'threshold=100 rule=slow-jobs metric=worker.job.done.duration condition="above 100"';
  t.deepEqual(lines.slice(0, 5), [
    "[info] worker.job.done duration=40 queue=q1",
    "[info] worker.job.done duration=250 queue=q1",
    `[error] telemetry.alert.triggered value=250 ${alertFields}`,
    "[info] worker.job.done duration=10 queue=q2",
    `[info] telemetry.alert.resolved value=10 threshold=100 duration=500 ${
      alertFields.slice("threshold=100 ".length)
    }`,
  ]);
  t.is(lines.length, 6);
  t.regex(
    lines[5],
    /^\[error\] telemetry\.handler\.failure monotonic_time=[\d.]+ system_time=\d+ handler_id=broken /,
  );
  t.deepEqual(getCounters(), { "worker.job.done": 3 });
  t.like(getDurationStats()["worker.job.done"], { count: 3, sum: 300, min: 10, max: 250 });
  t.deepEqual(cacheHitRatio(getMetrics()), [], "no cache events in this catalog");
  t.deepEqual(defaultDefinitions(jobDone).map((d) => `${d.kind} ${d.name}`), [
    "counter worker.job.done.count",
    "summary worker.job.done.duration",
  ]);
});

test.serial("a user's generated catalog works through its own emitters", (t) => {
  const { lines, logger } = capture();
  attachAll({ catalog: shop, log: { logger } });
  emitOrderPlaced({ total: 12.5, items: 2 }, { order_id: "o-1", channel: "web" });
  t.deepEqual(ORDER_PLACED, ["shop", "order", "placed"]);
  t.deepEqual(lines, ["[info] shop.order.placed total=12.5 items=2 order_id=o-1 channel=web"]);
  t.deepEqual(getCounters(), { "shop.order.placed": 1 });
});
