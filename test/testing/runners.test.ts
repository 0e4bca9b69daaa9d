// The kit works without ava: node:test runs test/testing/node_test_runner.ts in a child process
// (the Deno run is test/deno/testing_test.ts).
import test from "ava";
import { spawnSync } from "node:child_process";

function nodeTest(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ["--import=tsx", "--test", "--test-reporter=tap", "test/testing/node_test_runner.ts"],
    { encoding: "utf8", env: { ...process.env, ...env } },
  );
}

test("node:test passes the kit's tests", (t) => {
  const run = nodeTest({ KIT_FAIL: "0" });
  t.is(run.status, 0, run.stdout + run.stderr);
  t.regex(run.stdout, /# pass 2/);
  t.regex(run.stdout, /# fail 0/);
});

test("node:test fails a test whose matcher throws, with the kit's message", (t) => {
  const run = nodeTest({ KIT_FAIL: "1" });
  t.is(run.status, 1);
  t.regex(run.stdout, /# fail 1/);
  t.regex(run.stdout, /Expected node_kit\.never to be emitted, but no captured event matched/);
});
