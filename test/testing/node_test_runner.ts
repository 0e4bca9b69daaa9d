// The kit under node:test, without ava: run by test/testing/runners.test.ts as
// `node --import=tsx --test test/testing/node_test_runner.ts`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { execute, listHandlers } from "../../mod.ts";
import { captureEvents, captureLogs, TelemetryAssertionError } from "../../src/testing/mod.ts";
import { createLogger } from "../../src/logger/mod.ts";

test("captureEvents() passes and fails under node:test", () => {
  const capture = captureEvents([["node_kit", "done"]]);
  try {
    execute(["node_kit", "done"], { n: 1 }, { id: "a" });
    capture.assertEmitted(["node_kit", "done"], { times: 1, metadata: { id: "a" } });
    assert.throws(() => capture.assertNotEmitted(["node_kit", "done"]), TelemetryAssertionError);
  } finally {
    capture.dispose();
  }
  assert.deepEqual(listHandlers([]), []);
});

test("captureLogs() under node:test", () => {
  const logs = captureLogs();
  createLogger(logs.loggerOptions).info("Hello", { n: 1 });
  logs.assertLogged({ level: "info", message: "Hello", fields: { n: 1 } });
});

test("a failing matcher fails a node:test test", { skip: process.env.KIT_FAIL !== "1" }, () => {
  captureEvents([["node_kit", "never"]]).assertEmitted(["node_kit", "never"]);
});
