/*
 * Sandbox namespaces without spawning processes (see netops.h for the work done inside):
 *
 * createNetns(path, sysctls: [relpath, value][])   unshare(CLONE_NEWNET) on the calling thread,
 *     bind-mount /proc/thread-self/ns/net on `path` (an existing empty file, as `ip netns add`),
 *     bring lo up, write the sysctls under /proc/sys, switch back. On failure the mount is undone.
 * deleteNetns(path)   umount2(MNT_DETACH) and unlink, as `ip netns delete`; already gone is fine.
 * configureNetns(path, ops)   setns into `path`, run the ops in order (stop at the first failure),
 *     switch back. Ops: {op:"up", ifname} | {op:"addr", ifname, family, address, prefix} |
 *     {op:"route", family, via, ifname?} | {op:"noroute", family} | {op:"sysctl", key, value}.
 *
 * Like openSockets (netns.c) everything is synchronous on the calling thread, so no JavaScript
 * runs while it is in the other namespace, and it ALWAYS switches back (aborting if it cannot).
 * Failures throw an Error with code (errno name), step, index (the op or sysctl, else -1).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <node_api.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "netops.h"
#include "sandbox.h"

#define MAX_OPS 64

typedef struct {
  const char *step;
  int err;
  int index;
} sb_failure;

static int sb_fail(sb_failure *f, const char *step, int err, int index) {
  f->step = step;
  f->err = err;
  f->index = index;
  return -1;
}

static void switch_back(int self, const char *who) {
  if (setns(self, CLONE_NEWNET) < 0) {
    napi_fatal_error(who, NAPI_AUTO_LENGTH, "setns back to the original network namespace failed", NAPI_AUTO_LENGTH);
  }
}

static int run_ops(const netop *ops, int n, sb_failure *f) {
  netops_ctx c;
  netops_init(&c);
  int rc = 0;
  for (int i = 0; i < n && rc == 0; i++) {
    int err = netops_run(&c, &ops[i]);
    if (err) rc = sb_fail(f, netops_name(ops[i].kind), err, i);
  }
  netops_close(&c);
  return rc;
}

static int create_netns(const char *path, const netop *ops, int n, sb_failure *f) {
  int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (self < 0) return sb_fail(f, "open(/proc/thread-self/ns/net)", errno, -1);
  if (unshare(CLONE_NEWNET) < 0) {
    sb_fail(f, "unshare(CLONE_NEWNET)", errno, -1);
    close(self);
    return -1;
  }
  int rc = -1, mounted = 0;
  if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) < 0) {
    sb_fail(f, "mount", errno, -1);
  } else {
    mounted = 1;
    rc = run_ops(ops, n, f);
  }
  switch_back(self, "netns.createNetns");
  close(self);
  if (rc < 0 && mounted) umount2(path, MNT_DETACH);
  return rc;
}

static int configure_netns(const char *path, const netop *ops, int n, sb_failure *f) {
  int target = open(path, O_RDONLY | O_CLOEXEC);
  if (target < 0) return sb_fail(f, "open(netns)", errno, -1);
  int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (self < 0) {
    sb_fail(f, "open(/proc/thread-self/ns/net)", errno, -1);
    close(target);
    return -1;
  }
  int rc = -1;
  if (setns(target, CLONE_NEWNET) < 0) {
    sb_fail(f, "setns(target)", errno, -1);
  } else {
    rc = run_ops(ops, n, f);
    switch_back(self, "netns.configureNetns");
  }
  close(self);
  close(target);
  return rc;
}

static int delete_netns(const char *path, sb_failure *f) {
  if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT) return sb_fail(f, "umount2", errno, -1);
  if (unlink(path) < 0 && errno != ENOENT) return sb_fail(f, "unlink", errno, -1);
  return 0;
}

// ---- N-API glue ---------------------------------------------------------------------------

static napi_value throw_failure(napi_env env, const char *fn, const char *path, const sb_failure *f) {
  char msg[4096 + 256];
  if (f->index >= 0) snprintf(msg, sizeof msg, "%s %s: %s #%d: %s", fn, path, f->step, f->index, strerror(f->err));
  else snprintf(msg, sizeof msg, "%s %s: %s: %s", fn, path, f->step, strerror(f->err));
  const char *name = strerrorname_np(f->err);
  napi_value code, text, step, index, err;
  if (napi_create_string_utf8(env, name ? name : "EUNKNOWN", NAPI_AUTO_LENGTH, &code) != napi_ok ||
      napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &text) != napi_ok ||
      napi_create_string_utf8(env, f->step, NAPI_AUTO_LENGTH, &step) != napi_ok ||
      napi_create_int32(env, f->index, &index) != napi_ok || napi_create_error(env, code, text, &err) != napi_ok ||
      napi_set_named_property(env, err, "step", step) != napi_ok || napi_set_named_property(env, err, "index", index) != napi_ok) {
    napi_throw_error(env, name ? name : "EUNKNOWN", msg);
    return NULL;
  }
  napi_throw(env, err);
  return NULL;
}

static int get_string(napi_env env, napi_value v, char *buf, size_t cap) {
  size_t n = 0;
  if (napi_get_value_string_utf8(env, v, buf, cap, &n) != napi_ok) return -1;
  return n + 1 < cap ? 0 : -1;
}

static int prop_string(napi_env env, napi_value obj, const char *name, char *buf, size_t cap) {
  napi_value v;
  return napi_get_named_property(env, obj, name, &v) == napi_ok ? get_string(env, v, buf, cap) : -1;
}

static int prop_int(napi_env env, napi_value obj, const char *name, int lo, int hi, int *out) {
  napi_value v;
  int32_t x;
  if (napi_get_named_property(env, obj, name, &v) != napi_ok || napi_get_value_int32(env, v, &x) != napi_ok) return -1;
  *out = x;
  return x >= lo && x <= hi ? 0 : -1;
}

static int has_prop(napi_env env, napi_value obj, const char *name) {
  bool has = false;
  return napi_has_named_property(env, obj, name, &has) == napi_ok && has;
}

/* One op object into *op; -1 if malformed. */
static int parse_op(napi_env env, napi_value o, netop *op) {
  char kind[16];
  memset(op, 0, sizeof *op);
  if (prop_string(env, o, "op", kind, sizeof kind) < 0) return -1;
  if (strcmp(kind, "up") == 0) {
    op->kind = NETOP_UP;
    return prop_string(env, o, "ifname", op->ifname, sizeof op->ifname);
  }
  if (strcmp(kind, "sysctl") == 0) {
    op->kind = NETOP_SYSCTL;
    return prop_string(env, o, "key", op->key, sizeof op->key) < 0 ? -1 : prop_string(env, o, "value", op->value, sizeof op->value);
  }
  if (prop_int(env, o, "family", 4, 6, &op->family) < 0 || op->family == 5) return -1;
  if (strcmp(kind, "noroute") == 0) {
    op->kind = NETOP_NOROUTE;
    return 0;
  }
  if (strcmp(kind, "route") == 0) {
    op->kind = NETOP_ROUTE;
    if (has_prop(env, o, "ifname") && prop_string(env, o, "ifname", op->ifname, sizeof op->ifname) < 0) return -1;
    return prop_string(env, o, "via", op->address, sizeof op->address);
  }
  if (strcmp(kind, "addr") == 0) {
    op->kind = NETOP_ADDR;
    if (prop_int(env, o, "prefix", 0, op->family == 4 ? 32 : 128, &op->prefix) < 0) return -1;
    return prop_string(env, o, "ifname", op->ifname, sizeof op->ifname) < 0 ? -1 : prop_string(env, o, "address", op->address, sizeof op->address);
  }
  return -1;
}

