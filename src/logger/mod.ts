/**
 * Structured logging modelled on Elixir's Logger: levels whose disabled calls cost nothing,
 * `pretty` / `minimal` / `json` formats chosen by environment, request-scoped metadata,
 * redaction of secrets, and serialisation that survives any input.
 *
 * ```ts
 * import { createLogger, withMetadata } from "@jido/telemetry";
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

export {
  type ChildOptions,
  createLogger,
  type Logger,
  type LogMethod,
  type WriteInput,
} from "./logger.ts";
export { type LoggerOptions } from "./options.ts";
export { type Env, loggerConfig, type LoggerProfile, resolveEnv } from "./config.ts";
export { currentMetadata, withMetadata } from "./context.ts";
export { type Formatter, type LogRecord, type Message, type Metadata } from "./record.ts";
export { createFormat, type FormatName } from "./format.ts";
export { type FormatOptions, jsonFormat } from "./json.ts";
export { prettyFormat } from "./pretty.ts";
export { minimalFormat } from "./minimal.ts";
export {
  type LineWriter,
  lineWriter,
  type LineWriterOptions,
  type Sink,
  type SinkFunction,
  type WritableLike,
} from "./sink.ts";
export { createRedactor, isSecretKey, type RedactOptions, type Redactor } from "./redact.ts";
export { defaultLimits, type Limits } from "./limits.ts";
export { unitSuffix } from "./units.ts";
export { isLevel, levelPasses, levels } from "./levels.ts";
