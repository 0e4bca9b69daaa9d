import test, { type ExecutionContext } from "ava";
import {
  attach,
  detach,
  type Measurements,
  type Metadata,
  RUNTIME_POLL,
  startPoller,
} from "../mod.ts";

/** Makes `process.memoryUsage()` return fixed figures for the rest of the (serial) test. */
function fixedMemory(t: ExecutionContext): { readonly reads: number } {
  const real = process.memoryUsage;
  const counter = { reads: 0 };
  const fake = () => {
    counter.reads++;
    return { rss: 4000, heapTotal: 3000, heapUsed: 2000, external: 100, arrayBuffers: 10 };
  };
  process.memoryUsage = Object.assign(fake, { rss: () => 4000 });
  t.teardown(() => {
    process.memoryUsage = real;
  });
  return counter;
}

test.serial("startPoller() executes runtime.poll repeatedly, an interval apart or more, until stopped", async (t) => {
  t.deepEqual(RUNTIME_POLL, ["telemetry", "runtime", "poll"]);
  const seen: [Measurements, Metadata][] = [];
  const at: number[] = [];
  attach("poll-watch", RUNTIME_POLL, (_e, m, md) => {
    seen.push([m, md]);
    at.push(performance.now());
  });
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
  for (let i = 1; i < at.length; i++) {
    // Timers count from the event loop's cached, whole-millisecond clock, which can lag the
    // moment a poll runs by a little: 5 ms of slack, far from polling twice an interval.
    t.true(at[i] - at[i - 1] >= 15, `poll ${i} came ${at[i] - at[i - 1]} ms after the one before`);
  }
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

test.serial("poll() executes one event now, with the process's memory and no delay", (t) => {
  fixedMemory(t);
  const seen: [Measurements, Metadata][] = [];
  attach("poll-now", RUNTIME_POLL, (_e, m, md) => void seen.push([m, md]));
  const poller = startPoller({ interval: 60_000 });
  poller.poll();
  poller.stop();
  detach("poll-now");
  t.is(seen.length, 1);
  const [{ event_loop_delay_max, ...m }, md] = seen[0];
  t.deepEqual(m, {
    heap_used: 2000,
    heap_total: 3000,
    rss: 4000,
    external: 100,
    event_loop_delay: 0,
  });
  t.deepEqual(md, { runtime: "node", interval: 60_000 });
  // The histogram's largest delay since startPoller(): absent while it has recorded none.
  t.true(event_loop_delay_max === undefined || event_loop_delay_max >= 0);
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
  const memory = fixedMemory(t);
  const poller = startPoller({ interval: 60_000 });
  t.notThrows(() => poller.poll());
  t.is(memory.reads, 0);
  attach("poll-count", RUNTIME_POLL, () => {});
  poller.poll();
  detach("poll-count");
  poller.stop();
  t.is(memory.reads, 1, "the same poll reads the memory once a handler listens");
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
