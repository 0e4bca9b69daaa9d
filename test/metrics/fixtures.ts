import type { Catalog, EventSpec, MeasurementSpec, MetadataSpec } from "../../src/catalog.ts";

const ms = (name: string, unit: string, type: "integer" | "float" = "float"): MeasurementSpec => ({
  name,
  type,
  unit,
  required: true,
  description: name,
});

const md = (name: string, required = true): MetadataSpec => ({
  name,
  type: "string",
  required,
  description: name,
});

function event(
  path: string,
  measurements: MeasurementSpec[] = [],
  metadata: MetadataSpec[] = [],
): EventSpec {
  return {
    name: ["jido_coder_lib", ...path.split(".")],
    key: `jido_coder_lib.${path}`,
    level: "info",
    description: path,
    measurements,
    metadata,
  };
}

const llmMeta = [md("model"), md("provider")];

/** The standard catalog's events, measurements and metadata, as a literal. */
export const catalog: Catalog = {
  app: "jido_coder_lib",
  events: [
    event("session.start", [], [md("session_id")]),
    event("session.stop", [ms("duration", "millisecond")], [md("session_id")]),
    event("session.error", [], [md("session_id")]),
    event("agent.dispatch", [], [md("agent")]),
    event("agent.complete", [ms("duration", "millisecond")], [md("agent")]),
    event("llm.request", [], [md("model", false), md("provider", false)]),
    event(
      "llm.response",
      [
        ms("duration", "millisecond"),
        ms("input_tokens", "token", "integer"),
        ms("output_tokens", "token", "integer"),
      ],
      [...llmMeta, md("finish_reason", false)],
    ),
    event("context.cache_hit", [], [md("cache")]),
    event("context.cache_miss", [], [md("cache")]),
  ],
};

/** A user's edited catalog: no agent events, no token counts, no provider. */
export const editedCatalog: Catalog = {
  app: "jido_coder_lib",
  events: [
    event("session.stop", [ms("duration", "millisecond")], [md("session_id")]),
    event("llm.response", [ms("duration", "millisecond")], [md("model")]),
    event("context.cache_hit", [], [md("cache")]),
  ],
};
