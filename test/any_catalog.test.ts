// Every feature with a catalog that is not the standard one: a catalog of one event, and a user's
// generated catalog (test/fixtures/catalog.yaml, app "shop").
import test, { type ExecutionContext } from "ava";
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

/** Stops `performance.now()` at 1234.5 and `Date.now()` at 1_700_000_000_000 for the (serial) test. */
function fakeClock(t: ExecutionContext): void {
  const realDateNow = Date.now;
  performance.now = () => 1234.5;
  Date.now = () => 1_700_000_000_000;
  t.teardown(() => {
    delete (performance as { now?: unknown }).now; // back to Performance.prototype.now
    Date.now = realDateNow;
  });
}

test.serial.afterEach.always(() => {
  detachAll();
  resetCounters();
});

test.serial("a one-event catalog is logged, counted, timed, alerted on and reports failures", (t) => {
  fakeClock(t);
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
  const boom = new Error("boom");
  boom.stack = "Error: boom\n    at handler (a.ts:1:1)";
  attach("broken", ["worker", "job", "done"], () => {
    throw boom;
  });
  now = 1_500;
  execute(["worker", "job", "done"], { duration: 10 }, { queue: "q2" });
  slow.stop();
  t.deepEqual(lines, [
    "[info] worker.job.done duration=40 queue=q1",
    "[info] worker.job.done duration=250 queue=q1",
    "[error] telemetry.alert.triggered value=250 threshold=100 rule=slow-jobs " +
    'metric=worker.job.done.duration condition="above 100"',
    "[info] worker.job.done duration=10 queue=q2",
    "[info] telemetry.alert.resolved value=10 threshold=100 duration=500 rule=slow-jobs " +
    'metric=worker.job.done.duration condition="above 100"',
    "[error] telemetry.handler.failure monotonic_time=1234.5 system_time=1700000000000 " +
    'handler_id=broken event_name=["worker","job","done"] kind=error ' +
    'reason={"name":"Error","message":"boom","stack":"Error: boom\\n    at handler (a.ts:1:1)"} ' +
    'stacktrace="Error: boom\\n    at handler (a.ts:1:1)"',
  ]);
  t.deepEqual(getCounters(), { "worker.job.done": 3 });
  // 40, 250 and 10: p50 is of rank 2 (40), from the sketch, within 1%; p90 and above are of
  // rank 3, the last, which is the exact max.
  const { quantiles: { p50, ...upper }, ...stats } = getDurationStats()["worker.job.done"];
  t.deepEqual(stats, { count: 3, sum: 300, min: 10, max: 250, mean: 100 });
  t.true(Math.abs(p50 - 40) <= 0.4, `p50 ${p50}`);
  t.deepEqual(upper, { p90: 250, p95: 250, p99: 250 });
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
