// House style: every public export has JSDoc, and every value export an @example (the Deno docs
// are built from them; `npm run check` type-checks the examples with `deno check --doc`).
import test from "ava";
import { Node, Project } from "ts-morph";

test("every export of mod.ts is documented, and every value export has an @example", (t) => {
  const project = new Project({ compilerOptions: { allowImportingTsExtensions: true } });
  const mod = project.addSourceFileAtPath("mod.ts");
  project.resolveSourceFileDependencies();
  const missing: string[] = [];
  for (const [name, declarations] of mod.getExportedDeclarations()) {
    for (const d of declarations) {
      const docs = Node.isJSDocable(d)
        ? d.getJsDocs()
        : Node.isVariableDeclaration(d)
        ? d.getVariableStatement()?.getJsDocs() ?? []
        : [];
      const text = docs.map((doc) => doc.getText()).join("\n");
      const isType = Node.isInterfaceDeclaration(d) || Node.isTypeAliasDeclaration(d);
      if (text === "") missing.push(`${name}: no JSDoc`);
      else if (!isType && !text.includes("@example")) missing.push(`${name}: no @example`);
    }
  }
  t.deepEqual(missing, []);
  t.true(mod.getExportedDeclarations().size > 150);
});
