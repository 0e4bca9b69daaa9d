// ava for mutation runs only (stryker.config.mjs): one entry file that imports every test file
// of the part, so a mutant costs one process start instead of one per test file.
export default {
  files: [".mutation/entry.ts"],
  extensions: { ts: "module" },
  nodeArguments: ["--import=tsx"],
  workerThreads: false,
  timeout: "60s",
};
