import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { isBerthError } from "../lib/errors.js";
import { CURRENT_NETNS } from "./exec.js";
import { ipJson, quoteBatchToken, renderIpBatch, runIpBatch, tryIpBatch } from "./ip-batch.js";
import { scriptedExec } from "./scripted-exec.js";

/** iproute2's getcmdline() + makeargs(), as in lib/utils.c: how `ip -batch` reads a line back. */
function makeargs(line: string): string[] {
  const hash = line.indexOf("#");
  let cp = hash >= 0 ? line.slice(0, hash) : line;
  const args: string[] = [];
  for (;;) {
    cp = cp.replace(/^[ \t\r\n]+/, "");
    if (cp === "") return args;
    const q = cp[0];
    if (q === "'" || q === '"') {
      const end = cp.indexOf(q, 1);
      if (end < 0) throw new Error("Unterminated quoted string");
      args.push(cp.slice(1, end));
      cp = cp.slice(end + 1);
    } else {
      const m = /^[^ \t\r\n]*/.exec(cp)?.[0] ?? "";
      args.push(m);
      cp = cp.slice(m.length + 1);
    }
  }
}

test("quoteBatchToken: plain tokens stay bare, others are quoted so ip reads them back", () => {
  assert.equal(quoteBatchToken("br-0"), "br-0");
  assert.equal(quoteBatchToken("berth:net 1"), '"berth:net 1"');
  assert.equal(quoteBatchToken(""), '""');
  assert.equal(quoteBatchToken('say "hi"'), `'say "hi"'`);
  assert.equal(quoteBatchToken("it's"), '"it\'s"');
  assert.equal(quoteBatchToken("a\\"), '"a\\"', "a trailing backslash would continue the line");
  assert.deepEqual(makeargs(renderIpBatch([["link", "set", "dev", "x", "alias", "", "up"]]).trimEnd()), ["link", "set", "dev", "x", "alias", "", "up"]);
});

test("quoteBatchToken: refuses what a batch line cannot carry", () => {
  for (const bad of ["a#b", "a\nlink del dev eth0", "nul\u0000", "tab\there", `both ' and "`]) {
    assert.throws(() => quoteBatchToken(bad), (e: unknown) => isBerthError(e, "InvalidParameter"), JSON.stringify(bad));
  }
});

test("property: every accepted token round-trips through iproute2's parser", () => {
  const token = fc.string({ unit: fc.constantFrom("a", "Z", "0", " ", "'", '"', "\\", ":", "-", "#", "\n", "é", "\t"), maxLength: 12 });
  fc.assert(
    fc.property(fc.array(token, { minLength: 1, maxLength: 6 }), (tokens) => {
      let text: string;
      try {
        text = renderIpBatch([tokens]);
      } catch (e) {
        assert.ok(isBerthError(e, "InvalidParameter"));
        assert.ok(tokens.some((t) => /[#\n\t]/.test(t) || (t.includes("'") && t.includes('"'))), `rejected ${JSON.stringify(tokens)}`);
        return;
      }
      assert.equal(text.split("\n").length, 2, "one command is one line");
      assert.deepEqual(makeargs(text.trimEnd()), tokens);
    }),
    { numRuns: 2000 },
  );
});

test("tryIpBatch: one spawn of `ip -batch -`; a failure names the failed line", async () => {
  const cmds = [["link", "add", "name", "b", "type", "bridge"], ["address", "add", "10.0.0.1/24", "dev", "b"], ["link", "set", "dev", "b", "up"]];
  const ok = scriptedExec(() => "");
  assert.deepEqual(await tryIpBatch(ok.exec, CURRENT_NETNS, cmds), { ok: true });
  assert.equal(ok.calls.length, 1);
  assert.deepEqual(ok.calls[0]?.argv, ["ip", "-batch", "-"]);
  assert.equal(ok.calls[0]?.stdin, "link add name b type bridge\naddress add 10.0.0.1/24 dev b\nlink set dev b up\n");

  const bad = scriptedExec(() => ({ code: 1, stderr: "Error: ipv4: Address already assigned.\nCommand failed -:2\n" }));
  const r = await tryIpBatch(bad.exec, CURRENT_NETNS, cmds);
  assert.ok(!r.ok);
  assert.equal(r.index, 1);
  assert.deepEqual(r.command, cmds[1]);
  await assert.rejects(runIpBatch(bad.exec, CURRENT_NETNS, cmds, "Failed to create bridge \"b\""), (e: unknown) => {
    assert.ok(isBerthError(e, "System"));
    assert.equal(e.message, 'Failed to create bridge "b": ip batch failed at "ip address add 10.0.0.1/24 dev b": Error: ipv4: Address already assigned.');
    return true;
  });
});

test("tryIpBatch: no commands, no spawn; an unreported line is undefined", async () => {
  const none = scriptedExec(() => "");
  assert.deepEqual(await tryIpBatch(none.exec, CURRENT_NETNS, []), { ok: true });
  assert.equal(none.calls.length, 0);
  const odd = scriptedExec(() => ({ code: 1, stderr: "nsenter: cannot open /run/netns/x" }));
  const r = await tryIpBatch(odd.exec, CURRENT_NETNS, [["link", "set", "dev", "lo", "up"]]);
  assert.ok(!r.ok && r.index === undefined && r.command === undefined);
});

test("ipJson: parses output, empty output is [], garbage is a System error", async () => {
  assert.deepEqual(await ipJson(scriptedExec(() => '[{"name":"a"}]\n').exec, CURRENT_NETNS, ["netns", "list"]), [{ name: "a" }]);
  assert.deepEqual(await ipJson(scriptedExec(() => "").exec, CURRENT_NETNS, ["netns", "list"]), []);
  await assert.rejects(ipJson(scriptedExec(() => "nope").exec, CURRENT_NETNS, ["link"]), (e: unknown) => isBerthError(e, "System"));
});
