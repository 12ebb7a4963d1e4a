/**
 * Byte-for-byte parity with the real docker CLI for the container commands (ps, inspect,
 * logs, exec, attach, start/stop/kill/restart/rm/rename/wait, container prune): both CLIs
 * against the same fake daemon (canned containers, fake processes behind attach and exec);
 * same stdout, stderr and exit code, same requests. Skipped when /usr/local/bin/docker is absent.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { exec } from "../kernel/exec.js";
import { ParityRig, SKIP_NO_DOCKER } from "./testing/parity.js";
import { cases, same } from "./testing/parity-compare.js";

const rig = new ParityRig(exec);
after(() => rig.stop());

describe("parity with docker: ps", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  cases(rig, test, [
    ["ps"],
    ["ps", "-a"],
    ["ps", "-q"],
    ["ps", "-a", "-q"],
    ["ps", "-a", "--no-trunc"],
    ["container", "ls", "-a", "-s"],
    ["container", "list", "-n", "2"],
    ["ps", "-l"],
    ["ps", "-a", "--format", "{{.ID}}|{{.Names}}|{{.Image}}|{{.Command}}|{{.Status}}|{{.State}}"],
    ["ps", "-a", "--format", "table {{.Names}}\t{{.Ports}}\t{{.Labels}}\t{{.Networks}}"],
    ["ps", "-a", "--format", "{{json .}}"],
    ["ps", "-a", "--format", "json"],
    ["ps", "-a", "--format", "raw"],
    ["ps", "-a", "--format", "table {{.ID}}\t{{.CreatedAt}}\t{{.RunningFor}}\t{{.Size}}\t{{.Mounts}}\t{{.LocalVolumes}}"],
    ["ps", "-a", "--format", "{{.Label \"tier\"}}:{{.Label \"nope\"}}:{{.Platform}}"],
    ["ps", "-a", "--no-trunc", "--format", "{{.Names}} {{.Image}} {{.Command}}"],
    ["ps", "-q", "--format", "{{.Names}}"],
    ["ps", "-q", "--format", "table"],
    ["ps", "-a", "--filter", "status=exited", "--filter", "name=d"],
    ["ps", "--format", "{{.Foo}}"],
    ["ps", "--format", "{{.Names"],
    ["ps", "extra"],
    ["ps", "--bogus"],
  ]);
});

describe("parity with docker: inspect", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  cases(rig, test, [
    ["inspect", "web1"],
    ["inspect", "db", "busybox:1.36", "frontend"],
    ["container", "inspect", "job", "term"],
    ["inspect", "--format", "json", "web1"],
    ["inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.Name}} {{.Config.Tty}}", "web1", "db", "term"],
    ["inspect", "-f", "{{.State}}", "web1", "db"],
    ["inspect", "-f", "{{.Config.Env}} {{.Config.Cmd}} {{.Config.Entrypoint}} {{.Config.Volumes}} {{.Config.Labels}}", "web1", "job"],
    ["inspect", "-f", "{{json .NetworkSettings.Networks}}", "web1", "db"],
    ["inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}}/{{$v.IPPrefixLen}} {{$v.IPAMConfig}} {{$v.Aliases}};{{end}}", "web1"],
    ["inspect", "-f", "{{.Id}} {{.HostConfig.Dns}} {{.HostConfig.NetworkMode}}", "web1"],
    ["inspect", "-f", "{{.ID}} {{.HostConfig.DNS}} {{.HostConfig.RestartPolicy}} {{.HostConfig.Links}} {{.HostConfig.MemorySwappiness}}", "web1"],
    ["inspect", "-f", "{{.Config.ExposedPorts}} {{.NetworkSettings.Ports}} {{.HostConfig.PortBindings}}", "web1"],
    ["inspect", "-f", "{{.Mounts}} {{.GraphDriver}} {{.ExecIDs}} {{.NetworkSettings.SecondaryIPAddresses}} {{.HostConfig.ConsoleSize}}", "web1"],
    ["inspect", "-f", "{{json .Config}}|{{json .State}}|{{json .Mounts}}", "web1"],
    ["inspect", "-f", "{{index .Config.Labels \"tier\"}} {{.Config.Labels.tier}} {{.State.Health}} {{.Created}}", "web1"],
    ["inspect", "-f", "{{.State.Health.Status}}", "web1"],
    ["inspect", "-f", "{{.Nope}}", "web1"],
    ["inspect", "-f", "{{.Name", "web1"],
    ["inspect", "--type", "image", "web1"],
    ["inspect", "--type", "bogus", "web1"],
    ["inspect", "-s", "-f", "{{.Name}}", "web1"],
    ["container", "inspect", "nope", "web1"],
    ["inspect"],
  ]);
  test("unknown names: the same output (berth does not ask for volumes or plugins)", () =>
    same(rig, ["inspect", "web1", "nope"], { outputOnly: true }).then(() => undefined));
});

describe("parity with docker: logs", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  cases(rig, test, [
    ["logs", "web1"],
    ["logs", "-t", "--tail", "2", "web1"],
    ["logs", "-n", "1", "db"],
    ["logs", "-f", "term"],
    ["container", "logs", "--since", "2024-06-12T08:30:00Z", "--until", "1718181000", "--details", "job"],
    ["logs", "--since", "2024-06-12T10:30:00.5+02:00", "--until", "2024-06-12", "web1"],
    ["logs", "--since", "bogus", "web1"],
    ["logs", "nope"],
    ["logs"],
  ]);
});

describe("parity with docker: exec", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  cases(rig, test, [
    ["exec", "web1", "sh", "-c", "echo a; echo b >&2; exit 4"],
    ["exec", "web1", "echo", "hello", "world"],
    ["exec", "-e", "A=1", "-e", "B", "-w", "/tmp", "-u", "nobody", "web1", "true"],
    ["exec", "-d", "web1", "echo", "x"],
    ["exec", "-t", "web1", "echo", "tty"],
    ["exec", "web1", "false"],
    ["exec", "db", "echo", "x"],
    ["exec", "nope", "echo"],
    ["exec", "web1"],
    ["exec", "web1", "echo", "-e", "--not-a-flag"],
  ]);
  test("-i forwards stdin and the exit code comes from the exec", () =>
    same(rig, ["exec", "-i", "web1", "cat"], { stdin: "line one\nline two\n" }).then((o) => assert.equal(o.stdout, "line one\nline two\n")));
  test("-it without a terminal", () => same(rig, ["exec", "-it", "web1", "sh"]).then(() => undefined));
});

describe("parity with docker: start, stop, kill, restart, rm, rename, wait, attach, prune", { skip: SKIP_NO_DOCKER, concurrency: 4 }, () => {
  cases(rig, test, [
    ["start", "web1", "db", "nope"],
    ["start", "-a", "db"],
    ["start", "-a", "db", "job"],
    ["stop", "-t", "3", "web1"],
    ["stop", "-s", "SIGINT", "db"],
    ["restart", "-t", "0", "web1", "nope", "db"],
    ["kill", "-s", "HUP", "web1"],
    ["kill", "db"],
    ["rm", "web1"],
    ["rm", "-v", "-l", "db"],
    ["rename", "db", "web1"],
    ["rename", "db", "db2"],
    ["rename", "db"],
    ["wait", "db", "job", "nope"],
    ["attach", "web1"],
    ["attach", "--no-stdin", "db"],
    ["attach", "term"],
    ["attach", "nope"],
    ["container", "prune", "-f"],
    ["container", "prune", "x"],
  ]);
  cases(rig, test, [["stop", "web1", "db", "nope"], ["kill", "web1", "db", "nope"], ["rm", "db", "job", "web1"], ["rm", "nope", "db"], ["rm", "-f", "web1", "nope", "db"]], { unordered: true });
  test("prune asks first: y", () => same(rig, ["container", "prune"], { stdin: "y\n" }).then(() => undefined));
  test("prune asks first: no", () => same(rig, ["container", "prune"], { stdin: "no\n" }).then(() => undefined));
});
