/*
 * spool.c -- a string pool: copies that live until hinge__spool_free, in
 * chunks, so the many short strings of a log cost one allocation per chunk.
 */
#include <string.h>

#include "internal.h"
#include "spool.h"

struct hinge__spool_chunk {
  hinge__spool_chunk *next;
  size_t size, used;
  char data[1];
};

#define SPOOL_CHUNK 4000u

const char *hinge__spool_dup(hinge__spool *p, const char *s, size_t n) {
  hinge__spool_chunk *c = p->head;
  char *d;
  if (c == NULL || c->size - c->used < n + 1) {
    size_t size = n + 1 > SPOOL_CHUNK ? n + 1 : SPOOL_CHUNK;
    c = hinge__malloc(p->alloc, sizeof *c + size);
    if (c == NULL) return NULL;
    c->size = size;
    c->used = 0;
    /* A big string gets its own chunk behind the head, which keeps its room. */
    if (p->head != NULL && size > SPOOL_CHUNK) {
      c->next = p->head->next;
      p->head->next = c;
    } else {
      c->next = p->head;
      p->head = c;
    }
  }
  d = c->data + c->used;
  if (n > 0) memcpy(d, s, n);
  d[n] = '\0';
  c->used += n + 1;
  return d;
}

void hinge__spool_free(hinge__spool *p) {
  while (p->head != NULL) {
    hinge__spool_chunk *next = p->head->next;
    hinge__free(p->alloc, p->head, sizeof *p->head + p->head->size);
    p->head = next;
  }
}
