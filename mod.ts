/**
 * @jido/telemetry: structured logging and telemetry for AI coding-agent applications, modelled
 * on Erlang/Elixir's `:telemetry`, `telemetry_metrics` and `Logger`.
 *
 * The root entry holds the event bus (`attach`, `execute`, `span`), the catalog types, the
 * library's own events, the standard agent catalog with its typed emitters, the log and metrics
 * handlers and the poller. The other parts have entries of their own: `@jido/telemetry/logger`,
 * `@jido/telemetry/metrics`, `@jido/telemetry/store` and `@jido/telemetry/alerts`.
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

// The bus.
export {
  attach,
  attachMany,
  channel,
  detach,
  type EventChannel,
  type EventName,
  execute,
  type Handler,
  type HandlerInfo,
  listHandlers,
  type Measurements,
  type Metadata,
} from "./src/telemetry.ts";
export {
  type EndSpanOptions,
  executeWithStartComplete,
  executeWithTelemetry,
  type Span,
  span,
  type SpanHandle,
  startSpan,
  type StartSpanOptions,
} from "./src/span.ts";
export { TelemetryError, type TelemetryErrorCode } from "./src/errors.ts";
export {
  type AttributeSpec,
  type AttributeType,
  GENAI_SEMCONV_VERSION,
  type GenAiOperation,
  genAiOperations,
  otelAttributes,
} from "./src/semconv.ts";

// Catalogs: their shape, the library's own events, and the standard agent catalog.
export {
  type Catalog,
  defineCatalog,
  type EventSpec,
  type MeasurementSpec,
  type MeasurementType,
  type MetadataSpec,
  type MetadataType,
} from "./src/catalog.ts";
export { type Level, levels } from "./src/levels.ts";
export {
  ALERT_RESOLVED,
  ALERT_TRIGGERED,
  type AlertResolvedMeasurements,
  type AlertResolvedMetadata,
  type AlertTriggeredMeasurements,
  type AlertTriggeredMetadata,
  HANDLER_FAILURE,
  type HandlerFailureMeasurements,
  type HandlerFailureMetadata,
  libraryCatalog,
  OTLP_EXPORT,
  type OtlpExportMeasurements,
  type OtlpExportMetadata,
  RUNTIME_POLL,
  type RuntimePollMeasurements,
  type RuntimePollMetadata,
} from "./src/library_events.ts";
export {
  AGENT_COMPLETE,
  AGENT_DISPATCH,
  type AgentCompleteMeasurements,
  type AgentCompleteMetadata,
  type AgentDispatchMeasurements,
  type AgentDispatchMetadata,
  catalog as standardCatalog,
  type CatalogEventKey as StandardCatalogEventKey,
  type CatalogEvents as StandardCatalogEvents,
  CONTEXT_CACHE_HIT,
  CONTEXT_CACHE_MISS,
  type ContextCacheHitMeasurements,
  type ContextCacheHitMetadata,
  type ContextCacheMissMeasurements,
  type ContextCacheMissMetadata,
  emitAgentComplete,
  emitAgentDispatch,
  emitContextCacheHit,
  emitContextCacheMiss,
  emitLlmCost,
  emitLlmRequest,
  emitLlmResponse,
  emitSessionError,
  emitSessionStart,
  emitSessionStop,
  LLM_COST,
  LLM_REQUEST,
  LLM_RESPONSE,
  type LlmCostMeasurements,
  type LlmCostMetadata,
  type LlmRequestMeasurements,
  type LlmRequestMetadata,
  type LlmResponseMeasurements,
  type LlmResponseMetadata,
  SESSION_ERROR,
  SESSION_START,
  SESSION_STOP,
  type SessionErrorMeasurements,
  type SessionErrorMetadata,
  type SessionStartMeasurements,
  type SessionStartMetadata,
  type SessionStopMeasurements,
  type SessionStopMetadata,
} from "./src/events.generated.ts";

// Handlers that log and measure catalog events, and the poller.
export { attachLogHandler, detachLogHandler, type LogHandlerOptions } from "./src/handlers/log.ts";
export {
  attachMetricsHandler,
  detachMetricsHandler,
  getCounters,
  getDurationStats,
  getMetrics,
  type MetricsHandlerOptions,
  resetCounters,
} from "./src/handlers/metrics.ts";
export { attachAll, type AttachAllOptions, detachAll } from "./src/handlers/all.ts";
export type { Logger } from "./src/logger/mod.ts";
export { type Poller, type PollerOptions, startPoller } from "./src/poller.ts";
