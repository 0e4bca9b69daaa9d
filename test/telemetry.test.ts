import test from "ava";
import {
  attach,
  attachLogHandler,
  attachMany,
  channel,
  detach,
  detachLogHandler,
  type EventName,
  execute,
  HANDLER_FAILURE,
  listHandlers,
  type Measurements,
  type Metadata,
  standardCatalog,
  TelemetryError,
} from "../mod.ts";
import { createLogger } from "../src/logger/mod.ts";
import { findNode } from "../src/_handler_table.ts";

type Call = [EventName, Measurements, Metadata, unknown];

let n = 0;
/** A fresh event name and handler id per test, so tests never see each other's handlers. */
function fresh(): { id: string; event: string[] } {
  n++;
  return { id: `h${n}`, event: ["bus_test", `t${n}`, "done"] };
}

function recorder(): { calls: Call[]; handler: (...args: Call) => void } {
  const calls: Call[] = [];
  return { calls, handler: (...args: Call) => void calls.push(args) };
}

/** Collects failure events for the duration of `fn`. */
function withFailures(fn: (failures: Metadata[]) => void): void {
  const failures: Metadata[] = [];
  const id = `failure-watch-${++n}`;
  attach(id, HANDLER_FAILURE, (_e, _m, md) => void failures.push(md));
  try {
    fn(failures);
  } finally {
    detach(id);
  }
}

test.serial("attach() calls the handler with event name, measurements, metadata and config", (t) => {
  const { id, event } = fresh();
  const r = recorder();
  attach(id, event, r.handler, { sink: "x" });
  execute(event, { duration: 5 }, { session_id: "s-1" });
  t.deepEqual(r.calls, [[event, { duration: 5 }, { session_id: "s-1" }, { sink: "x" }]]);
  t.true(detach(id));
});

test.serial("attach() rejects a handler id that is taken", (t) => {
  const { id, event } = fresh();
  attach(id, event, () => {});
  const error = t.throws(() => attach(id, ["other", "event"], () => {}), {
    instanceOf: TelemetryError,
    message: `Handler id "${id}" is already attached`,
  });
  t.is(error?.code, "already_exists");
  t.is(listHandlers(["other"]).length, 0);
  detach(id);
});

test.serial("attach() rejects event names that are not non-empty arrays of non-empty strings", (t) => {
  // Each value is described without calling user code: strings quoted, arrays element by
  // element, objects and functions by kind.
  const bad: [unknown, string][] = [
    [[], "[]"],
    ["a.b", '"a.b"'],
    [["a", ""], '["a", ""]'],
    [["a", 1], '["a", 1]'],
    [null, "null"],
    [undefined, "undefined"],
    [[["a"]], '[["a"]]'],
    [{ toString: () => "never called" }, "an object"],
    [() => "never called", "a function"],
    [["a", null, {}, () => 1, undefined, 2n], '["a", null, an object, a function, undefined, 2]'],
  ];
  for (const [name, described] of bad) {
    t.throws(() => attach("bad-name", name as EventName, () => {}), {
      instanceOf: TypeError,
      message: `Event name must be a non-empty array of non-empty strings, got ${described}`,
    });
  }
  t.deepEqual(listHandlers([]).filter((h) => h.id === "bad-name"), []);
});

test.serial("attach() rejects a handler that is not a function", (t) => {
  t.throws(() => attach("not-fn", ["a", "b"], "nope" as unknown as () => void), {
    instanceOf: TypeError,
    message: 'Handler "not-fn" must be a function, got "nope"',
  });
});

test.serial("attach() copies the event name so later changes to the caller's array do nothing", (t) => {
  const { id, event } = fresh();
  const r = recorder();
  const name = [...event];
  attach(id, name, r.handler);
  name[2] = "changed";
  execute(event, { x: 1 });
  t.is(r.calls.length, 1);
  detach(id);
});

