import test from "ava";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const deno = JSON.parse(readFileSync("deno.json", "utf8"));

test("package.json and deno.json agree on name and version", (t) => {
  t.is(pkg.name, "@jido/telemetry");
  t.is(deno.name, pkg.name);
  t.is(deno.version, pkg.version);
  t.deepEqual(deno.exports, {
    ".": "./mod.ts",
    "./logger": "./src/logger/mod.ts",
    "./metrics": "./src/metrics/mod.ts",
    "./store": "./src/store/mod.ts",
    "./alerts": "./src/alerts/mod.ts",
    "./prometheus": "./src/prometheus/mod.ts",
    "./statsd": "./src/statsd/mod.ts",
    "./alertmanager": "./src/alertmanager/mod.ts",
    "./trace": "./src/trace/mod.ts",
    "./cost": "./src/cost/mod.ts",
    "./otlp": "./src/otlp/mod.ts",
    "./testing": "./src/testing/mod.ts",
    "./dashboard": "./src/dashboard/mod.ts",
  });
});

test("package.json exports the same entries as deno.json, compiled, with types first", (t) => {
  const subpaths = Object.keys(deno.exports);
  t.deepEqual(Object.keys(pkg.exports), [...subpaths, "./package.json"]);
  for (const subpath of subpaths) {
    const source: string = deno.exports[subpath];
    const built = "./dist/" + source.slice(2, -3);
    t.deepEqual(pkg.exports[subpath], {
      types: `${built}.d.ts`,
      import: `${built}.js`,
      default: `${built}.js`,
    }, subpath);
  }
  t.is(pkg.sideEffects, false);
  t.deepEqual(pkg.files, ["dist/", "events.yaml", "LICENSE", "README.md"]);
  t.deepEqual(pkg.bin, { "jido-telemetry": "./dist/codegen/bin.js" });
  t.deepEqual(pkg.peerDependenciesMeta, { yaml: { optional: true } });
  t.is(pkg.scripts.prepack, "npm run -s build");
});

test("package.json has no runtime dependencies", (t) => {
  t.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
  t.is(pkg.type, "module");
  t.is(pkg.devDependencies.ava, "7.0.0");
});

test("deno.json has a task for every npm script, delegating to it", (t) => {
  // deno task would run node_modules/.bin/deno (the npm package's binary) as JavaScript, so
  // tasks go through npm, where `deno` is the real binary. `deno task start` runs the demo
  // under Deno: npm's start:deno.
  t.deepEqual(
    deno.tasks,
    Object.fromEntries(
      Object.keys(pkg.scripts).map((name) => [
        name,
        `npm run -s ${name === "start" ? "start:deno" : name} --`,
      ]),
    ),
  );
  t.is(
    pkg.scripts["start:deno"],
    "deno run --allow-env --allow-sys --allow-net --allow-read demo/main.ts",
  );
});

test("deno task codegen --check runs the npm script with its argument", (t) => {
  const run = spawnSync("node_modules/.bin/deno", ["task", "-q", "codegen", "--check"], {
    encoding: "utf8",
  });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, "src/events.generated.ts is up to date with events.yaml\n");
});
