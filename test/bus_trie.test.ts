// The bus alone in a process, with no channel held by generated code: detaching the only
// handler empties the trie down to its root.
import test from "ava";
import { attach, detach, execute } from "../src/telemetry.ts";
import { root } from "../src/_handler_table.ts";

test("detaching the last handler of the process empties the trie and the bus still works", (t) => {
  t.is(root.children?.size ?? 0, 0, "nothing attached yet in this process");
  attach("only", ["solo", "event"], () => {});
  t.notThrows(() => detach("only"));
  t.is(root.children?.size, 0);
  let calls = 0;
  attach("again", ["solo", "event"], () => void calls++);
  execute(["solo", "event"], {});
  t.is(calls, 1);
  detach("again");
});
