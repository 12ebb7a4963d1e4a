/*
 * The responder's answer cache: a chained hash table of (query bytes after the ID -> encoded
 * answer), bounded like src/dns/answer-cache.ts (at `max` entries it starts over). Not locked:
 * responder.c holds its lock around every call.
 */
#include "answer-cache.h"

#include <stdlib.h>
#include <string.h>

static uint32_t fnv1a(const uint8_t *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

void cache_init(answer_cache *c, unsigned max) {
  memset(c->buckets, 0, sizeof c->buckets);
  c->count = 0;
  c->max = max;
}

void cache_clear(answer_cache *c) {
  for (unsigned i = 0; i < CACHE_BUCKETS; i++) {
    cache_entry *e = c->buckets[i];
    while (e) {
      cache_entry *next = e->next;
      free(e);
      e = next;
    }
    c->buckets[i] = NULL;
  }
  c->count = 0;
}

static cache_entry **slot_of(answer_cache *c, uint32_t h, const uint8_t *key, size_t key_len) {
  cache_entry **p = &c->buckets[h % CACHE_BUCKETS];
  while (*p && !((*p)->hash == h && (*p)->key_len == key_len && memcmp((*p)->data, key, key_len) == 0)) p = &(*p)->next;
  return p;
}

int cache_put(answer_cache *c, const uint8_t *key, size_t key_len, const uint8_t *answer, size_t answer_len) {
  if (key_len == 0 || key_len > CACHE_MAX_KEY || answer_len < 12 || answer_len > CACHE_MAX_ANSWER) return -1;
  uint32_t h = fnv1a(key, key_len);
  cache_entry **p = slot_of(c, h, key, key_len);
  if (*p) { /* replace */
    cache_entry *old = *p;
    *p = old->next;
    free(old);
    c->count--;
  } else if (c->count >= c->max) {
    cache_clear(c);
    p = &c->buckets[h % CACHE_BUCKETS];
  }
  cache_entry *e = malloc(sizeof *e + key_len + answer_len);
  if (!e) return -1;
  e->hash = h;
  e->key_len = (uint16_t)key_len;
  e->answer_len = (uint16_t)answer_len;
  memcpy(e->data, key, key_len);
  memcpy(e->data + key_len, answer, answer_len);
  e->next = *p;
  *p = e;
  c->count++;
  return 0;
}

const cache_entry *cache_get(const answer_cache *c, const uint8_t *key, size_t key_len) {
  if (key_len == 0 || key_len > CACHE_MAX_KEY) return NULL;
  uint32_t h = fnv1a(key, key_len);
  for (const cache_entry *e = c->buckets[h % CACHE_BUCKETS]; e; e = e->next)
    if (e->hash == h && e->key_len == key_len && memcmp(e->data, key, key_len) == 0) return e;
  return NULL;
}
