/* The JavaScript face of responder.c (see there): argument checks and conversions only. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "responder.h"

#define MISS_QUEUE 32 /* batches (of up to 32 queries) waiting for JavaScript per container; beyond: dropped */

static int args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != want) return -1;
  return 0;
}

static int get_id(napi_env env, napi_value v, uint32_t *id) {
  return napi_get_value_uint32(env, v, id) == napi_ok ? 0 : -1;
}

static int get_bytes(napi_env env, napi_value v, void **data, size_t *len) {
  bool is = false;
  if (napi_is_buffer(env, v, &is) != napi_ok || !is) return -1;
  return napi_get_buffer_info(env, v, data, len) == napi_ok ? 0 : -1;
}

static napi_value boolean(napi_env env, bool b) {
  napi_value v;
  napi_get_boolean(env, b, &v);
  return v;
}

static napi_value usage(napi_env env, const char *text) {
  napi_throw_type_error(env, "EINVAL", text);
  return NULL;
}

static napi_value js_open(napi_env env, napi_callback_info info) {
  napi_value argv[2], name;
  int32_t fd;
  napi_valuetype t;
  if (args(env, info, 2, argv) < 0 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0 ||
      napi_typeof(env, argv[1], &t) != napi_ok || t != napi_function)
    return usage(env, "responderOpen(udpFd: number, onMiss: (msg: Buffer, address: string, port: number) => void)");
  napi_threadsafe_function tsfn;
  napi_create_string_utf8(env, "berth-dns-responder", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, argv[1], NULL, name, MISS_QUEUE, 1, NULL, NULL, NULL, responder_deliver, &tsfn) != napi_ok) {
    napi_throw_error(env, "EUNKNOWN", "responderOpen: cannot create the threadsafe function");
    return NULL;
  }
  napi_unref_threadsafe_function(env, tsfn); /* the socket alone must not keep Node running */
  uint32_t id;
  if (responder_open(fd, tsfn, &id) < 0) {
    int err = errno;
    napi_release_threadsafe_function(tsfn, napi_tsfn_abort);
    char msg[128];
    snprintf(msg, sizeof msg, "responderOpen: %s", strerror(err));
    napi_throw_error(env, "EUNKNOWN", msg);
    return NULL;
  }
  napi_value out;
  napi_create_uint32(env, id, &out);
  return out;
}

static napi_value js_put(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  uint32_t id;
  void *key, *answer;
  size_t key_len, answer_len;
  if (args(env, info, 3, argv) < 0 || get_id(env, argv[0], &id) < 0 || get_bytes(env, argv[1], &key, &key_len) < 0 ||
      get_bytes(env, argv[2], &answer, &answer_len) < 0)
    return usage(env, "responderPut(id: number, key: Buffer, answer: Buffer)");
  return boolean(env, responder_put(id, key, key_len, answer, answer_len) == 0);
}

/* The calls whose only argument is the id: 0, or -1 with a TypeError naming `call` thrown. */
static int only_id(napi_env env, napi_callback_info info, const char *call, uint32_t *id) {
  napi_value argv[1];
  if (args(env, info, 1, argv) == 0 && get_id(env, argv[0], id) == 0) return 0;
  char text[64];
  snprintf(text, sizeof text, "%s(id: number)", call);
  usage(env, text);
  return -1;
}

static napi_value js_clear(napi_env env, napi_callback_info info) {
  uint32_t id;
  if (only_id(env, info, "responderClear", &id) < 0) return NULL;
  responder_clear(id);
  return NULL;
}

static napi_value js_send(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  uint32_t id, port;
  void *msg;
  size_t len;
  char addr[INET_ADDRSTRLEN + 1];
  size_t addr_len = 0;
  struct sockaddr_in to = {.sin_family = AF_INET};
  if (args(env, info, 4, argv) < 0 || get_id(env, argv[0], &id) < 0 || get_bytes(env, argv[1], &msg, &len) < 0 ||
      napi_get_value_string_utf8(env, argv[2], addr, sizeof addr, &addr_len) != napi_ok || inet_pton(AF_INET, addr, &to.sin_addr) != 1 ||
      napi_get_value_uint32(env, argv[3], &port) != napi_ok || port > 65535)
    return usage(env, "responderSend(id: number, msg: Buffer, address: IPv4 string, port: number)");
  to.sin_port = htons((uint16_t)port);
  return boolean(env, responder_send(id, msg, len, &to) == 0);
}

static napi_value js_close(napi_env env, napi_callback_info info) {
  uint32_t id;
  if (only_id(env, info, "responderClose", &id) < 0) return NULL;
  responder_close(id);
  return NULL;
}

static napi_value js_stats(napi_env env, napi_callback_info info) {
  napi_value out, v;
  uint32_t id;
  double s[3];
  if (only_id(env, info, "responderStats", &id) < 0) return NULL;
  if (responder_stats(id, s) < 0) return NULL;
  const char *names[3] = {"hits", "misses", "dropped"};
  napi_create_object(env, &out);
  for (int i = 0; i < 3; i++) {
    napi_create_double(env, s[i], &v);
    napi_set_named_property(env, out, names[i], v);
  }
  return out;
}

napi_status register_responder_functions(napi_env env, napi_value exports) {
  const napi_property_descriptor props[] = {
    {"responderOpen", NULL, js_open, NULL, NULL, NULL, napi_enumerable, NULL},
    {"responderPut", NULL, js_put, NULL, NULL, NULL, napi_enumerable, NULL},
    {"responderClear", NULL, js_clear, NULL, NULL, NULL, napi_enumerable, NULL},
    {"responderSend", NULL, js_send, NULL, NULL, NULL, napi_enumerable, NULL},
    {"responderClose", NULL, js_close, NULL, NULL, NULL, napi_enumerable, NULL},
    {"responderStats", NULL, js_stats, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  return napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
}
