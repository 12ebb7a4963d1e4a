import { test } from "node:test";
import assert from "node:assert/strict";
import { mapOpt, parseGoBool, parseGoInt, readAsCsv, toRecord, validateLabel, validateLink } from "./flags.js";
import { addFilter, filtersJson, goPathEscape, goQueryEncode, type Filters } from "./query.js";
import { rewriteBoolFlags } from "./program.js";

test("pflag string slices are CSV", () => {
  assert.deepEqual(readAsCsv("a,b"), ["a", "b"]);
  assert.deepEqual(readAsCsv('"x,y",z'), ["x,y", "z"]);
  assert.deepEqual(readAsCsv(""), []);
});

test("Go bools and ints", () => {
  assert.equal(parseGoBool("True"), true);
  assert.equal(parseGoBool("0"), false);
  assert.equal(parseGoBool("yes"), undefined);
  assert.deepEqual(["-5", "0x10", "010", "0b11", "0o17", "x", "1.5"].map(parseGoInt), [-5, 16, 8, 3, 15, undefined, undefined]);
});

test("maps: k=v, bare k, later values win", () => {
  let pairs: [string, string][] = [];
  for (const v of ["a=1", "b", "a=2=3", "=x"]) pairs = mapOpt(v, pairs);
  assert.deepEqual(toRecord(pairs), { a: "2=3", b: "", "": "x" });
});

test("label and link validation", () => {
  assert.equal(validateLabel("a=b c"), "a=b c");
  assert.throws(() => validateLabel("a b=c"), { message: "label 'a b' contains whitespaces" });
  assert.throws(() => validateLabel("=x"), { message: "invalid label '=x': empty name" });
  assert.throws(() => validateLink("a:b:c"), { message: "bad format for links: a:b:c" });
});

test("filters encode as docker's filters.ToJSON in a Go-escaped query", () => {
  const f: Filters = new Map();
  for (const a of ["driver=bridge", "Label = a b ", "driver=<x>", ""]) addFilter(f, a);
  assert.equal(filtersJson(f), '{"driver":{"\\u003cx\\u003e":true,"bridge":true},"label":{"a b":true}}');
  assert.equal(goQueryEncode({ filters: '{"a b":true}' }), "filters=%7B%22a+b%22%3Atrue%7D");
  assert.throws(() => addFilter(f, "bad"), { message: "bad format of filter (expected name=value)" });
  assert.equal(goPathEscape("a b/c?d"), "a%20b/c%3Fd");
});

test("--flag=value for bool flags becomes the hidden --set-flag value", () => {
  assert.deepEqual(rewriteBoolFlags(["network", "create", "--ipv6=false", "--driver=x", "--", "--internal=1"]), [
    "network", "create", "--set-ipv6", "false", "--driver=x", "--", "--internal=1",
  ]);
});
