// Errors in every format keep the fields that say what failed (`code`, `errno`, `syscall`,
// `path`, ...) even when a runtime or library defines them as non-enumerable, and those fields are
// redacted like any other value.

import test from "ava";
import process from "node:process";
import { capture, jsonHead } from "./fixtures/capture.ts";
import type { Formatter } from "../../src/logger/mod.ts";

process.env.TZ = "UTC";

const json = { env: "production" as const };
const pretty = { env: "development" as const, callSite: false, colors: false };
const minimal = { env: "test" as const, level: "debug" as const };

/**
 * An error as some runtimes make a system error: `code`, `errno`, `syscall` and `path` own but
 * not enumerable, so `Object.keys()` does not list them. A fixed stack keeps lines exact.
 */
function systemError(path = "/etc/app/config.json"): Error {
  const error = new Error(`ENOENT: no such file or directory, open '${path}'`);
  error.stack = `Error: ENOENT: no such file or directory, open '${path}'\n    at open (fs.js:1:1)`;
  const fields = { errno: -2, code: "ENOENT", syscall: "open", path };
  for (const [key, value] of Object.entries(fields)) {
    Object.defineProperty(error, key, { value, enumerable: false, writable: true });
  }
  return error;
}

const errorJson = '{"name":"Error","message":"ENOENT: no such file or directory, open ' +
  '\'/etc/app/config.json\'","stack":"Error: ENOENT: no such file or directory, open ' +
  '\'/etc/app/config.json\'\\n    at open (fs.js:1:1)","code":"ENOENT","errno":-2,' +
  '"syscall":"open","path":"/etc/app/config.json"}';

test("jsonFormat() writes the non-enumerable code, errno, syscall and path of an error", (t) => {
  const { log, lines } = capture(json);
  log.error("Read failed", { error: systemError() });
  t.deepEqual(lines, [jsonHead("error", "Read failed") + `,"error":${errorJson}}`]);
});

test("the text formats and bound metadata keep the non-enumerable fields of an error", (t) => {
  const text = capture(pretty);
  text.log.error("Read failed", { error: systemError() });
  const short = capture(minimal);
  short.log.error("Read failed", { error: systemError() });
  const bound = capture(json);
  bound.log.child({ error: systemError() }).error("Read failed");
  t.deepEqual(text.lines, [`12:30:45.123 ERROR Read failed error=${errorJson}`]);
  t.deepEqual(short.lines, [`[error] Read failed error=${errorJson}`]);
  t.deepEqual(bound.lines, [jsonHead("error", "Read failed") + `,"error":${errorJson}}`]);
});

test("a custom formatter's record keeps the non-enumerable fields of an error", (t) => {
  const format: Formatter = (record) => JSON.stringify(record.metadata);
  const { log, lines } = capture({ ...json, format });
  log.error("Read failed", { error: systemError() });
  t.deepEqual(lines, [`{"error":${errorJson}}`]);
});

test("the non-enumerable fields of an error are redacted like any value", (t) => {
  const { log, lines } = capture(json);
  const error = systemError("postgres://app:hunter2-pw@db/main");
  Object.defineProperty(error, "code", { value: "sk-abcdefghijklmnop1234", enumerable: false });
  log.error("Failed", { error });
  const line = lines[0];
  const record = JSON.parse(line);
  t.is(record.error.code, "[REDACTED]");
  t.is(record.error.path, "postgres://app:[REDACTED]@db/main");
  t.false(line.includes("hunter2-pw"));
  t.false(line.includes("sk-abcdefghijklmnop1234"));
  t.is(record.error.errno, -2);
  t.is(record.error.syscall, "open");
});

test("enumerable fields keep their place and are not written twice", (t) => {
  const { log, lines } = capture(json);
  const error = Object.assign(new Error("Refused"), {
    code: "ECONNREFUSED",
    port: 5432,
    retry: true,
  });
  error.stack = "Error: Refused";
  Object.defineProperty(error, "address", { value: "127.0.0.1", enumerable: false });
  log.error("Connect failed", { error });
  t.deepEqual(lines, [
    jsonHead("error", "Connect failed") +
    ',"error":{"name":"Error","message":"Refused","stack":"Error: Refused","code":"ECONNREFUSED",' +
    '"port":5432,"retry":true,"address":"127.0.0.1"}}',
  ]);
});

test("a DOMException keeps its code, which is a getter of its prototype", (t) => {
  const { log, lines } = capture(json);
  const error = new DOMException("The operation was aborted", "AbortError");
  Object.defineProperty(error, "stack", { value: "AbortError: The operation was aborted" });
  log.error("Aborted", { error });
  t.deepEqual(lines, [
    jsonHead("error", "Aborted") +
    ',"error":{"name":"AbortError","message":"The operation was aborted",' +
    '"stack":"AbortError: The operation was aborted","code":20}}',
  ]);
});

test("a field getter that throws is written as [Throws: …], and absent fields not at all", (t) => {
  const { log, lines } = capture(json);
  class Flaky extends Error {
    get code(): string {
      throw new Error("no code");
    }
  }
  const error = new Flaky("Flaky");
  error.stack = "Error: Flaky";
  log.error("Odd", { error });
  t.deepEqual(lines, [
    jsonHead("error", "Odd") +
    ',"error":{"name":"Error","message":"Flaky","stack":"Error: Flaky","code":"[Throws: no code]"}}',
  ]);
});
