/* answer-cache.c: encoded DNS answers keyed on the query bytes after the ID (responder.c). */
#ifndef BERTH_ANSWER_CACHE_H
#define BERTH_ANSWER_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define CACHE_BUCKETS 256
#define CACHE_MAX_KEY 300    /* as src/dns/answer-cache.ts: longer queries are not cached */
#define CACHE_MAX_ANSWER 4096

typedef struct cache_entry {
  struct cache_entry *next;
  uint32_t hash;
  uint16_t key_len, answer_len;
  uint8_t data[]; /* key, then answer */
} cache_entry;

typedef struct {
  cache_entry *buckets[CACHE_BUCKETS];
  unsigned count, max;
} answer_cache;

void cache_init(answer_cache *c, unsigned max);
/* Drops every entry. */
void cache_clear(answer_cache *c);
/* Stores (or replaces) an answer; at max entries the cache starts over. 0, or -1 when refused. */
int cache_put(answer_cache *c, const uint8_t *key, size_t key_len, const uint8_t *answer, size_t answer_len);
/* The entry for key, or NULL. */
const cache_entry *cache_get(const answer_cache *c, const uint8_t *key, size_t key_len);

static inline const uint8_t *entry_answer(const cache_entry *e) { return e->data + e->key_len; }

#endif
