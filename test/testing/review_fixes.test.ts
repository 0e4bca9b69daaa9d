// The kit where a capture could go deaf, a series be mistaken for another, or a secret be
// printed by the place it was found in.
import test from "ava";
import { execute } from "../../mod.ts";
import {
  assertMetric,
  assertNoSecret,
  captureEvents,
  metricsSnapshot,
  TelemetryAssertionError,
} from "../../src/testing/mod.ts";
import type { MetricSnapshot } from "../../src/metrics/mod.ts";

test.serial("metadata that cannot be copied is kept as it came: the capture keeps listening", (t) => {
  const capture = captureEvents([["kit", "hostile"]]);
  t.teardown(() => capture.dispose());
  const hostile = {
    get value(): never {
      throw new Error("no reads");
    },
  };
  execute(["kit", "hostile"], { n: 1 }, hostile);
  execute(["kit", "hostile"], { n: 2 }, { plain: true });
  t.is(capture.events().length, 2);
  t.is(capture.events()[0].metadata, hostile);
  capture.assertEmitted(["kit", "hostile"], { times: 2 });
});

test("a place named after a key that is the secret does not print the secret", (t) => {
  const secret = "sk-live-abcdefghijklmnop";
  const error = t.throws(() => assertNoSecret(secret, { [secret]: secret }), {
    instanceOf: TelemetryAssertionError,
  });
  t.false(error!.message.includes(secret), error!.message);
  t.regex(error!.message, /<secret>/);
  t.throws(() => assertNoSecret(secret, `https://x/?key=${encodeURIComponent(secret + "/+")}`));
});

test("tag sets whose values hold , and = are told apart", (t) => {
  const metric: MetricSnapshot = {
    name: "m",
    kind: "counter",
    unit: "1",
    description: "",
    tags: ["a", "b"],
    series: [
      { tags: { a: "1,b=2" }, value: 1 },
      { tags: { a: "1", b: "2" }, value: 2 },
    ],
  } as unknown as MetricSnapshot;
  t.is(Object.keys(metricsSnapshot([metric]).m).length, 2);
  assertMetric([metric], "m", { tags: { a: "1", b: "2" }, value: 2 });
  assertMetric([metric], "m", { tags: { a: "1,b=2" }, value: 1 });
  t.throws(() => assertMetric([metric], "m", { tags: { a: "1", b: "2" }, value: 1 }), {
    instanceOf: TelemetryAssertionError,
  });
});