test.serial("execute() calls handlers of exactly that event, not prefixes nor longer names", (t) => {
  const { id, event } = fresh();
  const exact = recorder();
  const prefix = recorder();
  const longer = recorder();
  attach(`${id}-exact`, event, exact.handler);
  attach(`${id}-prefix`, event.slice(0, 2), prefix.handler);
  attach(`${id}-longer`, [...event, "more"], longer.handler);
  execute(event, { x: 1 });
  t.is(exact.calls.length, 1);
  t.is(prefix.calls.length, 0);
  t.is(longer.calls.length, 0);
  for (const s of ["exact", "prefix", "longer"]) detach(`${id}-${s}`);
});

test.serial("execute() keeps a handler that returns a value that is not a promise", (t) => {
  const { id, event } = fresh();
  const returned: unknown[] = [42, "text", { then: "not a function" }, [], null, false];
  let calls = 0;
  withFailures((failures) => {
    attach(id, event, () => returned[calls++]);
    for (let i = 0; i < returned.length; i++) execute(event, {});
    t.is(calls, returned.length);
    t.deepEqual(failures, []);
  });
  t.deepEqual(listHandlers(event).map((h) => h.id), [id]);
  detach(id);
});

test.serial("execute() calls handlers in attach order and defaults metadata to {}", (t) => {
  const { id, event } = fresh();
  const order: string[] = [];
  for (const k of ["a", "b", "c"]) {
    attach(`${id}${k}`, event, (_e, _m, md) => void order.push(k + JSON.stringify(md)));
  }
  execute(event, { x: 1 });
  t.deepEqual(order, ["a{}", "b{}", "c{}"]);
  for (const k of ["a", "b", "c"]) detach(`${id}${k}`);
});

test.serial("execute() with no handler, or with a bad name, does nothing and does not throw", (t) => {
  t.notThrows(() => execute(["nobody", "listens"], { x: 1 }));
  t.notThrows(() => execute("a.b" as unknown as EventName, { x: 1 }));
  t.notThrows(() => execute(undefined as unknown as EventName, { x: 1 }));
});

test.serial("execute() detaches a throwing handler, runs the others and reports the failure", (t) => {
  const { id, event } = fresh();
  const after = recorder();
  const failureMeasurements: Measurements[] = [];
  attach(`${id}-m`, HANDLER_FAILURE, (_e, m) => void failureMeasurements.push(m));
  t.teardown(() => detach(`${id}-m`));
  withFailures((failures) => {
    attachMany(`${id}-bad`, [event, [...event, "other"]], () => {
      throw new RangeError("boom");
    }, { cfg: 1 });
    attach(`${id}-good`, event, after.handler);
    t.notThrows(() => execute(event, { x: 1 }, { m: 1 }));
    t.is(after.calls.length, 1);
    t.deepEqual(listHandlers(event).map((h) => h.id), [`${id}-good`]);
    t.deepEqual(listHandlers([...event, "other"]), []);
    t.is(failures.length, 1);
    const f = failures[0];
    t.is(f.handler_id, `${id}-bad`);
    t.deepEqual(f.handler_config, { cfg: 1 });
    t.deepEqual(f.event_name, event);
    t.is(f.kind, "error");
    t.true(f.reason instanceof RangeError);
    t.regex(String(f.stacktrace), /^RangeError: boom\n\s+at /);
    t.deepEqual(Object.keys(failureMeasurements[0]), ["monotonic_time", "system_time"]);
    t.true(Math.abs(failureMeasurements[0].system_time - Date.now()) < 60_000);
    t.true(Math.abs(failureMeasurements[0].monotonic_time - performance.now()) < 60_000);
    execute(event, { x: 2 });
    t.is(failures.length, 1, "a detached handler is not called again");
    t.is(after.calls.length, 2);
  });
  detach(`${id}-good`);
});

test.serial("execute() reports a thrown non-Error with kind throw", (t) => {
  const { id, event } = fresh();
  withFailures((failures) => {
    attach(id, event, () => {
      throw "just a string";
    });
    execute(event, {});
    t.is(failures[0].kind, "throw");
    t.is(failures[0].reason, "just a string");
    t.is(failures[0].stacktrace, "");
  });
});

