/* json_arena.c — bump allocation for cJSON parses (see json_arena.h).
 * cJSON's hooks are process-wide and take no context, so they point at the
 * arena only for the duration of one parse call. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clude/json_arena.h"
#include "clude/util.h"

static struct json_arena *parsing; /* the arena of the parse in progress */

static void *arena_alloc(size_t n)
{
	struct json_arena *a = parsing;
	n = (n + 15) & ~(size_t)15;
	if (a->used + n <= a->cap) {
		void *p = a->block + a->used;
		a->used += n;
		return p;
	}
	void *p = malloc(n);
	if (p) {
		a->overflow = xrealloc(a->overflow, (a->n_overflow + 1) * sizeof *a->overflow);
		a->overflow[a->n_overflow++] = p;
	}
	return p;
}

static void arena_free(void *p)
{
	(void)p; /* everything goes at reset */
}

cJSON *json_arena_parse(struct json_arena *a, const char *data, size_t len)
{
	size_t want = 8 * len + 1024; /* cJSON needs ~64 bytes a value */
	if (a->used == 0 && want > a->cap) {
		free(a->block);
		a->cap = want < 65536 ? 65536 : want;
		a->block = xmalloc(a->cap);
	}
	cJSON_Hooks hooks = { .malloc_fn = arena_alloc, .free_fn = arena_free };
	parsing = a;
	cJSON_InitHooks(&hooks);
	cJSON *root = cJSON_ParseWithLength(data, len);
	cJSON_InitHooks(NULL); /* back to malloc/free for everyone else */
	parsing = NULL;
	return root;
}

void json_arena_reset(struct json_arena *a)
{
	for (size_t i = 0; i < a->n_overflow; i++)
		free(a->overflow[i]);
	a->n_overflow = 0;
	a->used = 0;
}

void json_arena_free(struct json_arena *a)
{
	json_arena_reset(a);
	free(a->overflow);
	free(a->block);
	memset(a, 0, sizeof *a);
}
