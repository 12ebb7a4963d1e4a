/*
 * netns.node: opens a UDP and a TCP listening socket inside another network namespace.
 *
 * Why hand-written: Docker's embedded resolver listens on 127.0.0.11 inside each container's
 * network namespace, from a thread that setns()'d into it. Node cannot call setns(), and no npm
 * package does this, so this ~150-line N-API addon (plain C, node_api.h, no dependencies) does.
 *
 * openSockets(netnsPath, address, port) -> { udpFd, tcpFd }
 *   All on the calling (main) thread and synchronous, so no JavaScript runs while the thread is
 *   in the other namespace: open the target netns and the current one (/proc/thread-self/ns/net),
 *   setns(target), socket()+bind() UDP and TCP (SOCK_CLOEXEC|SOCK_NONBLOCK, SO_REUSEADDR on
 *   TCP), listen(tcp, 128), then ALWAYS setns() back. A socket keeps the namespace it was made
 *   in, so Node can serve it from its own thread afterwards (dgram/net bind/listen with { fd }).
 *   Failures throw an Error with the errno text (err.code = "ENOENT" etc.) and close what was
 *   opened. If switching back fails the process aborts: running on in the wrong namespace would
 *   be far worse than dying.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <node_api.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mounts.h"
#include "responder.h"
#include "sandbox.h" /* createNetns, deleteNetns, configureNetns */

typedef struct {
  const char *step; /* which call failed, for the message */
  int err;          /* its errno */
} failure;

static int fail(failure *f, const char *step) {
  f->step = step;
  f->err = errno;
  return -1;
}

/* Makes one socket of `type` bound to `sa` (and listening for TCP); returns the fd or -1. */
static int bound_socket(const struct sockaddr_storage *sa, socklen_t len, int type, failure *f) {
  int fd = socket(sa->ss_family, type | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return fail(f, type == SOCK_DGRAM ? "socket(udp)" : "socket(tcp)");
  int one = 1;
  if (type == SOCK_STREAM && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
    fail(f, "setsockopt(SO_REUSEADDR)");
  } else if (bind(fd, (const struct sockaddr *)sa, len) < 0) {
    fail(f, type == SOCK_DGRAM ? "bind(udp)" : "bind(tcp)");
  } else if (type == SOCK_STREAM && listen(fd, 128) < 0) {
    fail(f, "listen(tcp)");
  } else {
    return fd;
  }
  close(fd);
  return -1;
}

/* The part that runs inside the target namespace: both sockets or neither. */
static int open_pair(const struct sockaddr_storage *sa, socklen_t len, int fds[2], failure *f) {
  fds[0] = bound_socket(sa, len, SOCK_DGRAM, f);
  if (fds[0] < 0) return -1;
  fds[1] = bound_socket(sa, len, SOCK_STREAM, f);
  if (fds[1] < 0) {
    close(fds[0]);
    return -1;
  }
  return 0;
}

static int parse_address(const char *address, int port, struct sockaddr_storage *sa, socklen_t *len) {
  memset(sa, 0, sizeof *sa);
  struct sockaddr_in *v4 = (struct sockaddr_in *)sa;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)sa;
  if (inet_pton(AF_INET, address, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    *len = sizeof *v4;
    return 0;
  }
  if (inet_pton(AF_INET6, address, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    *len = sizeof *v6;
    return 0;
  }
  return -1;
}

/* Enters the namespace at `path`, opens the pair, comes back. 0 or -1 with *f set. */
static int open_in_netns(const char *path, const struct sockaddr_storage *sa, socklen_t len, int fds[2], failure *f) {
  int target = open(path, O_RDONLY | O_CLOEXEC);
  if (target < 0) return fail(f, "open(netns)");
  int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (self < 0) {
    fail(f, "open(/proc/thread-self/ns/net)");
    close(target);
    return -1;
  }
  int rc = -1;
  if (setns(target, CLONE_NEWNET) < 0) {
    fail(f, "setns(target)");
  } else {
    rc = open_pair(sa, len, fds, f);
    if (setns(self, CLONE_NEWNET) < 0) {
      /* The main thread is stuck in the container's namespace: never run on like that. */
      napi_fatal_error("netns.openSockets", NAPI_AUTO_LENGTH, "setns back to the original network namespace failed", NAPI_AUTO_LENGTH);
    }
  }
  close(self);
  close(target);
  return rc;
}

static napi_value throw_failure(napi_env env, const char *path, const failure *f) {
  char msg[4096 + 256];
  snprintf(msg, sizeof msg, "openSockets %s: %s: %s", path, f->step, strerror(f->err));
  const char *code = strerrorname_np(f->err);
  napi_throw_error(env, code ? code : "EUNKNOWN", msg);
  return NULL;
}

static int get_string(napi_env env, napi_value v, char *buf, size_t cap) {
  size_t n = 0;
  if (napi_get_value_string_utf8(env, v, buf, cap, &n) != napi_ok) return -1;
  return n + 1 < cap ? 0 : -1; /* reject silently truncated input */
}

static napi_value open_sockets(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  char path[4096], address[64];
  int32_t port = -1;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 3 ||
      get_string(env, argv[0], path, sizeof path) < 0 || get_string(env, argv[1], address, sizeof address) < 0 ||
      napi_get_value_int32(env, argv[2], &port) != napi_ok || port < 0 || port > 65535) {
    napi_throw_type_error(env, "EINVAL", "openSockets(netnsPath: string, address: string, port: 0-65535)");
    return NULL;
  }
  struct sockaddr_storage sa;
  socklen_t len;
  if (parse_address(address, port, &sa, &len) < 0) {
    napi_throw_type_error(env, "EINVAL", "openSockets: address is not an IPv4 or IPv6 literal");
    return NULL;
  }
  int fds[2];
  failure f = {"", 0};
  if (open_in_netns(path, &sa, len, fds, &f) < 0) return throw_failure(env, path, &f);
  napi_value result, udp, tcp;
  if (napi_create_object(env, &result) != napi_ok || napi_create_int32(env, fds[0], &udp) != napi_ok ||
      napi_create_int32(env, fds[1], &tcp) != napi_ok || napi_set_named_property(env, result, "udpFd", udp) != napi_ok ||
      napi_set_named_property(env, result, "tcpFd", tcp) != napi_ok) {
    close(fds[0]);
    close(fds[1]);
    napi_throw_error(env, "EUNKNOWN", "openSockets: could not build the result object");
    return NULL;
  }
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  if (napi_create_function(env, "openSockets", NAPI_AUTO_LENGTH, open_sockets, NULL, &fn) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "openSockets", fn) != napi_ok) return NULL;
  if (register_sandbox_functions(env, exports) != napi_ok) return NULL;
  if (register_mount_functions(env, exports) != napi_ok) return NULL;
  if (register_responder_functions(env, exports) != napi_ok) return NULL;
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
