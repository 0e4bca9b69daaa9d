// The import rules of ARCHITECTURE.md, checked on every file of src/: parts with doors, one
// direction, and a runtime that never imports one application's generated events.
import test from "ava";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

/** What each part may import besides itself. `core` is the files directly in src/. */
const allowed: Readonly<Record<string, readonly string[]>> = {
  core: [],
  store: ["core"],
  logger: ["core"],
  metrics: ["core", "store"],
  alerts: ["core", "metrics"],
  prometheus: ["core", "store", "metrics"],
  statsd: ["core", "metrics"],
  alertmanager: ["core"],
  trace: ["core"],
  otlp: ["core", "metrics", "logger"],
  cost: ["core", "metrics"],
  testing: ["core", "logger", "metrics", "trace"],
  dashboard: ["core", "metrics", "logger"],
  handlers: ["core", "logger", "metrics"],
};

const files = readdirSync("src", { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".ts"))
  .map((f) => join("src", f));

function partOf(path: string): string {
  const parts = path.split("/");
  return parts.length === 2 ? "core" : parts[1];
}

function importsOf(path: string): string[] {
  const text = readFileSync(path, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+["']([^"']+)["']/gms)) {
    out.push(m[1]);
  }
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) out.push(m[1]);
  return out;
}

const edges = files.flatMap((from) =>
  importsOf(from).map((specifier) => ({
    from,
    specifier,
    to: specifier.startsWith(".") ? normalize(join(dirname(from), specifier)) : specifier,
  }))
);

test("every part is listed in the rules", (t) => {
  t.deepEqual([...new Set(files.map(partOf))].sort(), Object.keys(allowed).sort());
});

test("src/ imports only its own files: no npm package, no node: built-in", (t) => {
  t.deepEqual(
    edges.filter((e) => !e.specifier.startsWith(".")).map((e) => `${e.from}: ${e.to}`),
    [],
  );
});

interface Edge {
  readonly from: string;
  readonly to: string;
}

function privateViolations(list: readonly Edge[]): string[] {
  return list
    .filter((e) => e.to.split("/").at(-1)!.startsWith("_") && dirname(e.to) !== dirname(e.from))
    .map((e) => `${e.from} -> ${e.to}`);
}

function partViolations(list: readonly Edge[]): string[] {
  return list
    .filter((e) => {
      const from = partOf(e.from);
      const to = partOf(e.to);
      return from !== to && !allowed[from].includes(to);
    })
    .map((e) => `${e.from} (${partOf(e.from)}) -> ${e.to} (${partOf(e.to)})`);
}

test("a part's _files are imported only from inside its folder", (t) => {
  t.deepEqual(privateViolations(edges), []);
});

test("parts import only the parts below them", (t) => {
  t.deepEqual(partViolations(edges.filter((e) => e.specifier.startsWith("."))), []);
});

test("no runtime file imports a generated catalog: only the root entry re-exports it", (t) => {
  const bad = edges.filter((e) => e.to.endsWith(".generated.ts"));
  t.deepEqual(bad.map((e) => `${e.from} -> ${e.to}`), []);
  const root = importsOf("mod.ts").filter((s) => s.endsWith(".generated.ts"));
  t.deepEqual(root, ["./src/events.generated.ts"]);
});

test("the rules catch violations (the checker is not blind)", (t) => {
  const upward = { from: "src/logger/logger.ts", to: "src/metrics/metric_store.ts" };
  const intoPrivate = { from: "src/alerts/alert.ts", to: "src/metrics/_compile.ts" };
  const coreUp = { from: "src/telemetry.ts", to: "src/handlers/log.ts" };
  t.deepEqual(partViolations([upward, intoPrivate, coreUp]), [
    "src/logger/logger.ts (logger) -> src/metrics/metric_store.ts (metrics)",
    "src/telemetry.ts (core) -> src/handlers/log.ts (handlers)",
  ]);
  t.deepEqual(privateViolations([upward, intoPrivate, coreUp]), [
    "src/alerts/alert.ts -> src/metrics/_compile.ts",
  ]);
  t.true(edges.some((e) => e.from === "src/handlers/log.ts" && e.to === "src/logger/mod.ts"));
});

test("the demo and the benchmark use the package as a user would: its public entries only", (t) => {
  const entries = new Set(
    Object.values(JSON.parse(readFileSync("deno.json", "utf8")).exports as Record<string, string>)
      .map((p) => normalize(p)),
  );
  const users = ["demo", "bench"].flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join(dir, f))
  );
  t.true(users.includes("demo/workload.ts") && users.includes("bench/cases/bus.ts"));
  const bad = users.flatMap((from) =>
    importsOf(from)
      .filter((s) => {
        if (!s.startsWith(".")) return false; // node: built-ins, and the peers (npm packages)
        const to = normalize(join(dirname(from), s));
        return !(to.startsWith(from.split("/")[0] + "/") || entries.has(to));
      })
      .map((s) => `${from} -> ${s}`)
  );
  t.deepEqual(bad, []);
});
