import test from "ava";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const fixture = fileURLToPath(new URL("./fixtures/no_builtins_child.ts", import.meta.url));

test("createLogger() works where the host has no process and no Node built-ins", (t) => {
  const result = spawnSync(process.execPath, ["--import=tsx", fixture], { encoding: "utf8" });
  t.is(result.status, 0, result.stderr);
  t.is(
    result.stdout,
    [
      "[info] Plain n=1",
      "[info] Scoped request_id=r1",
      "[info] Before await request_id=r2",
      "[info] After await scope={}",
      '{"time":"1970-01-01T00:00:00.000Z","level":"warn","msg":"Json"}',
      "",
    ].join("\n"),
  );
  t.is(result.stderr, "@jido/telemetry: log sink failed: Error: Down\n");
});
