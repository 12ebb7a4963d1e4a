/*
 * The embedded DNS's UDP fast path. One thread serves the UDP sockets of every attached
 * container: epoll, recvmmsg a batch, answer each query found in that container's answer
 * cache (the bytes after the ID -> the encoded answer, ID patched), sendmmsg the answers. Every
 * other query (a miss: first asks, forwarded names, shuffled aliases, malformed packets) goes to
 * JavaScript in one threadsafe call per batch, where src/dns answers it as before, fills the
 * cache through responderPut and replies through responderSend.
 *
 * Why hand-written: Node's dgram costs ~20 us per datagram on the event loop (one recv, one send
 * with its request object), capping the resolver near 40k queries/s on two cores; recvmmsg and
 * sendmmsg from a native thread answer a cached name for a fraction of that. No npm package does
 * batched UDP in a thread. The cache logic stays in JavaScript: this only replays its answers.
 *
 *   responderOpen(udpFd, onMiss(msg, address, port)) -> id   (the fd is the responder's now)
 *   responderPut(id, keyBytes, answer) -> bool     responderClear(id)
 *   responderSend(id, msg, address, port) -> bool  responderClose(id)  (closes the fd)
 *   responderStats(id) -> { hits, misses, dropped }
 */
#define _GNU_SOURCE
#include "responder.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "answer-cache.h"

#define BATCH 32
#define MAX_QUERY 4096     /* a longer datagram reaches JavaScript cut here, as a malformed query */
#define ROUNDS 4           /* batches per socket per wake-up, so one flooding container cannot starve others */
#define CACHE_ENTRIES 1024 /* as src/dns/answer-cache.ts */
#define ID_BUCKETS 256

typedef struct session {
  struct session *next;
  uint32_t id;
  int fd;
  napi_threadsafe_function on_miss;
  answer_cache cache;
  double hits, misses, dropped;
} session;

typedef struct {
  unsigned count;
  struct {
    struct sockaddr_in from;
    uint16_t len;
    uint8_t *data;
  } q[BATCH];
} miss_batch;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static session *by_id[ID_BUCKETS];
static uint32_t next_id = 1;
static int epfd = -1;

static session *find(uint32_t id) {
  for (session *s = by_id[id % ID_BUCKETS]; s; s = s->next)
    if (s->id == id) return s;
  return NULL;
}

/* Thread-only buffers (one serving thread). */
static uint8_t in_buf[BATCH][MAX_QUERY], out_buf[BATCH][CACHE_MAX_ANSWER];
static struct sockaddr_in in_from[BATCH];
static struct iovec in_iov[BATCH], out_iov[BATCH];
static struct mmsghdr in_msg[BATCH], out_msg[BATCH];

static void send_misses(session *s, miss_batch *m) {
  if (!m) return;
  if (napi_call_threadsafe_function(s->on_miss, m, napi_tsfn_nonblocking) == napi_ok) return;
  s->dropped += m->count;
  for (unsigned i = 0; i < m->count; i++) free(m->q[i].data);
  free(m);
}

static miss_batch *add_miss(session *s, miss_batch *m, int i, unsigned len) {
  if (!m && !(m = calloc(1, sizeof *m))) return NULL;
  uint8_t *copy = malloc(len ? len : 1);
  if (!copy) return m;
  memcpy(copy, in_buf[i], len);
  m->q[m->count].from = in_from[i];
  m->q[m->count].len = (uint16_t)len;
  m->q[m->count].data = copy;
  m->count++;
  s->misses++;
  return m;
}

/* One socket is readable: answer what the cache knows, hand the rest to JavaScript. */
static void serve(session *s) {
  for (int round = 0; round < ROUNDS; round++) {
    for (int i = 0; i < BATCH; i++) {
      in_iov[i] = (struct iovec){in_buf[i], MAX_QUERY};
      in_msg[i].msg_hdr = (struct msghdr){.msg_name = &in_from[i], .msg_namelen = sizeof in_from[i], .msg_iov = &in_iov[i], .msg_iovlen = 1};
    }
    int n = recvmmsg(s->fd, in_msg, BATCH, MSG_DONTWAIT, NULL);
    if (n <= 0) return;
    int k = 0;
    miss_batch *misses = NULL;
    for (int i = 0; i < n; i++) {
      unsigned len = in_msg[i].msg_len;
      const cache_entry *e = len >= 12 ? cache_get(&s->cache, in_buf[i] + 2, len - 2) : NULL;
      if (!e) {
        misses = add_miss(s, misses, i, len);
        continue;
      }
      memcpy(out_buf[k], entry_answer(e), e->answer_len);
      out_buf[k][0] = in_buf[i][0];
      out_buf[k][1] = in_buf[i][1];
      out_iov[k] = (struct iovec){out_buf[k], e->answer_len};
      out_msg[k].msg_hdr = (struct msghdr){.msg_name = &in_from[i], .msg_namelen = sizeof in_from[i], .msg_iov = &out_iov[k], .msg_iovlen = 1};
      k++;
      s->hits++;
    }
    if (k > 0) sendmmsg(s->fd, out_msg, (unsigned)k, MSG_DONTWAIT); /* a full socket buffer drops answers, as UDP does */
    send_misses(s, misses);
    if (n < BATCH) return;
  }
}

