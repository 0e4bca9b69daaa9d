import test from "ava";
import { escapedWidth, escapeText, quote } from "../../src/logger/_escape.ts";

test("escapedWidth() is the width quote() and escapeText() give every UTF-16 unit", (t) => {
  const wrong: string[] = [];
  for (let code = 0; code <= 0xffff; code++) {
    if (code >= 0xd800 && code < 0xe000) continue; // a lone surrogate: see the next test
    const char = String.fromCharCode(code);
    const json = quote(char).length - 2;
    const text = escapeText(char).length;
    if (json !== escapedWidth(code, true) || text !== escapedWidth(code, false)) {
      wrong.push(`U+${code.toString(16)}: json ${json}, text ${text}`);
    }
  }
  t.deepEqual(wrong, []);
});

test("escapedWidth() counts surrogates 1, as written in a pair and by the text formats", (t) => {
  t.is(escapedWidth(0xd83d, true), 1);
  t.is(escapedWidth(0xde00, false), 1);
  t.is(quote("😀"), '"😀"');
  t.is(escapeText("\ud800"), "\ud800");
  t.is(quote("\ud800"), '"\\ud800"');
});
