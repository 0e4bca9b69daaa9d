// Deno as a user runs it: a script outside the repository importing the entries by path with no
// permissions at all, `deno publish --dry-run` (what JSR would get), and `deno doc --lint` on
// every entry (what JSR's docs are built from).
import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const deno = resolve("node_modules/.bin/deno");
const entries = Object.values(
  JSON.parse(readFileSync("deno.json", "utf8")).exports as Record<string, string>,
);

test("a script outside the repository imports the root and a subpath with no permission", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "jido-deno-"));
  const root = pathToFileURL(resolve("mod.ts")).href;
  const logger = pathToFileURL(resolve("src/logger/mod.ts")).href;
  writeFileSync(
    join(dir, "main.ts"),
    `import { attachAll, emitLlmResponse, getCounters, standardCatalog } from "${root}";
import { createLogger } from "${logger}";

const lines: string[] = [];
const log = createLogger({ env: "production", sink: (line) => lines.push(line), clock: () => 0 });
attachAll({ catalog: standardCatalog, log: { logger: log } });
emitLlmResponse({ duration: 5, input_tokens: 10, output_tokens: 3 }, {
  model: "m",
  provider: "p",
  finish_reason: "stop",
});
const line = JSON.parse(lines[0]);
console.log(JSON.stringify({ msg: line.msg, hostname: line.hostname, counters: getCounters() }));
`,
  );
  const run = spawnSync(deno, ["run", "--quiet", "--no-config", "--no-lock", "main.ts"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  t.is(run.stderr, "");
  t.is(run.status, 0);
  t.deepEqual(JSON.parse(run.stdout), {
    msg: "jido_coder_lib.llm.response",
    counters: { "jido_coder_lib.llm.response": 1 },
  }, "no --allow-sys: the hostname field is left out");
});

test("deno publish --dry-run passes and would publish only the runtime, README and LICENSE", (t) => {
  const run = spawnSync(deno, ["publish", "--dry-run", "--allow-dirty"], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  t.is(run.status, 0, run.stderr);
  t.regex(run.stderr + run.stdout, /Success Dry run complete/);
  const files = (run.stdout + run.stderr).split("\n")
    .map((line) => /^\s+(file:\/\/\S+)/.exec(line)?.[1])
    .filter((f): f is string => f !== undefined)
    .map((f) => f.slice(pathToFileURL(resolve(".")).href.length + 1))
    .sort();
  t.true(files.includes("mod.ts") && files.includes("LICENSE") && files.includes("README.md"));
  t.deepEqual(
    files.filter((f) =>
      !["mod.ts", "LICENSE", "README.md", "deno.json"].includes(f) && !/^src\/.*\.ts$/.test(f)
    ),
    [],
  );
  t.true(files.includes("src/events.generated.ts"));
});

test("deno doc --lint passes for every exported entry", (t) => {
  const run = spawnSync(deno, ["doc", "--lint", ...entries], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  t.is(run.status, 0, run.stderr || run.stdout);
});

test("without --allow-env the logger says once which profile it uses; with it, JIDO_ENV picks", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "jido-deno-env-"));
  const logger = pathToFileURL(resolve("src/logger/mod.ts")).href;
  writeFileSync(
    join(dir, "main.ts"),
    `import { createLogger } from "${logger}";

const log = createLogger({ sink: (line) => console.log(line), callSite: false, clock: () => 0 });
log.info("one");
createLogger({ sink: () => {} });
console.log(log.level);
`,
  );
  const env = { ...process.env, NO_COLOR: "1", JIDO_ENV: "production" };
  const denied = spawnSync(deno, ["run", "--quiet", "--no-config", "--no-lock", "main.ts"], {
    cwd: dir,
    encoding: "utf8",
    env,
  });
  t.is(
    denied.stderr,
    "@jido/telemetry: cannot read JIDO_ENV or NODE_ENV (under Deno, run with --allow-env=JIDO_ENV,NODE_ENV,NO_COLOR); logging with the development profile\n",
  );
  t.is(denied.stdout.split("\n").at(-2), "debug", "the development profile");
  const allowed = spawnSync(deno, [
    "run",
    "--quiet",
    "--no-config",
    "--no-lock",
    "--allow-env=JIDO_ENV,NODE_ENV,NO_COLOR",
    "main.ts",
  ], { cwd: dir, encoding: "utf8", env });
  t.is(allowed.stderr, "");
  t.is(
    allowed.stdout.replace(/"pid":\d+/, '"pid":1'),
    '{"time":"1970-01-01T00:00:00.000Z","level":"info","msg":"one","pid":1}\ninfo\n',
    "production JSON, no hostname without --allow-sys",
  );
});
