/* responder.c: the embedded DNS's UDP fast path; responder-napi.c: its JavaScript functions. */
#ifndef BERTH_RESPONDER_H
#define BERTH_RESPONDER_H

#include <netinet/in.h>
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>

napi_status register_responder_functions(napi_env env, napi_value exports);

/* The threadsafe function's call_js: calls onMiss(msg, address, port) for each query of a batch. */
void responder_deliver(napi_env env, napi_value fn, void *context, void *data);
/* Serves fd from now on (0, or -1 with errno); *id names it in the calls below. */
int responder_open(int fd, napi_threadsafe_function on_miss, uint32_t *id);
int responder_put(uint32_t id, const uint8_t *key, size_t key_len, const uint8_t *answer, size_t answer_len);
void responder_clear(uint32_t id);
int responder_send(uint32_t id, const uint8_t *msg, size_t len, const struct sockaddr_in *to);
int responder_stats(uint32_t id, double out[3]);
/* Stops serving, closes the fd and releases the function. Unknown ids are ignored. */
void responder_close(uint32_t id);

#endif
