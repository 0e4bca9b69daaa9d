// The kit's types: typed captures checked by tsc, `using` where the lib has Symbol.dispose, and
// the kit compiling under lib ES2023 (no Symbol.dispose), as a consumer's lib may be.
import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

function check(lib: string[], ...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "kit-types-"));
  try {
    const config = join(dir, "tsconfig.json");
    writeFileSync(
      config,
      JSON.stringify({
        compilerOptions: {
          noEmit: true,
          strict: true,
          target: "ES2022",
          lib,
          types: [],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          allowImportingTsExtensions: true,
          skipLibCheck: true,
        },
        files: files.map((f) => resolve(f)),
      }),
    );
    const run = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", config], {
      encoding: "utf8",
    });
    return `${run.status} ${run.stdout}${run.stderr}`.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a capture typed with CatalogEvents types its records and expectations, and the kit compiles under lib ES2023", (t) => {
  t.is(check(["ES2023", "DOM"], "test/testing/fixtures/typed.ts", "src/testing/mod.ts"), "0");
});

test("using type-checks with lib ESNext, not under lib ES2023 (no Symbol.dispose)", (t) => {
  t.is(check(["ESNext", "DOM"], "test/testing/fixtures/using.ts"), "0");
  t.regex(check(["ES2023", "DOM"], "test/testing/fixtures/using.ts"), /error TS/);
});