test.serial("execute() treats a rejected promise from an async handler as a failure", async (t) => {
  const { id, event } = fresh();
  const failures: Metadata[] = [];
  attach(`${id}-watch`, HANDLER_FAILURE, (_e, _m, md) => void failures.push(md));
  attach(id, event, async () => {
    await Promise.resolve();
    throw new Error("late");
  });
  execute(event, {});
  await new Promise((resolve) => setTimeout(resolve, 10));
  t.is(failures.length, 1);
  t.is((failures[0].reason as Error).message, "late");
  t.false(detach(id));
  detach(`${id}-watch`);
});

test.serial("execute() writes one line to stderr when nobody watches handler failures", (t) => {
  const { id, event } = fresh();
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => void lines.push(line);
  try {
    attach(id, event, () => {
      throw new Error("quiet\nfailure");
    });
    execute(event, {});
  } finally {
    console.error = original;
  }
  t.deepEqual(lines, [
    `[telemetry] Handler "${id}" failed on "bus_test.${
      event[1]
    }.done" and was detached: "Error: quiet\\nfailure"`,
  ]);
});

test.serial("execute() survives a failure handler that throws too", (t) => {
  const { id, event } = fresh();
  const original = console.error;
  const lines: string[] = [];
  console.error = (line: string) => void lines.push(line);
  try {
    attach(`${id}-failwatch`, HANDLER_FAILURE, () => {
      throw new Error("watcher broke");
    });
    attach(id, event, () => {
      throw new Error("first");
    });
    t.notThrows(() => execute(event, {}));
  } finally {
    console.error = original;
  }
  t.false(detach(id));
  t.false(detach(`${id}-failwatch`));
  t.is(lines.length, 1);
  t.regex(lines[0], /Handler "h\d+-failwatch" failed on "telemetry.handler.failure"/);
});

test.serial("attaching or detaching inside a handler does not disturb the dispatch in progress", (t) => {
  const { id, event } = fresh();
  const seen: string[] = [];
  attach(`${id}-1`, event, () => {
    seen.push("1");
    detach(`${id}-2`);
    attach(`${id}-3`, event, () => void seen.push("3"));
  });
  attach(`${id}-2`, event, () => void seen.push("2"));
  execute(event, {});
  t.deepEqual(seen, ["1", "2"]);
  seen.length = 0;
  detach(`${id}-3`);
  execute(event, {});
  t.deepEqual(seen, ["1"]);
  detach(`${id}-1`);
});

test.serial("detach() returns true once, then false, and removes the handler from all its events", (t) => {
  const { id, event } = fresh();
  const r = recorder();
  attachMany(id, [event, [...event, "x"]], r.handler);
  t.true(detach(id));
  t.false(detach(id));
  t.false(detach("never-attached"));
  execute(event, {});
  execute([...event, "x"], {});
  t.is(r.calls.length, 0);
  t.notThrows(() => attach(id, event, r.handler), "the id can be reused");
  detach(id);
});

test.serial("attachMany() attaches one id to several events, once per distinct name", (t) => {
  const { id, event } = fresh();
  const r = recorder();
  const other = [...event.slice(0, 2), "other"];
  attachMany(id, [event, other, [...event]], r.handler, 7);
  execute(event, { a: 1 });
  execute(other, { b: 2 });
  t.deepEqual(r.calls.map((c) => [c[0], c[3]]), [[event, 7], [other, 7]]);
  t.deepEqual(listHandlers([]).filter((h) => h.id === id).map((h) => h.eventName), [
    event,
    other,
  ]);
  t.throws(() => attachMany(42 as unknown as string, [event], r.handler), {
    instanceOf: TypeError,
    message: "Handler id must be a string, got 42",
  });
  t.throws(() => attach(null as unknown as string, event, r.handler), {
    instanceOf: TypeError,
    message: "Handler id must be a string, got null",
  });
  t.throws(() => attachMany(`${id}-none`, [], r.handler), {
    instanceOf: TypeError,
    message:
      `Event names for handler "${id}-none" must be a non-empty array of event names, got []`,
  });
  t.throws(() => attachMany(`${id}-bad`, [event, ["ok", ""]], r.handler), {
    message:
      `Event name for handler "${id}-bad" must be a non-empty array of non-empty strings, got ["ok", ""]`,
  });
  t.deepEqual(listHandlers(["ok"]), [], "a bad name attaches nothing");
  detach(id);
});

