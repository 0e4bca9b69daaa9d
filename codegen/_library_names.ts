/**
 * The names `@jido/telemetry` exports from its root entry (mod.ts), except those of the
 * standard catalog's generated module (its constants, interfaces and emitters, which the codegen
 * derives from events.yaml). A generated module may not declare any of them: an application
 * event `handler.failure` would make a second `HANDLER_FAILURE` that silently shadows the bus's.
 *
 * Keep in step with mod.ts; test/codegen.test.ts compares the two.
 *
 * @module
 */

/** The root entry's names, grouped as mod.ts groups them. */
export const libraryNames: readonly string[] = [
  // The bus.
  "attach",
  "attachMany",
  "channel",
  "detach",
  "EventChannel",
  "EventName",
  "execute",
  "Handler",
  "HandlerInfo",
  "listHandlers",
  "Measurements",
  "Metadata",
  "executeWithStartComplete",
  "executeWithTelemetry",
  "Span",
  "span",
  "EndSpanOptions",
  "SpanHandle",
  "startSpan",
  "StartSpanOptions",
  "TelemetryError",
  "TelemetryErrorCode",
  // The OpenTelemetry attributes catalog fields may map to.
  "AttributeSpec",
  "AttributeType",
  "GENAI_SEMCONV_VERSION",
  "GenAiOperation",
  "genAiOperations",
  "otelAttributes",
  // Catalogs: their shape, the library's own events, the standard catalog under its root names.
  "Catalog",
  "defineCatalog",
  "EventSpec",
  "Level",
  "levels",
  "MeasurementSpec",
  "MeasurementType",
  "MetadataSpec",
  "MetadataType",
  "ALERT_RESOLVED",
  "ALERT_TRIGGERED",
  "AlertResolvedMeasurements",
  "AlertResolvedMetadata",
  "AlertTriggeredMeasurements",
  "AlertTriggeredMetadata",
  "HANDLER_FAILURE",
  "HandlerFailureMeasurements",
  "HandlerFailureMetadata",
  "libraryCatalog",
  "OTLP_EXPORT",
  "OtlpExportMeasurements",
  "OtlpExportMetadata",
  "RUNTIME_POLL",
  "RuntimePollMeasurements",
  "RuntimePollMetadata",
  "standardCatalog",
  "StandardCatalogEventKey",
  "StandardCatalogEvents",
  // Handlers and the poller.
  "attachLogHandler",
  "detachLogHandler",
  "LogHandlerOptions",
  "attachMetricsHandler",
  "detachMetricsHandler",
  "getCounters",
  "getDurationStats",
  "getMetrics",
  "MetricsHandlerOptions",
  "resetCounters",
  "attachAll",
  "AttachAllOptions",
  "detachAll",
  "Logger",
  "Poller",
  "PollerOptions",
  "startPoller",
];
