import test from "ava";
import { currentMetadata, withMetadata } from "../../src/logger/mod.ts";
import { capture, jsonHead } from "./fixtures/capture.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

test("withMetadata() adds its metadata to records logged synchronously inside", (t) => {
  const { log, lines } = capture({ env: "test", level: "info" });
  const result = withMetadata({ request_id: "r1" }, () => {
    log.info("Inside");
    return 42;
  });
  log.info("Outside");
  t.is(result, 42);
  t.deepEqual(lines, ["[info] Inside request_id=r1", "[info] Outside"]);
});

test("withMetadata() carries its metadata across await", async (t) => {
  const { log, lines } = capture({ env: "production" });
  await withMetadata({ request_id: "r1" }, async () => {
    await tick();
    log.info("After await");
    await Promise.all([tick(), tick()]);
    log.child({ c: 1 }).info("Child", { call: true });
  });
  t.deepEqual(lines, [
    jsonHead("info", "After await") + ',"request_id":"r1"}',
    jsonHead("info", "Child") + ',"c":1,"request_id":"r1","call":true}',
  ]);
});

test("withMetadata() nests, the inner scope winning, the call winning over both", async (t) => {
  const { log, lines } = capture({ env: "test", level: "info" });
  await withMetadata({ a: "outer", b: "outer" }, async () => {
    await withMetadata({ b: "inner" }, async () => {
      await tick();
      log.info("Nested", { c: "call" });
      log.info("Override", { a: "call" });
    });
    log.info("Back");
  });
  t.deepEqual(lines, [
    "[info] Nested a=outer b=inner c=call",
    "[info] Override a=call b=inner",
    "[info] Back a=outer b=outer",
  ]);
});

test("withMetadata() keeps concurrent scopes apart", async (t) => {
  const { log, lines } = capture({ env: "test", level: "info" });
  const gates: Record<string, () => void> = {};
  const run = (id: string) =>
    withMetadata({ id }, async () => {
      await new Promise<void>((resolve) => (gates[id] = resolve));
      log.info("Done");
    });
  const both = Promise.all([run("first"), run("second")]);
  gates.second();
  await tick();
  gates.first();
  await both;
  t.deepEqual(lines, ["[info] Done id=second", "[info] Done id=first"]);
});

test("currentMetadata() returns the enclosing scopes' metadata, or {} outside", async (t) => {
  t.deepEqual(currentMetadata(), {});
  await withMetadata({ user: "ada" }, async () => {
    await tick();
    t.deepEqual(withMetadata({ turn: 1 }, () => ({ ...currentMetadata() })), {
      user: "ada",
      turn: 1,
    });
    t.deepEqual({ ...currentMetadata() }, { user: "ada" });
  });
  t.deepEqual(currentMetadata(), {});
});

test("withMetadata() runs fn even when reading its metadata throws", (t) => {
  const { log, lines } = capture({ env: "test", level: "info" });
  const getter = {
    ok: 1,
    get bad(): string {
      throw new Error("Getter");
    },
  };
  const noKeys = new Proxy({}, {
    ownKeys() {
      throw new Error("No keys");
    },
  });
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const results = [getter, noKeys, proxy].map((metadata) =>
    withMetadata(metadata, () => {
      log.info("Inside");
      return "ran";
    })
  );
  t.deepEqual(results, ["ran", "ran", "ran"]);
  t.deepEqual(lines, [
    '[info] Inside ok=1 bad="[Throws: Getter]"',
    '[info] Inside logger_error="[Unreadable metadata: No keys]"',
    "[info] Inside logger_error=\"[Unreadable metadata: Cannot perform 'ownKeys' on a proxy that has been revoked]\"",
  ]);
});