test.serial("listHandlers() lists by prefix in attach order, [] listing every handler", (t) => {
  const { id } = fresh();
  const h = () => {};
  attach(`${id}-a`, ["lh", "llm", "request"], h, { level: "debug" });
  attach(`${id}-b`, ["lh", "llm", "response"], h);
  attach(`${id}-c`, ["lh", "session", "start"], h);
  t.deepEqual(listHandlers(["lh", "llm"]), [
    { id: `${id}-a`, eventName: ["lh", "llm", "request"], handler: h, config: { level: "debug" } },
    { id: `${id}-b`, eventName: ["lh", "llm", "response"], handler: h, config: undefined },
  ]);
  t.deepEqual(listHandlers(["lh"]).map((x) => x.id), [`${id}-a`, `${id}-b`, `${id}-c`]);
  t.true(listHandlers([]).length >= 3);
  t.deepEqual(listHandlers(["lh", "llm", "request", "deeper"]), []);
  t.throws(() => listHandlers("lh" as unknown as EventName), {
    instanceOf: TypeError,
    message: 'Prefix must be an array of strings, got "lh"',
  });
  t.throws(() => listHandlers(["lh", 1] as unknown as EventName), {
    instanceOf: TypeError,
    message: 'Prefix must be an array of strings, got ["lh", 1]',
  });
  for (const s of ["a", "b", "c"]) detach(`${id}-${s}`);
});

test.serial("channel() returns the same channel for the same name and tracks subscribers", (t) => {
  const { id, event } = fresh();
  const ch = channel(event);
  t.is(channel([...event]), ch);
  t.false(ch.hasSubscribers);
  t.true(Object.isFrozen(ch.eventName));
  const r = recorder();
  attach(id, event, r.handler);
  t.true(ch.hasSubscribers);
  ch.publish({ v: 1 }, { w: 2 });
  t.deepEqual(r.calls, [[event, { v: 1 }, { w: 2 }, undefined]]);
  detach(id);
  t.false(ch.hasSubscribers);
  t.throws(() => channel([]), {
    instanceOf: TypeError,
    message: "Event name must be a non-empty array of non-empty strings, got []",
  });
});

test.serial("execute() never throws, whatever a handler throws", (t) => {
  const { id, event } = fresh();
  const hostile: unknown[] = [
    Object.defineProperty(new Error("x"), "stack", {
      get() {
        throw new Error("stack getter");
      },
    }),
    new Proxy({}, {
      getPrototypeOf() {
        throw new Error("proto trap");
      },
    }),
    Object.create(null),
    Symbol("s"),
    undefined,
  ];
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => void lines.push(line);
  try {
    withFailures((failures) => {
      hostile.forEach((value, i) => {
        attach(`${id}-${i}`, event, () => {
          throw value;
        });
      });
      t.notThrows(() => execute(event, {}));
      t.is(failures.length, hostile.length);
      t.deepEqual(failures.map((f) => f.kind), ["error", "throw", "throw", "throw", "throw"]);
      t.deepEqual(failures.map((f) => f.stacktrace), ["", "", "", "", ""]);
    });
    attach(`${id}-unobserved`, event, () => {
      throw hostile[1];
    });
    t.notThrows(() => execute(event, {}));
    t.is(lines.length, 1);
    t.regex(lines[0], /and was detached: "\[unprintable error\]"$/);
  } finally {
    console.error = original;
  }
});

