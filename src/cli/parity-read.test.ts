/**
 * Byte-for-byte parity with the real docker CLI for reading commands (network ls, inspect,
 * version): both CLIs run against the same fake daemon; stdout, stderr, exit code and the
 * requests sent must be identical. Skipped when /usr/local/bin/docker is absent.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { exec } from "../kernel/exec.js";
import { ParityRig, SKIP_NO_DOCKER, visible, wire } from "./testing/parity.js";

const rig = new ParityRig(exec);
after(() => rig.stop());

/** docker joins .Labels in Go map order (random): sort them in JSON lines before comparing. */
const sortLabels = (s: string): string =>
  s.replace(/"Labels":"([^"]*)"/g, (_m, l: string) => `"Labels":"${l.split(",").sort().join(",")}"`);

async function same(args: string[]): Promise<void> {
  const { docker, berth } = await rig.both(args);
  const out = (o: typeof docker): ReturnType<typeof visible> => ({ ...visible(o), stdout: sortLabels(o.stdout) });
  assert.deepEqual(out(berth), out(docker), `berth ${args.join(" ")}`);
  assert.deepEqual(wire(berth), wire(docker), `requests of ${args.join(" ")}`);
}

describe("parity with docker: network ls", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  const cases: string[][] = [
    ["network", "ls"],
    ["network", "list", "-q"],
    ["network", "ls", "--no-trunc"],
    ["network", "ls", "-q", "--no-trunc"],
    ["network", "ls", "--format", "table {{.Name}}\t{{.Driver}}"],
    ["network", "ls", "--format", "table {{.Name}}\\t{{.Driver}}\\t{{.Scope}}"],
    ["network", "ls", "--format", "{{json .}}"],
    ["network", "ls", "--format", "json"],
    ["network", "ls", "--format", "raw"],
    ["network", "ls", "-q", "--format", "table"],
    ["network", "ls", "--format", "table {{.ID}}\t{{.Name}}\t{{.IPv4}}\t{{.IPv6}}\t{{.Internal}}\t{{.CreatedAt}}"],
    ["network", "ls", "--format", "{{.Name}}: {{.Label \"com.docker.compose.project\"}}|{{upper .Driver}}"],
    ["network", "ls", "--format", "table {{.Label \"com.docker.compose.project\"}}\t{{lower .Name}}"],
    ["network", "ls", "--format", "{{if eq .Driver \"bridge\"}}{{.Name}}{{else}}-{{end}}"],
    ["network", "ls", "--format", "{{.Foo}}"],
    ["network", "ls", "--format", "{{.Name"],
    ["network", "ls", "--filter", "driver=bridge", "-f", "label=com.docker.compose.project=shop", "-f", "Name = front end "],
    ["network", "ls", "-f", "bad"],
    ["network", "ls", "extra"],
    ["network", "ls", "--bogus"],
  ];
  for (const args of cases) test(args.slice(1).join(" "), () => same(args));
});

describe("parity with docker: network inspect", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  const cases: string[][] = [
    ["network", "inspect", "frontend"],
    ["network", "inspect", "bridge", "backend"],
    ["network", "inspect", "host"],
    ["network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", "frontend", "bridge"],
    ["network", "inspect", "-f", "{{json .Options}}", "bridge", "frontend"],
    ["network", "inspect", "-f", "json", "frontend", "backend"],
    ["network", "inspect", "--format", "{{json .}}", "frontend"],
    ["network", "inspect", "-f", "{{.Labels}} {{.IPAM}} {{.Created}} {{.Containers}} {{.ConfigFrom}}", "frontend", "backend"],
    ["network", "inspect", "-f", "{{index .Labels \"tier\"}}|{{.Labels.tier}}|{{.Labels.nope}}|{{len .Labels}}", "frontend"],
    ["network", "inspect", "-f", "{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", "frontend"],
    ["network", "inspect", "-f", "{{if .Internal}}internal{{else if .EnableIPv6}}v6{{else}}plain{{end}}", "frontend", "backend", "bridge"],
    ["network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{.IPv4Address}}{{println}}{{end}}", "frontend"],
    ["network", "inspect", "-f", "{{(index .IPAM.Config 0).Gateway}} {{join (split .Name \"n\") \"+\"}}", "frontend"],
    ["network", "inspect", "-f", "{{.IPAM.Options}} {{.IPAM.Config}}", "host"],
    ["network", "inspect", "-f", "{{with .IPAM}}{{.Driver}}{{end}}{{with .Labels}}L{{else}}none{{end}}", "frontend", "db2"],
    ["network", "inspect", "-f", "a  {{- .Name -}}  b {{/* note */}}c\n{{- \"d\"}}", "db2"],
    ["network", "inspect", "-f", "{{printf \"%s-%d\" .Name 7}} {{title .Driver}} [{{pad .Name 1 2}}] {{truncate .Name 3}} {{len .Name}}", "frontend"],
    ["network", "inspect", "-f", "{{and .Internal .Name}}|{{or .Internal .Name}}|{{not .EnableIPv6}}|{{eq .Scope \"x\" \"local\"}}", "frontend"],
    ["network", "inspect", "-f", "{{.Name.Foo}}", "db2"],
    ["network", "inspect", "-f", "{{index .IPAM.Config 5}}", "db2"],
    ["network", "inspect", "-f", "{{join .Name \",\"}}", "db2"],
    ["network", "inspect", "-f", "{{nope .Name}}", "db2"],
    ["network", "inspect", "-f", "{{.Foo}}", "backend"],
    ["network", "inspect", "-f", "{{.Name", "backend"],
    ["network", "inspect", "-v", "backend"],
    ["network", "inspect", "backend", "nope", "bridge"],
    ["network", "inspect", "nope"],
    ["network", "inspect", "-f", "{{.Name}}", "nope", "db2"],
    ["network", "inspect", "teapot"],
    ["network", "inspect"],
  ];
  for (const args of cases) test(args.slice(1).join(" "), () => same(args));
});

describe("parity with docker: version (server part)", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  test("the Server section is identical", async () => {
    const { docker, berth } = await rig.both(["version"]);
    const server = (s: string): string => s.slice(s.indexOf("\nServer:"));
    assert.equal(berth.code, 0);
    assert.match(berth.stdout, /^Client:\n Version: +0\.1\.0\n/);
    assert.equal(server(berth.stdout), server(docker.stdout));
  });
});
