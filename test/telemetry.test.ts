import test from "ava";
import {
  attach,
  attachMany,
  channel,
  detach,
  type EventName,
  execute,
  HANDLER_FAILURE,
  listHandlers,
  type Measurements,
  type Metadata,
  TelemetryError,
} from "../mod.ts";
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
  const bad: unknown[] = [[], "a.b", ["a", ""], ["a", 1], null, undefined, [["a"]]];
  for (const name of bad) {
    t.throws(() => attach("bad-name", name as EventName, () => {}), {
      instanceOf: TypeError,
      message: /^Event name must be a non-empty array of non-empty strings, got /,
    });
  }
  t.throws(() => attach("bad-name", ["a", ""], () => {}), {
    message: 'Event name must be a non-empty array of non-empty strings, got ["a", ""]',
  });
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
  t.is(listHandlers(event.slice(0, 2)).length, 2);
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
  t.throws(() => channel([]), { instanceOf: TypeError });
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