test.serial("an async handler rejecting with a hostile value causes no unhandled rejection", async (t) => {
  const { id, event } = fresh();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  const original = console.error;
  console.error = () => {};
  try {
    attach(id, event, () =>
      Promise.reject(
        new Proxy({}, {
          getPrototypeOf() {
            throw new Error("proto trap");
          },
        }),
      ));
    execute(event, {});
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    console.error = original;
    process.off("unhandledRejection", onUnhandled);
  }
  t.deepEqual(unhandled, []);
  t.false(detach(id), "the handler was detached");
});

test.serial("detach() forgets event names nobody holds, so attach/detach churn does not grow memory", (t) => {
  for (let i = 0; i < 1_000; i++) {
    attach("churn", ["churn", `e${i}`, "x"], () => {});
    detach("churn");
  }
  const pinned = channel(["churn", "pinned"]);
  attach("churn", ["churn", "pinned"], () => {});
  detach("churn");
  t.is(channel(["churn", "pinned"]), pinned, "a channel handed out by channel() is never replaced");
  attach("churn", ["churn", "pinned"], () => {});
  t.true(pinned.hasSubscribers);
  detach("churn");
  t.deepEqual(listHandlers(["churn"]), []);
  t.is(findNode(["churn", "e5", "x"]), undefined);
  t.deepEqual([...findNode(["churn"])!.children!.keys()], ["pinned"]);
});

test.serial("detach() keeps the longer names under a detached event: their handlers still run", (t) => {
  const r = recorder();
  attach("nest-outer", ["nest", "a"], () => {});
  attach("nest-inner", ["nest", "a", "b"], r.handler);
  detach("nest-outer");
  execute(["nest", "a", "b"], { n: 1 });
  t.is(r.calls.length, 1);
  t.deepEqual(listHandlers(["nest"]).map((h) => h.id), ["nest-inner"]);
  detach("nest-inner");
  t.is(findNode(["nest"]), undefined, "then the whole branch goes");
});

test.serial("names that go past an event, or through no event at all, find nothing", (t) => {
  attach("leaf", ["leafy", "end"], () => {});
  t.deepEqual(listHandlers(["leafy", "end", "past"]), []);
  t.is(findNode(["leafy", "end", "past"]), undefined);
  t.is(findNode(["nowhere", "stop"]), undefined);
  t.is(findNode(["leafy", "end"])?.channel?.eventName.join("."), "leafy.end");
  t.notThrows(() => execute(["leafy", "end", "past"], {}));
  detach("leaf");
});

test.serial("a frozen name finds its handlers after the trie changed: before attach, after detach and re-attach", (t) => {
  const name = Object.freeze(["frozen_name", "llm", "response"]);
  const r = recorder();
  execute(name, { n: 0 }); // nothing attached: the name has no node yet
  attach("frozen-1", name, r.handler);
  execute(name, { n: 1 });
  detach("frozen-1"); // the name's nodes are pruned
  execute(name, { n: 2 });
  t.is(findNode(name), undefined);
  attach("frozen-2", name, r.handler); // new nodes for the same name
  execute(name, { n: 3 });
  attach("frozen-3", ["frozen_name", "other"], () => {}); // a sibling added beside it
  execute(name, { n: 4 });
  detach("frozen-3");
  execute(name, { n: 5 });
  detach("frozen-2");
  t.deepEqual(r.calls.map((c) => c[1].n), [1, 3, 4, 5]);
});

test.serial("an array that is not frozen is looked up by what it holds at each call", (t) => {
  const r = recorder();
  attach("mutable-a", ["mutable_name", "a"], r.handler);
  attach("mutable-b", ["mutable_name", "b"], r.handler);
  const name = ["mutable_name", "a"];
  execute(name, { n: 1 });
  name[1] = "b";
  execute(name, { n: 2 });
  name[1] = "c";
  execute(name, { n: 3 });
  detach("mutable-a");
  detach("mutable-b");
  t.deepEqual(r.calls.map((c) => [c[0].join("."), c[1].n]), [
    ["mutable_name.a", 1],
    ["mutable_name.b", 2],
  ]);
});

