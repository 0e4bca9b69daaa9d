// Mutation testing (Stryker, command runner over ava): `npm run mutate -- <part>`, or every part
// with no argument (`scripts/mutate.mjs` runs them one after another). Not part of `npm test`:
// a part takes minutes. Each part names the files whose mutants are made and the ava files
// that must kill them; a mutant that survives is behaviour no test checks.
//
// The parts are where a silent mistake costs users most: redaction and escaping, the sketch and
// aggregates, the alert window, tag and key encoding, the bus.

import { mkdirSync, readdirSync, writeFileSync } from "node:fs";

/**
 * `isolated`: test files that need a process of their own (they check process-wide state from
 * a fresh start); they run in a second ava process after the part's shared one.
 * @type {Record<string, { mutate: string[], tests: string[], isolated?: string[] }>}
 */
export const parts = {
  redaction: {
    mutate: [
      "src/logger/_credentials.ts",
      "src/logger/secret_key.ts",
      "src/logger/redact.ts",
      "src/logger/_escape.ts",
      "src/logger/_plain.ts",
      "src/logger/_fit.ts",
    ],
    tests: [
      "test/logger/redact*.test.ts",
      "test/logger/plain.test.ts",
      "test/logger/escape.test.ts",
      "test/logger/property.test.ts",
      "test/logger/keys.test.ts",
      "test/logger/limits.test.ts",
    ],
  },
  sketch: {
    mutate: [
      "src/metrics/sketch.ts",
      "src/metrics/_dense_store.ts",
      "src/metrics/_aggregate.ts",
      "src/metrics/exact_sum.ts",
      "src/metrics/checked_sample.ts",
      "src/metrics/_compile.ts",
    ],
    tests: [
      "test/metrics/sketch.test.ts",
      "test/metrics/dense_store.test.ts",
      "test/metrics/metric_store.test.ts",
      "test/metrics/numeric*.test.ts",
    ],
  },
  window: {
    mutate: ["src/alerts/_window.ts", "src/alerts/alert.ts"],
    tests: ["test/alerts/*.test.ts"],
  },
  keys: {
    mutate: [
      "src/store/_encode.ts",
      "src/store/key.ts",
      "src/store/pattern.ts",
      "src/store/_table.ts",
      "src/metrics/_tags.ts",
      "src/metrics/_slot_cache.ts",
    ],
    tests: [
      "test/store/*.test.ts",
      "test/metrics/metric_store.test.ts",
      "test/metrics/series_keys.test.ts",
    ],
  },
  bus: {
    mutate: ["src/telemetry.ts", "src/_handler_table.ts", "src/span.ts"],
    tests: [
      "test/telemetry.test.ts",
      "test/telemetry_suite.test.ts",
      "test/span.test.ts",
    ],
    isolated: ["test/bus_trie.test.ts"],
  },
};

const name = process.env.MUTATE_PART ?? "bus";
const part = parts[name];
if (part === undefined) {
  throw new Error(`Unknown part "${name}" (expected one of ${Object.keys(parts).join(", ")})`);
}

// Property tests (fast-check) run a fifth of their cases here: the suite runs once per mutant
// (test/fixtures/runs.ts). npm test runs all of them.
process.env.PROPERTY_RUNS_SCALE ??= "0.2";

// The part's test files, globs expanded here, are imported by one entry file written here
// (.mutation/entry.ts, git-ignored, run by ava.mutation.config.mjs): one ava process per mutant instead
// of one per test file. ava wants every test declared synchronously, hence static imports.
mkdirSync(new URL(".mutation/", import.meta.url), { recursive: true });
writeFileSync(
  new URL(".mutation/entry.ts", import.meta.url),
  `// Written by stryker.config.mjs for the part "${name}".\n${
    expand(part.tests).map((file) => `import "../${file}";\n`).join("")
  }`,
);

// ava's CLI run by node (npx costs about half a second per mutant), found from this file: the
// sandbox Stryker copies the project into may have no node_modules of its own.
const avaCli = new URL("node_modules/ava/entrypoints/cli.mjs", import.meta.url).pathname;

/**
 * Test files matching globs whose only wildcard is `*` in the file name, sorted.
 * @param {string[]} globs
 */
function expand(globs) {
  const root = new URL(".", import.meta.url);
  const files = new Set();
  for (const glob of globs) {
    const slash = glob.lastIndexOf("/");
    const dir = glob.slice(0, slash);
    const name = new RegExp(
      `^${glob.slice(slash + 1).replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`,
    );
    const found = readdirSync(new URL(`${dir}/`, root)).filter((file) => name.test(file));
    if (found.length === 0) throw new Error(`No test file matches "${glob}"`);
    for (const file of found) files.add(`${dir}/${file}`);
  }
  return [...files].sort();
}

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "command",
  commandRunner: {
    command: [
      `node ${avaCli} --fail-fast --config ava.mutation.config.mjs`,
      ...(part.isolated ?? []).map((file) => `node ${avaCli} --fail-fast ${file}`),
    ].join(" && "),
  },
  mutate: part.mutate,
  coverageAnalysis: "off",
  concurrency: 2,
  timeoutMS: 8_000,
  reporters: ["clear-text", "json", "progress"],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
  ignorePatterns: ["dist", "reports", ".stryker-tmp"],
};
