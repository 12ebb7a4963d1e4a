/*
 * Container root filesystems without spawning mount(8)/umount(8): each spawn costs 12-20 ms
 * on a small machine, and a container start and removal needed one of each.
 *
 * mountOverlay(target, data): mount("overlay", target, "overlay", 0, data), then MS_PRIVATE; data is the
 *   option string `mount -o` would pass (lowerdir=...,upperdir=...,workdir=...; one page at
 *   most, which the caller checks).
 * unmount(target, lazy): umount2(target, lazy ? MNT_DETACH : 0).
 * Both run in the daemon's own mount namespace, as the spawned commands did. Failures throw an
 * Error whose code is the errno name (EBUSY, EINVAL, ...) and whose message names the call.
 */
#define _GNU_SOURCE
#include "mounts.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

static napi_value throw_errno(napi_env env, const char *call, const char *target, int err) {
  char msg[4096 + 128];
  snprintf(msg, sizeof msg, "%s %s: %s", call, target, strerror(err));
  const char *name = strerrorname_np(err);
  napi_throw_error(env, name ? name : "EUNKNOWN", msg);
  return NULL;
}

static bool get_string(napi_env env, napi_value v, char *buf, size_t cap) {
  size_t n = 0;
  return napi_get_value_string_utf8(env, v, buf, cap, &n) == napi_ok && n + 1 < cap;
}

static napi_value js_mount_overlay(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char target[4096], data[4096];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 || !get_string(env, argv[0], target, sizeof target) ||
      !get_string(env, argv[1], data, sizeof data)) {
    napi_throw_type_error(env, "EINVAL", "mountOverlay(target: string, data: string), data under 4096 bytes");
    return NULL;
  }
  if (mount("overlay", target, "overlay", 0, data) < 0) return throw_errno(env, "mount overlay on", target, errno);
  /* Private: the container's namespace gets a copy with no propagation link, so the host's copy
     can be detached after start without touching the container's root. */
  if (mount(NULL, target, NULL, MS_PRIVATE, NULL) < 0) {
    int err = errno;
    umount2(target, MNT_DETACH);
    return throw_errno(env, "make private", target, err);
  }
  return NULL;
}

static napi_value js_unmount(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char target[4096];
  bool lazy = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 || !get_string(env, argv[0], target, sizeof target) ||
      napi_get_value_bool(env, argv[1], &lazy) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "unmount(target: string, lazy: boolean)");
    return NULL;
  }
  if (umount2(target, lazy ? MNT_DETACH : 0) < 0) return throw_errno(env, "umount", target, errno);
  return NULL;
}

napi_status register_mount_functions(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
    {"mountOverlay", NULL, js_mount_overlay, NULL, NULL, NULL, napi_enumerable, NULL},
    {"unmount", NULL, js_unmount, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  return napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
