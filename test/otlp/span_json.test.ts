// Spans are written to JSON by hand: the text must be exactly what JSON.stringify writes for
// the same structure, whatever the strings hold.
import test from "ava";
import fc from "fast-check";
import { spanJson } from "../../src/otlp/spans.ts";
import type { FinishedSpan } from "../../src/trace/mod.ts";
import { runs } from "../fixtures/runs.ts";

const awkward = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.constantFrom("\ud800", "a\udc00b", "\u2028", '"', "\\", "\u0000", "\u007f", "é", "😀", ""),
);
const scalar = fc.oneof(awkward, fc.double(), fc.integer(), fc.boolean(), fc.constant(null));

test("spanJson() writes what JSON.stringify writes for the same span, whatever its strings", (t) => {
  fc.assert(
    fc.property(
      awkward,
      fc.dictionary(awkward, fc.oneof(scalar, fc.array(awkward, { maxLength: 3 }))),
      fc.dictionary(awkward, fc.double()),
      fc.option(awkward, { nil: undefined }),
      fc.boolean(),
      (name, metadata, measurements, message, failed) => {
        const span: FinishedSpan = {
          traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
          spanId: "00f067aa0ba902b7",
          parentSpanId: failed ? "00f067aa0ba902b8" : undefined,
          remoteParent: false,
          traceFlags: 1,
          name,
          kind: "client",
          eventPrefix: [],
          startTime: 1_700_000_000_000.5,
          endTime: 1_700_000_000_012.25,
          duration: 11.75,
          metadata,
          measurements,
          attributes: { "gen_ai.operation.name": "chat" },
          status: failed ? "error" : "ok",
          errorType: failed ? "TypeError" : undefined,
          errorMessage: message,
        };
        const text = spanJson(span);
        return JSON.stringify(JSON.parse(text)) === text;
      },
    ),
    { numRuns: runs(1000) },
  );
  t.pass();
});
