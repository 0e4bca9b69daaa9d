// `npm run mutate -- [part ...]`: Stryker over each part of stryker.config.mjs in turn (every
// part when none is named), then one line per part with its mutation score, read from the JSON
// reports in reports/mutation/.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parts } from "../stryker.config.mjs";

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in parts)) {
    console.error(`Unknown part "${name}" (expected one of ${Object.keys(parts).join(", ")})`);
    process.exit(2);
  }
}
const names = wanted.length > 0 ? wanted : Object.keys(parts);
const scores = [];
for (const name of names) {
  const run = spawnSync("npx", ["stryker", "run", "stryker.config.mjs"], {
    stdio: "inherit",
    env: { ...process.env, MUTATE_PART: name },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  const report = JSON.parse(readFileSync(`reports/mutation/${name}.json`, "utf8"));
  const counts = {};
  for (const file of Object.values(report.files)) {
    for (const m of file.mutants) counts[m.status] = (counts[m.status] ?? 0) + 1;
  }
  const killed = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const valid = killed + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  scores.push(`${name}: ${(100 * killed / valid).toFixed(1)}% (${killed} of ${valid} killed)`);
}
console.log(scores.join("\n"));
