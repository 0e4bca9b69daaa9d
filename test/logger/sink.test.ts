import test from "ava";
import { Writable } from "node:stream";
import { lineWriter } from "../../src/logger/sink.ts";
import { capture } from "./fixtures/capture.ts";

test("createLogger() gives a function sink each line and its level", (t) => {
  const seen: string[] = [];
  const { log } = capture({
    env: "test",
    sink: (line, level) => seen.push(`${level}: ${line}`),
  });
  log.error("Bad");
  t.deepEqual(seen, ["error: [error] Bad"]);
});

test("createLogger() writes line plus newline to a stream-like sink", (t) => {
  const chunks: string[] = [];
  const { log } = capture({ env: "test", sink: { write: (chunk: string) => chunks.push(chunk) } });
  log.warn("A");
  log.error("B");
  t.deepEqual(chunks, ["[warn] A\n", "[error] B\n"]);
});

test("createLogger() survives a sink that throws and keeps offering records", (t) => {
  let calls = 0;
  const { log } = capture({
    env: "test",
    sink: () => {
      calls++;
      throw new Error("Sink down");
    },
  });
  t.notThrows(() => {
    log.warn("One");
    log.error("Two");
  });
  t.is(calls, 2);
});

test("createLogger() survives a stream whose write throws or that emits error", (t) => {
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      callback(new Error("Async failure"));
    },
  });
  const throwing = {
    write: () => {
      throw new Error("Sync failure");
    },
  };
  const a = capture({ env: "test", sink: stream });
  const b = capture({ env: "test", sink: throwing });
  t.notThrows(() => {
    a.log.warn("One");
    b.log.warn("Two");
  });
  t.is(stream.listenerCount("error"), 1);
});

test("flush() resolves after a slow stream has received every line", async (t) => {
  const received: string[] = [];
  const stream = new Writable({
    highWaterMark: 4,
    write(chunk, _encoding, callback) {
      setTimeout(() => {
        received.push(String(chunk));
        callback();
      }, 2);
    },
  });
  const { log } = capture({ env: "test", sink: stream });
  log.warn("One");
  log.warn("Two");
  log.error("Three");
  t.deepEqual(received, []);
  await log.flush();
  t.deepEqual(received, ["[warn] One\n", "[warn] Two\n", "[error] Three\n"]);
});

test("lineWriter() flushes immediately for function sinks", async (t) => {
  const lines: string[] = [];
  const writer = lineWriter((line) => lines.push(line));
  writer.write("hello", "info");
  await writer.flush();
  t.deepEqual(lines, ["hello"]);
  t.false(writer.tty);
});
