// House style: every public export of every entry has JSDoc, and every value export an @example
// (the Deno docs are built from them; `npm run check` type-checks the examples with
// `deno check --doc`). README.md lists the public surface; it must match the entries.
import test from "ava";
import { readFileSync } from "node:fs";
import { Node, Project } from "ts-morph";
import { surface, surfaceText } from "./fixtures/surface.ts";

test("every export of every entry is documented, and every value export has an @example", (t) => {
  const project = new Project({ compilerOptions: { allowImportingTsExtensions: true } });
  const missing: string[] = [];
  for (const [entry, path] of Object.entries(surface.entries)) {
    const mod = project.addSourceFileAtPath(path);
    project.resolveSourceFileDependencies();
    for (const [name, declarations] of mod.getExportedDeclarations()) {
      for (const d of declarations) {
        const docs = Node.isJSDocable(d)
          ? d.getJsDocs()
          : Node.isVariableDeclaration(d)
          ? d.getVariableStatement()?.getJsDocs() ?? []
          : [];
        const text = docs.map((doc) => doc.getText()).join("\n");
        const isType = Node.isInterfaceDeclaration(d) || Node.isTypeAliasDeclaration(d);
        if (text === "") missing.push(`${entry} ${name}: no JSDoc`);
        else if (!isType && !text.includes("@example")) {
          missing.push(`${entry} ${name}: no @example`);
        }
      }
    }
  }
  t.deepEqual(missing, []);
});

test("README.md lists exactly the names each entry exports", (t) => {
  const readme = readFileSync("README.md", "utf8");
  const listed = /<!-- surface:start -->\n([\s\S]*?)<!-- surface:end -->/.exec(readme)?.[1];
  const words = (text: string | undefined) => text?.replace(/\s+/g, " ").trim();
  t.is(words(listed), words(surfaceText()), "regenerate with: npx tsx test/fixtures/surface.ts");
});

test("internals stay out of the entries", (t) => {
  const all = Object.values(surface.names()).flat();
  for (
    const name of [
      "lineWriter",
      "levelPasses",
      "compileSample",
      "Channel",
      "TableImpl",
      "libraryChannels",
      "builtin",
    ]
  ) {
    t.false(all.includes(name), name);
  }
  const project = new Project({ compilerOptions: { allowImportingTsExtensions: true } });
  const declarations = new Set<string>();
  for (const path of Object.values(surface.entries)) {
    const mod = project.addSourceFileAtPath(path);
    project.resolveSourceFileDependencies();
    for (const d of mod.getExportedDeclarations().get("Metadata") ?? []) {
      declarations.add(`${d.getSourceFile().getFilePath()}:${d.getStartLineNumber()}`);
    }
  }
  t.is(declarations.size, 1, `one Metadata type: ${[...declarations].join(", ")}`);
});
