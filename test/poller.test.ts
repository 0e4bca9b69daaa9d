import test from "ava";
import {
  attach,
  detach,
  type Measurements,
  type Metadata,
  RUNTIME_POLL,
  startPoller,
} from "../mod.ts";

test.serial("startPoller() executes runtime.poll every interval until stopped", async (t) => {
  const seen: [Measurements, Metadata][] = [];
  attach("poll-watch", RUNTIME_POLL, (_e, m, md) => void seen.push([m, md]));
  const poller = startPoller({ interval: 20 });
  t.true(poller.running);
  const deadline = Date.now() + 5_000;
  while (seen.length < 3 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  t.true(poller.stop());
  t.false(poller.running);
  t.false(poller.stop());
  const count = seen.length;
  await new Promise((resolve) => setTimeout(resolve, 60));
  detach("poll-watch");
  t.true(count >= 3, `polled ${count} times`);
  t.is(seen.length, count, "no poll after stop()");
  const [m, md] = seen[0];
  t.deepEqual(md, { runtime: "node", interval: 20 });
  for (const key of ["heap_used", "heap_total", "rss", "external"]) {
    t.true(Number.isInteger(m[key]) && m[key] > 0, key);
  }
  t.true(m.event_loop_delay >= 0);
  const withMax = seen.filter(([x]) => x.event_loop_delay_max !== undefined);
  t.true(withMax.length > 0, "Node measures the largest delay");
  for (const [x] of withMax) t.true(x.event_loop_delay_max >= x.event_loop_delay);
  t.true(m.heap_used <= m.heap_total);
});

test.serial("poll() executes one event now", (t) => {
  const seen: Measurements[] = [];
  attach("poll-now", RUNTIME_POLL, (_e, m) => void seen.push(m));
  const poller = startPoller({ interval: 60_000 });
  poller.poll();
  poller.stop();
  detach("poll-now");
  t.is(seen.length, 1);
  t.is(seen[0].event_loop_delay, 0);
});

test("startPoller() rejects an interval that is not a positive number a timer supports", (t) => {
  for (const interval of [0, -5, Number.NaN, Infinity, 2 ** 31]) {
    t.throws(() => startPoller({ interval }), {
      instanceOf: TypeError,
      message:
        `Poller interval must be a positive number of milliseconds up to 2147483647, got ${interval}`,
    });
  }
});

test.serial("startPoller() measures nothing while nobody listens", (t) => {
  const poller = startPoller({ interval: 60_000 });
  t.notThrows(() => poller.poll());
  poller.stop();
  t.deepEqual(RUNTIME_POLL, ["telemetry", "runtime", "poll"]);
});

test("a running poller does not keep the process alive", async (t) => {
  const { spawnSync } = await import("node:child_process");
  const script =
    'import { startPoller } from "./mod.ts"; startPoller({ interval: 50 }); console.log("started");';
  const started = Date.now();
  const run = spawnSync(process.execPath, ["--import=tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
    timeout: 20_000,
  });
  t.is(run.stdout, "started\n");
  t.is(run.status, 0);
  t.true(Date.now() - started < 20_000);
});