// Failure isolation at the limits: the call stack runs out.

/** Whether `error` is the engine's stack overflow. */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** Collects the stderr lines of `fn`. */
function withStderr(fn: (lines: string[]) => void): void {
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => void lines.push(line);
  try {
    fn(lines);
  } finally {
    console.error = original;
  }
}

/** Attaches a handler to `event` and executes it, to show the bus still works. */
function busWorks(id: string, event: EventName): boolean {
  const r = recorder();
  attach(`${id}-after`, event, r.handler);
  execute(event, { after: 1 });
  detach(`${id}-after`);
  return r.calls.length === 1 && r.calls[0][1].after === 1;
}

test.serial("execute() detaches and reports a handler that re-emits its own event without end", (t) => {
  const { id, event } = fresh();
  let calls = 0;
  withFailures((failures) => {
    attach(id, event, (e) => {
      calls++;
      execute(e, {});
    });
    t.notThrows(() => execute(event, {}));
    t.true(calls > 100, `${calls} calls before the stack ran out`);
    t.is(failures.length, 1, "reported once, before execute() returned");
    t.is(failures[0].handler_id, id);
    t.deepEqual(failures[0].event_name, event);
    t.is(failures[0].kind, "error");
    t.true(isStackOverflow(failures[0].reason));
    t.regex(String(failures[0].stacktrace), /^RangeError: Maximum call stack size exceeded\n/);
    t.deepEqual(listHandlers(event), []);
  });
  t.true(busWorks(id, event));
});

test.serial("execute() detaches and reports a handler that exhausts the stack by deep recursion", (t) => {
  const { id, event } = fresh();
  const deep = (n: number): number => n === 0 ? 0 : deep(n - 1) + 1;
  withFailures((failures) => {
    attach(id, event, () => void deep(1e7));
    t.notThrows(() => execute(event, {}));
    t.deepEqual(failures.map((f) => f.handler_id), [id]);
    t.true(isStackOverflow(failures[0].reason));
    t.deepEqual(listHandlers(event), []);
  });
  t.true(busWorks(id, event));
});

test.serial("two handlers re-emitting each other's event: the one that overflowed is detached", (t) => {
  const { id, event } = fresh();
  const other = [...event, "echo"];
  withFailures((failures) => {
    attach(`${id}-ping`, event, () => execute(other, {}));
    attach(`${id}-pong`, other, () => execute(event, {}));
    t.notThrows(() => execute(event, {}));
    t.is(failures.length, 1);
    t.true(isStackOverflow(failures[0].reason));
    const left = listHandlers(["bus_test", event[1]]).map((h) => h.id);
    t.is(left.length, 1, "the other one stays, and the loop is broken");
    t.true(left[0] !== failures[0].handler_id);
    t.notThrows(() => execute(event, {}));
    t.is(failures.length, 1);
  });
  detach(`${id}-ping`);
  detach(`${id}-pong`);
  t.true(busWorks(id, event));
});

test.serial("a handler that re-emits its own event without end is one stderr line when nobody watches", (t) => {
  const { id, event } = fresh();
  withStderr((lines) => {
    attach(id, event, (e) => execute(e, {}));
    t.notThrows(() => execute(event, {}));
    t.deepEqual(lines, [
      `[telemetry] Handler "${id}" failed on "${
        event.join(".")
      }" and was detached: "RangeError: Maximum call stack size exceeded"`,
    ]);
  });
  t.deepEqual(listHandlers(event), []);
  t.true(busWorks(id, event));
});

test.serial("a stack overflow is reported where failure handlers have room: they stay attached", (t) => {
  // A failure handler does real work (formatting, redaction, writing: the log handler's report
  // takes dozens of frames). Called where the overflow happened, it would overflow too and be
  // detached as a failing handler itself.
  const { id, event } = fresh();
  const work = (n: number): number => n === 0 ? 0 : work(n - 1) + 1;
  const seen: unknown[] = [];
  attach(`${id}-watch`, HANDLER_FAILURE, (_e, _m, md) => {
    work(300);
    seen.push(md.handler_id);
  });
  attach(id, event, (e) => execute(e, {}));
  execute(event, {});
  t.deepEqual(seen, [id]);
  t.deepEqual(listHandlers(HANDLER_FAILURE).map((h) => h.id), [`${id}-watch`]);
  detach(`${id}-watch`);
});