static void *serve_all(void *unused) {
  (void)unused;
  struct epoll_event ev[64];
  for (;;) {
    int n = epoll_wait(epfd, ev, 64, -1);
    if (n < 0 && errno != EINTR) return NULL;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < n; i++) {
      session *s = find(ev[i].data.u32);
      if (s) serve(s); /* closed meanwhile: its events are stale */
    }
    pthread_mutex_unlock(&lock);
  }
}

/* Runs on the JavaScript thread for each batch of misses (env NULL: the function is going away). */
void responder_deliver(napi_env env, napi_value fn, void *context, void *data) {
  (void)context;
  miss_batch *m = data;
  for (unsigned i = 0; i < m->count; i++) {
    if (env && fn) {
      napi_value argv[3], undefined, result;
      char addr[INET_ADDRSTRLEN] = "";
      void *copy;
      inet_ntop(AF_INET, &m->q[i].from.sin_addr, addr, sizeof addr);
      if (napi_create_buffer_copy(env, m->q[i].len, m->q[i].data, &copy, &argv[0]) == napi_ok &&
          napi_create_string_utf8(env, addr, NAPI_AUTO_LENGTH, &argv[1]) == napi_ok &&
          napi_create_uint32(env, ntohs(m->q[i].from.sin_port), &argv[2]) == napi_ok && napi_get_undefined(env, &undefined) == napi_ok)
        napi_call_function(env, undefined, fn, 3, argv, &result); /* a throw stays pending: Node reports it */
    }
    free(m->q[i].data);
  }
  free(m);
}

static int start_thread(void) {
  if (epfd >= 0) return 0;
  epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) return -1;
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int rc = pthread_create(&t, &attr, serve_all, NULL);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    close(epfd);
    epfd = -1;
    errno = rc;
    return -1;
  }
  return 0;
}

int responder_open(int fd, napi_threadsafe_function on_miss, uint32_t *id) {
  session *s = calloc(1, sizeof *s);
  if (!s) return -1;
  s->fd = fd;
  s->on_miss = on_miss;
  cache_init(&s->cache, CACHE_ENTRIES);
  pthread_mutex_lock(&lock);
  int rc = start_thread();
  if (rc == 0) {
    s->id = next_id++;
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = s->id};
    rc = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
  }
  if (rc == 0) {
    s->next = by_id[s->id % ID_BUCKETS];
    by_id[s->id % ID_BUCKETS] = s;
    *id = s->id;
  }
  pthread_mutex_unlock(&lock);
  if (rc != 0) free(s);
  return rc;
}

int responder_put(uint32_t id, const uint8_t *key, size_t key_len, const uint8_t *answer, size_t answer_len) {
  pthread_mutex_lock(&lock);
  session *s = find(id);
  int rc = s ? cache_put(&s->cache, key, key_len, answer, answer_len) : -1;
  pthread_mutex_unlock(&lock);
  return rc;
}

void responder_clear(uint32_t id) {
  pthread_mutex_lock(&lock);
  session *s = find(id);
  if (s) cache_clear(&s->cache);
  pthread_mutex_unlock(&lock);
}

int responder_send(uint32_t id, const uint8_t *msg, size_t len, const struct sockaddr_in *to) {
  pthread_mutex_lock(&lock);
  session *s = find(id);
  ssize_t n = s ? sendto(s->fd, msg, len, MSG_DONTWAIT, (const struct sockaddr *)to, sizeof *to) : -1;
  pthread_mutex_unlock(&lock);
  return n < 0 ? -1 : 0;
}

int responder_stats(uint32_t id, double out[3]) {
  pthread_mutex_lock(&lock);
  session *s = find(id);
  if (s) {
    out[0] = s->hits;
    out[1] = s->misses;
    out[2] = s->dropped;
  }
  pthread_mutex_unlock(&lock);
  return s ? 0 : -1;
}

/* Unlinks the session; the caller releases its function and frees it. NULL when unknown. */
static session *responder_take(uint32_t id) {
  pthread_mutex_lock(&lock);
  session **p = &by_id[id % ID_BUCKETS];
  while (*p && (*p)->id != id) p = &(*p)->next;
  session *s = *p;
  if (s) {
    *p = s->next;
    epoll_ctl(epfd, EPOLL_CTL_DEL, s->fd, NULL);
  }
  pthread_mutex_unlock(&lock);
  return s;
}

void responder_close(uint32_t id) {
  session *s = responder_take(id);
  if (!s) return;
  close(s->fd);
  napi_release_threadsafe_function(s->on_miss, napi_tsfn_abort);
  cache_clear(&s->cache);
  free(s);
}
