import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { goJsonCompact, goJsonIndent, goJsonString } from "./go-json.js";

test("goJsonString escapes like Go: HTML chars optional, U+2028, control chars", () => {
  assert.equal(goJsonString('a<b>&"\\', true), '"a\\u003cb\\u003e\\u0026\\"\\\\"');
  assert.equal(goJsonString("a<b>&", false), '"a<b>&"');
  assert.equal(goJsonString("\n\t\r\b\f\u0001\u2028é☕", false), '"\\n\\t\\r\\b\\f\\u0001\\u2028é☕"');
  assert.equal(goJsonString("\ud800x", false), '"\\ufffdx"');
});

test("goJsonIndent matches json.Indent: empty {} and [], strings verbatim, whitespace dropped", () => {
  const src = '[{"a": {}, "b":[ ], "c":[1,{"d":"x\\u003c, :{["}], "e":null}\n]';
  const want = '[\n    {\n        "a": {},\n        "b": [],\n        "c": [\n            1,\n            {\n                "d": "x\\u003c, :{["\n            }\n        ],\n        "e": null\n    }\n]';
  assert.equal(goJsonIndent(src, "    "), want);
  assert.equal(goJsonIndent("[]", "    "), "[]");
});

test("goJsonCompact removes insignificant whitespace only", () => {
  assert.equal(goJsonCompact('{ "a" : "b c",\n "d":[ 1 , 2 ] }\n'), '{"a":"b c","d":[1,2]}');
});

test("property: indenting and compacting keep the JSON value", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const s = JSON.stringify(v);
      assert.deepEqual(JSON.parse(goJsonIndent(s, "    ")), JSON.parse(s));
      assert.equal(goJsonCompact(goJsonIndent(s, "  ")), s);
    }),
  );
});