test.serial("a failure handler that re-emits the failure event without end is detached and reported on stderr", (t) => {
  const { id, event } = fresh();
  withStderr((lines) => {
    attach(`${id}-watch`, HANDLER_FAILURE, (e, m, md) => execute(e, m, md));
    attach(id, event, () => {
      throw new Error("first");
    });
    t.notThrows(() => execute(event, {}));
    t.deepEqual(lines, [
      `[telemetry] Handler "${id}-watch" failed on "telemetry.handler.failure" and was detached: "RangeError: Maximum call stack size exceeded"`,
    ]);
  });
  t.deepEqual(listHandlers(HANDLER_FAILURE), []);
  t.deepEqual(listHandlers(event), []);
  t.true(busWorks(id, event));
});

test.serial("a failure met with no stack left at all is handled once the stack has unwound", async (t) => {
  // The application itself is at the end of its stack when it emits: there is no room to handle
  // the failure there (calling the handler may itself be what overflows), not even to schedule
  // a microtask, and nothing publishes on the way out. A microtask, if there was room to schedule
  // it, or the next publish handles it.
  const { id, event } = fresh();
  const failures: Metadata[] = [];
  attach(`${id}-watch`, HANDLER_FAILURE, (_e, _m, md) => void failures.push(md));
  attach(id, event, () => {
    throw new Error("at the edge");
  });
  let emitted = false;
  const dig = (): void => {
    try {
      dig();
    } catch {
      // The deepest frame from which execute() returns (where it throws, the frame above
      // tries again).
      if (!emitted) {
        execute(event, {});
        emitted = true;
      }
    }
  };
  t.notThrows(dig);
  t.true(emitted);
  t.is(failures.length, 0, "not handled at the edge of the stack");
  t.is(listHandlers(event).length, 1);
  await Promise.resolve();
  const other = ["bus_test", `${event[1]}-other`, "done"];
  attach(`${id}-other`, other, () => {});
  execute(other, {});
  t.deepEqual(failures.map((f) => f.handler_id), [id]);
  t.deepEqual(listHandlers(event), []);
  detach(`${id}-other`);
  detach(`${id}-watch`);
  t.true(busWorks(id, event));
});

/**
 * Runs `fn` `margin` frames above the deepest frame reachable here: room to call a handler and
 * schedule a microtask, not the bus's headroom for handling a failure. Found in one descent, on
 * the way back up (frame sizes change as the engine optimises, so a depth measured by one
 * descent is not the same place in the next).
 */
function nearStackEnd(margin: number, fn: () => void): void {
  let fromEnd = -1;
  const down = (): void => {
    try {
      down();
    } catch {
      if (fromEnd === -1) fromEnd = 0;
      return;
    }
    if (fromEnd >= 0 && ++fromEnd === margin) {
      fromEnd = -2;
      fn();
    }
  };
  down();
}

