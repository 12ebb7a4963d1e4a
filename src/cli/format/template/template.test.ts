import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDockerTemplate, renderTemplate, TemplateExecError, TemplateSyntaxError } from "./index.js";
import { GoMap, GoSlice, GoStruct, goFromJson, stringMap, type GoValue } from "../go-value.js";

const cfg = (subnet: string, gw: string): GoStruct =>
  new GoStruct("network.IPAMConfig", [
    { name: "Subnet", value: subnet },
    { name: "Gateway", value: gw },
  ]);

const data = new GoStruct(
  "network.Inspect",
  [
    { name: "Name", value: "front" },
    { name: "Internal", value: false },
    { name: "EnableIPv6", value: true },
    { name: "IPAM", value: new GoStruct("network.IPAM", [
      { name: "Driver", value: "default" },
      { name: "Config", value: new GoSlice([cfg("10.0.0.0/24", "10.0.0.1"), cfg("fd00::/64", "")], "[]network.IPAMConfig") },
    ]) },
    { name: "Labels", value: stringMap({ tier: "web", "a.b": "<x&y>" }) },
    { name: "Empty", value: new GoMap(new Map(), "map[string]string", "", true) },
  ],
  { Label: { arity: 1, fn: ([k]: GoValue[]) => (k === "tier" ? "web" : "") } },
);

const run = (src: string, dot: GoValue = data, missingKeyError = false): string =>
  renderTemplate(parseDockerTemplate(src), dot, { missingKeyError });

test("fields, nested fields, methods with arguments", () => {
  assert.equal(run("{{.Name}} {{.IPAM.Driver}} {{.Label \"tier\"}}|{{.Label \"nope\"}}"), "front default web|");
});

test("%v printing of structs, slices and maps (sorted keys)", () => {
  assert.equal(run("{{.IPAM}}"), "{default [{10.0.0.0/24 10.0.0.1} {fd00::/64 }]}");
  assert.equal(run("{{.Labels}} {{.Empty}} {{.Internal}}"), "map[a.b:<x&y> tier:web] map[] false");
});

test("json: struct field order, sorted map keys, no HTML escaping, nil map is null", () => {
  assert.equal(run("{{json .Labels}} {{json .Empty}} {{json .IPAM.Config}}"),
    '{"a.b":"<x&y>","tier":"web"} null [{"Subnet":"10.0.0.0/24","Gateway":"10.0.0.1"},{"Subnet":"fd00::/64","Gateway":""}]');
});

test("range over slices and maps, with variables and else", () => {
  assert.equal(run("{{range .IPAM.Config}}{{.Subnet}};{{end}}"), "10.0.0.0/24;fd00::/64;");
  assert.equal(run("{{range $i, $c := .IPAM.Config}}{{$i}}={{$c.Gateway}} {{end}}"), "0=10.0.0.1 1= ");
  assert.equal(run("{{range $k, $v := .Labels}}{{$k}}:{{$v}},{{end}}"), "a.b:<x&y>,tier:web,");
  assert.equal(run("{{range .Empty}}x{{else}}none{{end}}"), "none");
  assert.equal(run("{{$n := .Name}}{{range .IPAM.Config}}{{$n}}{{end}}"), "frontfront");
});

test("if / else if / else, with, and, or, not, eq, ne, len", () => {
  assert.equal(run("{{if .Internal}}a{{else if .EnableIPv6}}b{{else}}c{{end}}"), "b");
  assert.equal(run("{{with .IPAM}}{{.Driver}}{{end}}{{with .Empty}}x{{else}}y{{end}}"), "defaulty");
  assert.equal(run("{{and .EnableIPv6 .Name}} {{or .Internal \"dflt\"}} {{not .Internal}}"), "front dflt true");
  assert.equal(run("{{eq .Name \"x\" \"front\"}} {{ne .Name \"front\"}} {{len .Labels}} {{len .Name}}"), "true false 2 5");
});

test("index, join, split, upper, lower, title, pad, truncate, println, printf, pipes", () => {
  assert.equal(run('{{index .Labels "tier"}}|{{index .Labels "nope"}}|{{(index .IPAM.Config 1).Subnet}}'), "web||fd00::/64");
  assert.equal(run('{{join (split "a,b,c" ",") "+"}} {{upper .Name}} {{.Name | lower}} {{title "hello big world"}}'), "a+b+c FRONT front Hello Big World");
  assert.equal(run('[{{pad .Name 1 2}}] {{truncate .Name 3}} {{printf "%s-%d" .Name 7}}'), "[ front  ] fro front-7");
  assert.equal(run("{{println .Name 1}}{{println}}|"), "front 1\n\n|");
});

test("missing map keys print <no value>; with missingkey=error they fail", () => {
  assert.equal(run("{{.Labels.nope}}"), "<no value>");
  assert.throws(() => run("{{.Nope}}", goFromJson({ a: 1 }), true), {
    message: 'template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"',
  });
  assert.equal(run("{{.a}} {{.b}} {{.c}}", goFromJson({ a: 1.5, b: null, c: [1, "x"] }), true), "1.5 <no value> [1 x]");
});

test("trim markers and comments", () => {
  assert.equal(run("a  {{- .Name -}}  b {{/* note */}}c\n{{- \"d\"}}"), "afrontb cd");
});

test("execution errors read as Go's", () => {
  assert.throws(() => run("x {{.Foo}}"), (e: unknown) => e instanceof TemplateExecError && e.message === 'template: :1:4: executing "" at <.Foo>: can\'t evaluate field Foo in type network.Inspect');
  // Go gives a merged .A.B node the position of its second part.
  assert.throws(() => run("{{.Name.Foo}}"), { message: 'template: :1:7: executing "" at <.Name.Foo>: can\'t evaluate field Foo in type string' });
  assert.throws(() => run("{{.a.b}}", goFromJson({ a: "x" })), { message: 'template: :1:4: executing "" at <.a.b>: can\'t evaluate field b in type interface {}' });
  assert.throws(() => run("{{index .IPAM.Config 5}}"), { message: 'template: :1:2: executing "" at <index .IPAM.Config 5>: error calling index: index out of range: 5' });
  assert.throws(() => run("{{join .Name \",\"}}"), { message: 'template: :1:7: executing "" at <.Name>: wrong type for value; expected []string; got string' });
});

test("parse errors read as Go's", () => {
  const fails = (src: string, message: string): void => assert.throws(() => parseDockerTemplate(src), (e: unknown) => e instanceof TemplateSyntaxError && e.message === message);
  fails("{{.Name", "template: :1: unclosed action");
  fails("{{nope .Name}}", 'template: :1: function "nope" not defined');
  fails("{{if .Name}}x", "template: :1: unexpected EOF");
  fails("{{end}}", "template: :1: unexpected {{end}}");
  fails("a\n{{json.}}", "template: :2: unexpected <.> in operand");
});
