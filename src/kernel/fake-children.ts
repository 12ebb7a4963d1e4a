/**
 * Stand-in children for the co-process unit tests, small POSIX sh scripts (cheap to start): a
 * toy line protocol whose marker reports the child's own input line count, and a fake
 * `ip -force -batch -` that numbers lines as iproute2 does and logs the lines it carried out.
 */
import { spawnPersistent, type SpawnPersistent } from "./exec.js";
import type { CoprocessProtocol } from "./coprocess.js";

/**
 * Commands: `ok`; `err TEXT` (a stderr line); `frag TEXT` (a stderr line in two writes);
 * `big N` (N bytes on stdout); `sleep S`; `die CODE` (after "dying" on stderr); `hang`;
 * `mark TAG` (stderr: "MARK TAG line N", N this line's number).
 */
const TOY = `
n=0
while IFS= read -r line; do
  n=$((n + 1))
  cmd=\${line%% *}
  arg=\${line#"$cmd"}
  arg=\${arg# }
  case "$cmd" in
    ok) ;;
    err) printf '%s\\n' "$arg" >&2 ;;
    frag) printf '%s' "\${arg%???}" >&2; sleep 0.02; printf '%s\\n' "\${arg#"\${arg%???}"}" >&2 ;;
    big) head -c "$arg" /dev/zero ;;
    sleep) sleep "$arg" ;;
    die) echo dying >&2; exit "$arg" ;;
    hang) exec sleep 600 ;;
    mark) printf 'MARK %s line %s\\n' "$arg" "$n" >&2 ;;
    *) printf 'unknown %s\\n' "$line" >&2 ;;
  esac
done
`;

export const toyProtocol: CoprocessProtocol = {
  argv: ["sh", "-c", TOY, "toy"],
  marker: (tag) => `mark ${tag}\n`,
  requestLines(lines, tag, line) {
    const i = lines.indexOf(`MARK ${tag} line ${line}`);
    return i < 0 ? undefined : i;
  },
};

/**
 * Fake `ip -force -batch -`: a line containing EEXIST fails ("Command failed -:N"), BADARG makes
 * it exit 255 as invarg() does, an unknown object is reported as ip does; every line it carries
 * out is appended to the log file given as its argument.
 */
const FAKE_IP = `
n=0
while IFS= read -r line; do
  n=$((n + 1))
  case "$line" in
    link\\ *|address\\ *) ;;
    *) printf 'Object "%s" is unknown, try "ip help".\\nCommand failed -:%s\\n' "\${line%% *}" "$n" >&2; continue ;;
  esac
  case "$line" in
    *BADARG*) echo 'Error: argument "BADARG" is wrong: bad' >&2; exit 255 ;;
    *EEXIST*) printf 'RTNETLINK answers: File exists\\nCommand failed -:%s\\n' "$n" >&2 ;;
    *) printf '%s\\n' "$line" >> "$1" ;;
  esac
done
`;

/** A spawn that runs the fake ip (whatever argv it is asked for), logging to `logFile`. */
export const fakeIpSpawn = (logFile: string): SpawnPersistent => (_argv, opts) =>
  spawnPersistent(["sh", "-c", FAKE_IP, "fake-ip", logFile], opts);

/**
 * Fake `nft -i`: `include "FILE"` appends FILE to the log given as its argument, or, when FILE
 * contains FAIL, reports an error as nft does for an included file; `list table inet NAME` fails
 * as nft does for a name over 256 characters (the marker); anything else is a syntax error.
 */
const FAKE_NFT = `
while IFS= read -r line; do
  case "$line" in
    include\\ *)
      f=\${line#include \\"}
      f=\${f%\\"}
      case "$(cat "$f")" in
        *FAIL*) printf 'In file included from <cmdline>:1:1-9:\\n%s:1:1-4: Error: Could not process rule: No such file or directory\\nFAIL\\n^^^^\\n' "$f" >&2 ;;
        *) cat "$f" >> "$1" ;;
      esac ;;
    "list table inet "*) printf 'Error: name too long, 256 characters maximum allowed\\n%s\\n%s\\n' "$line" "^^^" >&2 ;;
    *) printf 'Error: syntax error\\n%s\\n^\\n' "$line" >&2 ;;
  esac
done
`;

/** A spawn that runs the fake nft (whatever argv it is asked for), logging to `logFile`. */
export const fakeNftSpawn = (logFile: string): SpawnPersistent => (_argv, opts) =>
  spawnPersistent(["sh", "-c", FAKE_NFT, "fake-nft", logFile], opts);
