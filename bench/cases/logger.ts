/**
 * The logger rows: a JSON line from the logger against pino configured to write the same line
 * (ISO time, level names) and against LogTape's JSON Lines formatter (properties flattened), and
 * an `llm.response` event logged by the log handler against pino.
 *
 * Values change on every call (1,024 session ids, five tools, counters), so no cache that only a
 * constant input hits can flatter either side. The peer merges an event's measurements and
 * metadata with `Object.assign`: an object spread (`{ ...md, ...m }`) costs more than pino's
 * whole line on Node 20 and would flatter us.
 *
 * @module
 */

import { configureSync, getJsonLinesFormatter, getLogger, resetSync } from "@logtape/logtape";
import pino from "pino";
import { attachLogHandler, detachLogHandler, emitLlmResponse, standardCatalog } from "../../mod.ts";
import { createLogger } from "../../src/logger/mod.ts";
import { type Case, same } from "../harness.ts";
import { llm } from "./data.ts";

/** A destination that keeps the last line: both sides write to one of these. */
class Last {
  line = "";
  write(chunk: string): void {
    this.line = chunk;
  }
}

const ids = Array.from({ length: 1024 }, (_, i) => "sess-" + (i * 7919).toString(36));
const tools = ["grep", "read_file", "edit", "bash", "web_search"];
let n = 0;
const fields = () => ({ session_id: ids[n & 1023], tool: tools[n % 5], input_tokens: n++ & 4095 });

const ourOut = new Last();
const theirOut = new Last();
const pinoOptions = {
  level: "info",
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label: string) => ({ level: label }) },
};
const theirs = pino(pinoOptions, theirOut);
const ours = createLogger({ env: "production", sink: ourOut });

/** A line's fields but its time and host name, sorted by key, for comparing. */
function fieldsOf(line: string): Record<string, unknown> {
  const { time: _time, hostname: _host, ...rest } = JSON.parse(line);
  return Object.fromEntries(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const handlerLogger = createLogger({ env: "production", sink: ourOut });

/** LogTape writing JSON lines with the properties at the top level, as ours and pino's are. */
const logtape = getLogger(["bench"]);
const logtapeFormat = getJsonLinesFormatter({ properties: "flatten", message: "rendered" });

function configureLogtape(): void {
  configureSync({
    reset: true,
    sinks: { out: (record) => theirOut.write(logtapeFormat(record)) },
    loggers: [
      { category: ["bench"], lowestLevel: "info", sinks: ["out"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: [] },
    ],
  });
}

/** The logger rows. */
export const loggerCases: readonly Case[] = [
  {
    name: "JSON log line, 3 fields, values changing every call",
    peer: "pino",
    target: { ratio: 0.3 },
    check: () => {
      const f = fields();
      ours.info("Tool call finished", f);
      theirs.info(f, "Tool call finished");
      same("the line's fields", fieldsOf(ourOut.line), fieldsOf(theirOut.line));
      return "the same fields and message, ISO time and level names on both";
    },
    ours: () => ours.info("Tool call finished", fields()),
    theirs: () => theirs.info(fields(), "Tool call finished"),
  },
  {
    name: "JSON log line, 3 fields, values changing every call (LogTape)",
    peer: "LogTape, JSON Lines formatter",
    target: { ratio: 0.3 },
    setup: configureLogtape,
    teardown: resetSync,
    check: () => {
      const f = fields();
      ours.info("Tool call finished", f);
      logtape.info("Tool call finished", f);
      const a = fieldsOf(ourOut.line);
      const { "@timestamp": _t, level, message, logger: _l, ...b } = JSON.parse(theirOut.line);
      same("the message and level", [a.msg, a.level], [message, level.toLowerCase()]);
      same("the fields", { ...f }, b);
      same("our fields", Object.keys(a).sort(), [
        "input_tokens",
        "level",
        "msg",
        "pid",
        "session_id",
        "tool",
      ]);
      return "the same fields, message and level, ISO time on both (LogTape names its logger, ours the pid)";
    },
    ours: () => ours.info("Tool call finished", fields()),
    theirs: () => logtape.info("Tool call finished", fields()),
  },
  {
    name: "llm.response -> log handler -> JSON line",
    peer: "pino, the same six fields",
    target: { ratio: 0.25 },
    setup: () => void attachLogHandler({ catalog: standardCatalog, logger: handlerLogger }),
    teardown: () => void detachLogHandler(),
    check: () => {
      const { m, md } = llm();
      emitLlmResponse(m, md);
      theirs.info(Object.assign({}, md, m), "jido_coder_lib.llm.response");
      const a = fieldsOf(ourOut.line);
      const b = fieldsOf(theirOut.line);
      same("the line's fields", Object.keys(a).sort(), Object.keys(b).sort());
      for (const key of Object.keys(a)) same(key, a[key], b[key]);
      return "the same six fields and message, ISO time and level names on both";
    },
    ours: () => {
      const { m, md } = llm();
      emitLlmResponse(m, md);
    },
    theirs: () => {
      const { m, md } = llm();
      theirs.info(Object.assign({}, md, m), "jido_coder_lib.llm.response");
    },
  },
];
