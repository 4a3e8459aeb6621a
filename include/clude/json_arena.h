/* json_arena.h — parse short-lived JSON (one stream event) into a reusable
 * arena instead of thousands of malloc/free pairs per reply: a 100 000-
 * token stream is 100 000 events. Trees from here are never cJSON_Delete'd;
 * json_arena_reset() drops them all at once. */
#ifndef CLUDE_JSON_ARENA_H
#define CLUDE_JSON_ARENA_H

#include <cJSON.h>
#include <stddef.h>

struct json_arena {
	char *block;      /* the reusable block */
	size_t cap, used;
	void **overflow;  /* allocations that did not fit, freed at reset */
	size_t n_overflow;
};

/* Parse len bytes (need not end in NUL); NULL when not JSON. */
cJSON *json_arena_parse(struct json_arena *a, const char *data, size_t len);
/* Forget every tree parsed since the last reset (keeps the block). */
void json_arena_reset(struct json_arena *a);
void json_arena_free(struct json_arena *a);

#endif
