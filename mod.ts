/**
 * @jido/telemetry: structured logging and telemetry for AI coding-agent applications, modelled
 * on Erlang/Elixir's `:telemetry`, `telemetry_metrics` and `Logger`.
 *
 * @example
 * ```ts
 * import { attach, emitLlmResponse, LLM_RESPONSE } from "@jido/telemetry";
 *
 * attach("print-llm", LLM_RESPONSE, (_event, m, md) => {
 *   console.log(`${md.model}: ${m.duration} ms, ${m.output_tokens} tokens out`);
 * });
 * emitLlmResponse(
 *   { duration: 812.4, input_tokens: 1200, output_tokens: 96 },
 *   { model: "claude-sonnet-4", provider: "anthropic", finish_reason: "stop" },
 * );
 * // claude-sonnet-4: 812.4 ms, 96 tokens out
 * ```
 *
 * @module
 */

export {
  attach,
  attachMany,
  channel,
  detach,
  type EventChannel,
  type EventName,
  execute,
  type Handler,
  HANDLER_FAILURE,
  type HandlerInfo,
  listHandlers,
  type Measurements,
  type Metadata,
} from "./src/telemetry.ts";
export { executeWithStartComplete, executeWithTelemetry, type Span, span } from "./src/span.ts";
export { TelemetryError, type TelemetryErrorCode } from "./src/errors.ts";
export {
  type Catalog,
  defineCatalog,
  type EventSpec,
  type Level,
  type MeasurementSpec,
  type MeasurementType,
  type MetadataSpec,
  type MetadataType,
} from "./src/catalog.ts";
export {
  type Alert,
  alert,
  type AlertCondition,
  type AlertRule,
  type AlertWindow,
} from "./src/alerts/alert.ts";
export { type Poller, type PollerOptions, startPoller } from "./src/poller.ts";

export {
  _,
  compareKeys,
  createTable,
  type Key,
  type KeyElement,
  matchesPattern,
  type OverflowKey,
  overflowKey,
  type Pattern,
  type Row,
  type Table,
  type TableInfo,
  type TableOptions,
  type TableType,
  type Wildcard,
} from "./src/store/mod.ts";
export {
  type BaseDefinition,
  type BucketCount,
  cacheHitRatio,
  type CacheHitRatioOptions,
  type CacheRatio,
  counter,
  type CounterDefinition,
  createMetricStore,
  createSketch,
  defaultDefinitions,
  distribution,
  type DistributionDefinition,
  type DistributionOptions,
  type DistributionValue,
  lastValue,
  type LastValueDefinition,
  type MeasurementFunction,
  type MetricDefinition,
  type MetricKind,
  type MetricOptions,
  type MetricSnapshot,
  type MetricStore,
  type MetricStoreOptions,
  operationDurationBuckets,
  type QuantileSketch,
  type Recorder,
  type Series,
  type SeriesValue,
  type SketchOptions,
  sum,
  type SumDefinition,
  summary,
  type SummaryDefinition,
  type SummaryValue,
  tokenUsageBuckets,
  type UnitConversion,
  validateDefinition,
  type ValidateOptions,
} from "./src/metrics/mod.ts";
export {
  attachMetricsHandler,
  detachMetricsHandler,
  type DurationStats,
  getCounters,
  getDurationStats,
  getMetrics,
  type MetricsHandlerOptions,
  resetCounters,
} from "./src/handlers/metrics.ts";

export {
  type ChildOptions,
  createFormat,
  createLogger,
  createRedactor,
  currentMetadata,
  defaultLimits,
  type Env,
  type FormatName,
  type FormatOptions,
  type Formatter,
  isLevel,
  isSecretKey,
  jsonFormat,
  levelPasses,
  levels,
  type Limits,
  type LineWriter,
  lineWriter,
  type LineWriterOptions,
  type Logger,
  loggerConfig,
  type LoggerOptions,
  type LoggerProfile,
  type LogMethod,
  type LogRecord,
  type Message,
  type Metadata as LogMetadata,
  minimalFormat,
  prettyFormat,
  type RedactOptions,
  type Redactor,
  resolveEnv,
  type Sink,
  type SinkFunction,
  unitSuffix,
  withMetadata,
  type WritableLike,
  type WriteInput,
} from "./src/logger/mod.ts";
export { attachLogHandler, detachLogHandler, type LogHandlerOptions } from "./src/handlers/log.ts";
export { attachAll, type AttachAllOptions, detachAll } from "./src/handlers/all.ts";

// The generated module's names follow events.yaml (a constant, two interfaces and an emitter
// per event, plus `catalog`, `CatalogEvents`, `CatalogEventKey`), so it is the one module
// re-exported whole: listing its names here would go stale at every catalog edit.
export * from "./src/events.generated.ts";
