import test from "ava";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync("package.json", "utf8"));
const deno = JSON.parse(readFileSync("deno.json", "utf8"));

test("package.json and deno.json agree on name and version", (t) => {
  t.is(pkg.name, "@jido/telemetry");
  t.is(deno.name, pkg.name);
  t.is(deno.version, pkg.version);
  t.is(deno.exports, "./mod.ts");
});

test("package.json has no runtime dependencies", (t) => {
  t.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
  t.is(pkg.type, "module");
  t.is(pkg.devDependencies.ava, "7.0.0");
});

test("deno.json has a task for every npm script, delegating to it", (t) => {
  // deno task would run node_modules/.bin/deno (the npm package's binary) as JavaScript, so
  // tasks go through npm, where `deno` is the real binary.
  t.deepEqual(
    deno.tasks,
    Object.fromEntries(Object.keys(pkg.scripts).map((name) => [name, `npm run -s ${name} --`])),
  );
});

test("deno task codegen --check runs the npm script with its argument", (t) => {
  const run = spawnSync("node_modules/.bin/deno", ["task", "-q", "codegen", "--check"], {
    encoding: "utf8",
  });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, "src/events.generated.ts is up to date with events.yaml\n");
});

test("src/ imports nothing from npm: only relative paths and node: built-ins", (t) => {
  const files = readdirSync("src", { recursive: true, encoding: "utf8" });
  const bad: string[] = [];
  for (const file of files.filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(`src/${file}`, "utf8");
    for (const m of text.matchAll(/^(?:import|export|\})[^'"\n]*from\s+["']([^"']+)["']/gm)) {
      if (!m[1].startsWith(".") && !m[1].startsWith("node:")) bad.push(`src/${file}: ${m[1]}`);
    }
  }
  t.deepEqual(bad, []);
});
