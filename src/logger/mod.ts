/**
 * Structured logging modelled on Elixir's Logger: levels whose disabled calls cost nothing,
 * `pretty` / `minimal` / `json` formats chosen by environment, request-scoped metadata,
 * redaction of secrets, and serialisation that survives any input. It loads in Node, Deno and
 * Bun, and in browsers and edge runtimes, which lack `process` and the Node built-ins.
 *
 * ```ts
 * import { createLogger, withMetadata } from "@jido/telemetry/logger";
 *
 * const log = createLogger({ env: "test", level: "info" });
 * await withMetadata({ request_id: "r1" }, async () => {
 *   log.info("Tool called", { tool: "grep", api_key: "sk-abcdefgh12345678" });
 *   // [info] Tool called request_id=r1 tool=grep api_key=[REDACTED]
 * });
 * await log.flush();
 * ```
 *
 * @module
 */

// A map of src/logger, one concept per file. Files in `_name.ts` form are private: only files of
// this folder import them. Levels, metadata, safe property reads and host lookups come from the
// core (`../levels.ts`, `../telemetry.ts`, `../objects.ts`, `../host.ts`).
//
// The logger and its inputs
//   logger.ts          createLogger() and the Logger it returns
//   options.ts         LoggerOptions, ChildOptions, WriteInput: what a logger is given
//   config.ts          environment profiles (development, test, production) and resolveEnv()
//   limits.ts          size limits of a record, their defaults and validation
//   context.ts         withMetadata() / currentMetadata(): request-scoped metadata
//   _metadata.ts       a call's metadata as an object; bound, scope and call layers merged
//   _snapshot.ts       the deep copy of metadata bound by createLogger() and child()
//   _call_site.ts      where a log call was made (skipping library and generated frames)
//
// Formats
//   record.ts          LogRecord, Formatter, FormatName, FormatOptions: what formats work with
//   _format.ts         a format from its name, or a custom formatter made safe to call
//   json.ts            jsonFormat(), the `json` format, and its encoding rules
//   _json_line.ts      the json line builder the logger calls directly (pid, hostname, layers)
//   _json_fields.ts    a json line's top-level metadata fields, cached by key and key list
//   _json_value.ts     the safe serialiser: any value as bounded, redacted JSON text
//   _json_containers.ts  arrays, objects, maps and errors for that serialiser
//   pretty.ts          prettyFormat(), for a developer's terminal
//   minimal.ts         minimalFormat(), for test runs
//   _text_pairs.ts     ` key=value` pairs and colours shared by pretty and minimal
//   units.ts           unitSuffix(): `ms`, `B`, `tok` for the pretty format
//   _time.ts           timestamps cached per millisecond
//
// Strings
//   _escape.ts         the one list of escaped characters: escapedWidth(), quote(), escapeText()
//   _fit.ts            strings, keys and module names redacted and cut to size as written
//   redact.ts          createRedactor(): the redaction policy, and the value rule
//   secret_key.ts      isSecretKey(): the built-in rule for keys that name secrets
//   _credentials.ts    the built-in value rule, in linear time
//   _plain.ts          the one-pass check that a string needs neither redaction nor escaping
//
// Output
//   sink.ts            Sink types, and the wrapper that makes any sink safe to call
//   _fd_writer.ts      the buffered stdout writer (where node:fs exists), with back-pressure
//   _stdio.ts          node:fs / node:tty found at run time, stderr, reportOnce()

export { isLevel, type Level, levels } from "../levels.ts";
export type { Metadata } from "../telemetry.ts";
export { createLogger, type Logger, type LogMethod } from "./logger.ts";
export { type ChildOptions, type LoggerOptions, type WriteInput } from "./options.ts";
export { type Env, loggerConfig, type LoggerProfile, resolveEnv } from "./config.ts";
export { currentMetadata, withMetadata } from "./context.ts";
export {
  type FormatName,
  type FormatOptions,
  type Formatter,
  type LogRecord,
  type Message,
} from "./record.ts";
export { jsonFormat } from "./json.ts";
export { prettyFormat } from "./pretty.ts";
export { minimalFormat } from "./minimal.ts";
export { type Sink, type SinkFunction, type WritableLike } from "./sink.ts";
export { createRedactor, type RedactOptions, type Redactor } from "./redact.ts";
export { isSecretKey } from "./secret_key.ts";
export { defaultLimits, type Limits } from "./limits.ts";
export { unitSuffix } from "./units.ts";
