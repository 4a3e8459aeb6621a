/* listing.h — the vendor and model tables, printed to any FILE so the CLI
 * commands and the REPL's /providers and /models show the same thing. */
#ifndef CLUDE_LISTING_H
#define CLUDE_LISTING_H

#include <stdbool.h>
#include <stdio.h>

#include "clude/provider.h"

struct list_filter {
	const char *region; /* NULL = any */
	const char *type;
	bool only_configured;
};

/* #, NAME (★ = cur), TYPE, REGION, STATUS, DEFAULT MODEL. */
void list_providers(const struct provider_set *set, const struct provider *cur,
		    const struct list_filter *f, FILE *out);
/* ID (★ = current), NAME, CONTEXT, MAX OUT, CAPS, prices, and a legend. */
void list_models(const struct provider *p, const char *current, FILE *out);

/* Cell formatting shared with the live model list. */
void fmt_tokens(int n, char *out, size_t sz); /* 128K, 1M, - */
void fmt_price(double p, char *out, size_t sz); /* 2.50, 0, ? */
void fmt_caps(unsigned caps, char *out);        /* "VFS-", out >= 5 bytes */

/* The config's template entry (openai_compat) is not a usable vendor. */
bool provider_is_template(const struct provider *p);

#endif