test.serial("failures near the end of the stack are handled by a microtask when nothing else publishes", async (t) => {
  // From the edge of the stack up: first there is no room to call the handler at all, then room
  // to call it but not to handle its failure (the bus's headroom), which a microtask handles;
  // then room to handle it at once. Every failure is handled by the microtask at the latest,
  // each time (the microtask is scheduled again once one has run), and some margins must fall
  // in the microtask's band for the test to mean anything.
  const { id, event } = fresh();
  const failures: unknown[] = [];
  attach(`${id}-watch`, HANDLER_FAILURE, (_e, _m, md) => void failures.push(md.handler_id));
  t.teardown(() => detach(`${id}-watch`));
  let byMicrotask = 0;
  for (let margin = 50; margin <= 4000; margin += 50) {
    const handlerId = `${id}-${margin}`;
    let called = false;
    attach(handlerId, event, () => {
      called = true;
      throw new Error("near the end");
    });
    const before = failures.length;
    nearStackEnd(margin, () => execute(event, {}));
    const atOnce = failures.length > before;
    let replacement: ReturnType<typeof recorder> | undefined;
    if (called && !atOnce) {
      // The failed handler's id is taken again before the failure is handled: the new handler
      // must stay attached.
      detach(handlerId);
      replacement = recorder();
      attach(handlerId, event, replacement.handler);
    }
    await Promise.resolve();
    if (!called) {
      t.is(failures.length, before, `margin ${margin}: nothing ran, nothing failed`);
      detach(handlerId);
      continue;
    }
    t.deepEqual(failures.slice(before), [handlerId], `margin ${margin}: handled once`);
    if (replacement !== undefined) {
      byMicrotask++;
      execute(event, {});
      t.is(replacement.calls.length, 1, `margin ${margin}: the new handler stays attached`);
      detach(handlerId);
    }
    t.deepEqual(listHandlers(event), []);
    if (atOnce) break;
  }
  t.true(byMicrotask >= 2, `${byMicrotask} margins handled by the microtask`);
});

test.serial("failure reports nest at most five deep; deeper ones go to stderr", (t) => {
  // Every failure handler throws: each failure is reported to the ones still attached, which
  // fail in turn while the report that called them is still in progress.
  const { id, event } = fresh();
  const calls: string[] = [];
  withStderr((lines) => {
    for (let i = 1; i <= 8; i++) {
      attach(`${id}-w${i}`, HANDLER_FAILURE, (_e, _m, md) => {
        calls.push(`w${i}:${String(md.handler_id).slice(id.length + 1)}`);
        throw new Error(`w${i}`);
      });
    }
    attach(id, event, () => {
      throw new Error("first");
    });
    execute(event, {});
    // Depth first; a dispatch in progress still calls the handlers it started with, detached
    // since. Reports of the first failure and of w1 to w4 reach handlers (five deep); the report
    // of w5, sixth deep, goes to stderr, as do the reports made once every handler is detached.
    t.deepEqual(calls, [
      "w1:",
      "w2:w1",
      "w3:w2",
      "w4:w3",
      "w5:w4",
      "w6:w4",
      "w7:w4",
      "w8:w4",
      "w5:w3",
      "w6:w3",
      "w7:w3",
      "w8:w3",
      "w4:w2",
      "w5:w2",
      "w6:w2",
      "w7:w2",
      "w8:w2",
      "w3:w1",
      "w4:w1",
      "w5:w1",
      "w6:w1",
      "w7:w1",
      "w8:w1",
      "w2:",
      "w3:",
      "w4:",
      "w5:",
      "w6:",
      "w7:",
      "w8:",
    ]);
    t.is(lines.length, calls.length - 4, "every report but those of w1 to w4");
    t.is(
      lines[0],
      `[telemetry] Handler "${id}-w5" failed on "telemetry.handler.failure" and was detached: "Error: w5"`,
    );
  });
});

test.serial("the log handler logs a handler that re-emits its own event without end, and stays attached", (t) => {
  const { id, event } = fresh();
  const lines: string[] = [];
  const logger = createLogger({ sink: (line) => void lines.push(line), format: "json" });
  attachLogHandler({ catalog: standardCatalog, logger });
  try {
    attach(id, event, (e) => execute(e, {}));
    execute(event, {});
    t.is(lines.length, 1);
    const record = JSON.parse(lines[0]);
    t.is(record.msg, "telemetry.handler.failure");
    t.is(record.handler_id, id);
    t.is(record.reason.message, "Maximum call stack size exceeded");
    t.true(listHandlers(HANDLER_FAILURE).length > 0, "the log handler is still attached");
  } finally {
    detachLogHandler();
  }
  t.true(busWorks(id, event));
});
