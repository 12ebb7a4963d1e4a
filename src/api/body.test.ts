import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startTestServer, type TestServer } from "./api-test-harness.js";
import { checkJsonContentType, parseJsonBody, parseMediaType, MAX_BODY_BYTES } from "./body.js";
import { FakeEngine } from "./fake-engine.js";
import { scanFirstJsonValue } from "./json-scan.js";

const msg = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return "no error";
};

test("Go-style syntax errors", () => {
  const cases: [string, string][] = [
    ["x", "invalid character 'x' looking for beginning of value"],
    ["{", "unexpected EOF"],
    ['{"a":1', "unexpected EOF"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', "invalid character '\"' after object key:value pair"],
    ["{a:1}", "invalid character 'a' looking for beginning of object key string"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ["[1 2]", "invalid character '2' after array element"],
    ["[1,]", "invalid character ']' looking for beginning of value"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ["-x", "invalid character 'x' in numeric literal"],
    ["1.x", "invalid character 'x' after decimal point in numeric literal"],
    ["1ex", "invalid character 'x' in exponent of numeric literal"],
    ["tru", "unexpected EOF"],
    ["trux", "invalid character 'x' in literal true (expecting 'e')"],
    ["nul1", "invalid character '1' in literal null (expecting 'l')"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
  ];
  for (const [input, want] of cases) {
    const r = scanFirstJsonValue(input);
    assert.equal(r.kind === "error" ? r.message : r.kind, want, input);
  }
});

test("parseJsonBody: empty, whitespace, trailing content, dockerd's texts", () => {
  assert.equal(parseJsonBody(""), undefined);
  assert.deepEqual(parseJsonBody(' {"a":[1,2]} \n'), { a: [1, 2] });
  assert.equal(msg(() => parseJsonBody("  ")), "invalid JSON: got EOF while reading request body");
  assert.equal(msg(() => parseJsonBody('{"a":}')), "invalid JSON: invalid character '}' looking for beginning of value");
  assert.equal(msg(() => parseJsonBody('{"a":1} {"b":2}')), "unexpected content after JSON");
  assert.equal(msg(() => parseJsonBody("{}x")), "unexpected content after JSON");
  assert.equal(msg(() => parseJsonBody("12x")), "unexpected content after JSON");
  // Go's Decoder.More() does not count a closing bracket as more content.
  assert.deepEqual(parseJsonBody("{}}"), {});
  assert.equal(parseJsonBody("null"), null);
});

test("Content-Type checks", () => {
  assert.doesNotThrow(() => checkJsonContentType(undefined, true));
  assert.doesNotThrow(() => checkJsonContentType("application/json; charset=utf-8", false));
  assert.doesNotThrow(() => checkJsonContentType("Application/JSON", false));
  assert.doesNotThrow(() => checkJsonContentType("application/json", true));
  assert.equal(
    msg(() => checkJsonContentType("text/plain", false)),
    "unsupported Content-Type header (text/plain): must be 'application/json'",
  );
  assert.equal(msg(() => checkJsonContentType("text/plain", true)), "unsupported Content-Type header (text/plain): must be 'application/json'");
  assert.equal(msg(() => checkJsonContentType(undefined, false)), "malformed Content-Type header (): mime: no media type");
  assert.equal(msg(() => checkJsonContentType("json", false)), "malformed Content-Type header (json): mime: expected slash after first token");
  assert.deepEqual(parseMediaType("application/json;charset=utf-8"), { mediaType: "application/json" });
});

let srv: TestServer;
before(async () => {
  srv = await startTestServer(new FakeEngine());
});
after(() => srv.close());

test("HTTP: body errors are 400 with dockerd's messages", async () => {
  const post = (body: string, headers: Record<string, string> = { "Content-Type": "application/json" }) =>
    srv.request("POST", "/networks/create", body, headers);
  const cases: [Promise<{ status: number; body: string }>, string][] = [
    [post('{"Name":"a"}', { "Content-Type": "text/plain" }), "unsupported Content-Type header (text/plain): must be 'application/json'"],
    [post("{"), "invalid JSON: unexpected EOF"],
    [post('{"Name":"a"}{}'), "unexpected content after JSON"],
    [post(""), "invalid name: name is empty"],
    [post('{"Name":"  "}'), "invalid name: name is empty"],
    [post('{"Name":1}'), "invalid JSON: json: cannot unmarshal number into Go struct field NetworkCreateRequest.Name of type string"],
    [post("[]"), "invalid JSON: json: cannot unmarshal array into Go value of type types.NetworkCreateRequest"],
    [
      post('{"Name":"x","IPAM":{"Config":[{"Subnet":10}]}}'),
      "invalid JSON: json: cannot unmarshal number into Go struct field IPAMConfig.IPAM.Config.Subnet of type string",
    ],
    [post('{"Name":"x","Labels":{"a":true}}'), "invalid JSON: json: cannot unmarshal bool into Go struct field NetworkCreateRequest.Labels of type string"],
    [post('{"Name":"x","Internal":"yes"}'), "invalid JSON: json: cannot unmarshal string into Go struct field NetworkCreateRequest.Internal of type bool"],
    [post('{"Name":"x","IPAM":"default"}'), "invalid JSON: json: cannot unmarshal string into Go struct field NetworkCreateRequest.IPAM of type network.IPAM"],
  ];
  for (const [p, want] of cases) {
    const r = await p;
    assert.equal(r.status, 400, want);
    assert.equal(r.body, JSON.stringify({ message: want }) + "\n");
  }
});

test("HTTP: a body over the cap is refused", async () => {
  const big = JSON.stringify({ Name: "big", Labels: { pad: "x".repeat(MAX_BODY_BYTES) } });
  const r = await srv.request("POST", "/networks/create", big, { "Content-Type": "application/json" });
  assert.equal(r.status, 400);
  assert.match(r.body, /request body is too large/);
});

test("HTTP: field names match case-insensitively, as Go's decoder does", async () => {
  const r = await srv.json("POST", "/networks/create", { name: "lower", labels: { a: "b" } });
  assert.equal(r.status, 201);
  const inspect = JSON.parse((await srv.request("GET", "/networks/lower")).body) as { Labels: unknown };
  assert.deepEqual(inspect.Labels, { a: "b" });
});