/* An array of ops, or of [key, value] pairs when `pairs` (sysctl ops). Count or -1. */
static int parse_list(napi_env env, napi_value arr, int pairs, netop *ops) {
  bool is_array = false;
  uint32_t n = 0;
  if (napi_is_array(env, arr, &is_array) != napi_ok || !is_array || napi_get_array_length(env, arr, &n) != napi_ok || n > MAX_OPS) return -1;
  for (uint32_t i = 0; i < n; i++) {
    napi_value e, k, v;
    if (napi_get_element(env, arr, i, &e) != napi_ok) return -1;
    if (!pairs) {
      if (parse_op(env, e, &ops[i]) < 0) return -1;
      continue;
    }
    memset(&ops[i], 0, sizeof ops[i]);
    ops[i].kind = NETOP_SYSCTL;
    if (napi_get_element(env, e, 0, &k) != napi_ok || napi_get_element(env, e, 1, &v) != napi_ok ||
        get_string(env, k, ops[i].key, sizeof ops[i].key) < 0 || get_string(env, v, ops[i].value, sizeof ops[i].value) < 0) return -1;
  }
  return (int)n;
}

static napi_value js_create(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char path[4096];
  netop ops[MAX_OPS + 1];
  memset(&ops[0], 0, sizeof ops[0]);
  ops[0].kind = NETOP_UP;
  strcpy(ops[0].ifname, "lo");
  int n;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 || get_string(env, argv[0], path, sizeof path) < 0 ||
      (n = parse_list(env, argv[1], 1, ops + 1)) < 0) {
    napi_throw_type_error(env, "EINVAL", "createNetns(path: string, sysctls: [string, string][])");
    return NULL;
  }
  sb_failure f = {"", 0, -1};
  if (create_netns(path, ops, n + 1, &f) < 0) {
    if (f.index >= 0) f.index -= 1; /* the sysctl's index (-1: lo) */
    return throw_failure(env, "createNetns", path, &f);
  }
  return NULL;
}

static napi_value js_delete(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char path[4096];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 || get_string(env, argv[0], path, sizeof path) < 0) {
    napi_throw_type_error(env, "EINVAL", "deleteNetns(path: string)");
    return NULL;
  }
  sb_failure f = {"", 0, -1};
  return delete_netns(path, &f) < 0 ? throw_failure(env, "deleteNetns", path, &f) : NULL;
}

static napi_value js_configure(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char path[4096];
  netop ops[MAX_OPS];
  int n;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 || get_string(env, argv[0], path, sizeof path) < 0 ||
      (n = parse_list(env, argv[1], 0, ops)) < 0) {
    napi_throw_type_error(env, "EINVAL", "configureNetns(path: string, ops: Op[]) with at most 64 well-formed ops");
    return NULL;
  }
  sb_failure f = {"", 0, -1};
  return configure_netns(path, ops, n, &f) < 0 ? throw_failure(env, "configureNetns", path, &f) : NULL;
}

napi_status register_sandbox_functions(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
    {"createNetns", NULL, js_create, NULL, NULL, NULL, napi_enumerable, NULL},
    {"deleteNetns", NULL, js_delete, NULL, NULL, NULL, napi_enumerable, NULL},
    {"configureNetns", NULL, js_configure, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  return napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
