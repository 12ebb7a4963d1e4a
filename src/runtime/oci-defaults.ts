/**
 * Docker's defaults for a Linux container (moby oci/defaults.go, oci/caps/defaults.go,
 * daemon/oci_linux.go), kept as data so the spec builder stays a small pure function.
 */
import type { OciDeviceRule, OciMount } from "./oci-types.js";

/** Docker's default capability set (bounding = effective = permitted; no inheritable/ambient). */
export const DEFAULT_CAPABILITIES: readonly string[] = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_FSETID",
  "CAP_FOWNER",
  "CAP_MKNOD",
  "CAP_NET_RAW",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETFCAP",
  "CAP_SETPCAP",
  "CAP_NET_BIND_SERVICE",
  "CAP_SYS_CHROOT",
  "CAP_KILL",
  "CAP_AUDIT_WRITE",
];

/** /dev/shm is a private 64 MiB tmpfs (Docker's default "private" IPC mode, ShmSize 64m). */
export const DEFAULT_MOUNTS: readonly OciMount[] = [
  { destination: "/proc", type: "proc", source: "proc", options: ["nosuid", "noexec", "nodev"] },
  { destination: "/dev", type: "tmpfs", source: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"] },
  {
    destination: "/dev/pts",
    type: "devpts",
    source: "devpts",
    options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"],
  },
  { destination: "/sys", type: "sysfs", source: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"] },
  { destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["ro", "nosuid", "noexec", "nodev"] },
  { destination: "/dev/mqueue", type: "mqueue", source: "mqueue", options: ["nosuid", "noexec", "nodev"] },
  { destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"] },
];

export const MASKED_PATHS: readonly string[] = [
  "/proc/asound",
  "/proc/acpi",
  "/proc/kcore",
  "/proc/keys",
  "/proc/latency_stats",
  "/proc/timer_list",
  "/proc/timer_stats",
  "/proc/sched_debug",
  "/proc/scsi",
  "/sys/firmware",
  "/sys/devices/virtual/powercap",
];

export const READONLY_PATHS: readonly string[] = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

const allowChar = (major: number, minor: number): OciDeviceRule => ({ allow: true, type: "c", major, minor, access: "rwm" });

/** Deny every device, then allow null, zero, full, urandom, random, tty, console; deny tun. */
export const DEVICE_RULES: readonly OciDeviceRule[] = [
  { allow: false, access: "rwm" },
  allowChar(1, 5),
  allowChar(1, 3),
  allowChar(1, 9),
  allowChar(1, 8),
  allowChar(5, 0),
  allowChar(5, 1),
  { allow: false, type: "c", major: 10, minor: 229, access: "rwm" },
];

/** Set by Docker (20.10+) in every container with its own network namespace. */
export const NETNS_SYSCTLS: Readonly<Record<string, string>> = {
  "net.ipv4.ip_unprivileged_port_start": "0",
  "net.ipv4.ping_group_range": "0 2147483647",
};

export const DEFAULT_PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
