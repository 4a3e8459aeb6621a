/* listing.c — the vendor and model tables (see listing.h). */
#include <stdio.h>
#include <string.h>

#include "clude/listing.h"
#include "clude/registry.h"
#include "clude/table.h"

bool provider_is_template(const struct provider *p)
{
	return p->decl->type == VENDOR_CUSTOM && !p->conf;
}

void fmt_tokens(int n, char *out, size_t sz)
{
	if (n <= 0)
		snprintf(out, sz, "-");
	else if (n % 1000000 == 0)
		snprintf(out, sz, "%dM", n / 1000000);
	else if (n % 1048576 == 0)
		snprintf(out, sz, "%dM", n / 1048576);
	else if (n % 1000 == 0)
		snprintf(out, sz, "%dK", n / 1000);
	else if (n % 1024 == 0)
		snprintf(out, sz, "%dK", n / 1024);
	else
		snprintf(out, sz, "%d", n);
}

void fmt_price(double p, char *out, size_t sz)
{
	if (p < 0)
		snprintf(out, sz, "?");
	else if (p == 0)
		snprintf(out, sz, "0");
	else if (p < 0.1 && (long)(p * 10000 + 0.5) % 100) /* 0.075, 0.0375: keep the digits */
		snprintf(out, sz, "%.4g", p);
	else
		snprintf(out, sz, "%.2f", p);
}

void fmt_caps(unsigned caps, char *out)
{
	out[0] = caps & CAP_VISION ? 'V' : '-';
	out[1] = caps & CAP_TOOLS ? 'F' : '-';
	out[2] = caps & CAP_STREAM ? 'S' : '-';
	out[3] = caps & CAP_REASONING ? 'R' : '-';
	out[4] = '\0';
}

static void table_row(struct table *t, const char *mark, const struct model_info *m)
{
	char ctx[16], out[16], caps[8], pin[16], pout[16];
	fmt_tokens(m->context_window, ctx, sizeof ctx);
	fmt_tokens(m->max_output, out, sizeof out);
	fmt_caps(m->caps, caps);
	fmt_price(m->price_in, pin, sizeof pin);
	fmt_price(m->price_out, pout, sizeof pout);
	table_add(t, (const char *[]){ mark, m->id, m->name ? m->name : m->id, ctx, out, caps, pin,
				       pout });
}

void list_models(const struct provider *p, const char *current, FILE *out)
{
	struct table t;
	table_init(&t, 8);
	table_add(&t, (const char *[]){ " ", "ID", "NAME", "CONTEXT", "MAX OUT", "CAPS", "$IN/1M",
					"$OUT/1M" });
	for (size_t i = 0; i < provider_model_count(p); i++) {
		const struct model_info *m = provider_model_at(p, i);
		table_row(&t, current && !strcmp(current, m->id) ? "★" : " ", m);
	}
	t.right_align = (1u << 3) | (1u << 4) | (1u << 6) | (1u << 7);
	table_print(&t, out);
	table_free(&t);
	fprintf(out, "\nCAPS: V vision, F function calling, S streaming, R reasoning; "
		     "prices in USD per 1M tokens\n");
}

void list_providers(const struct provider_set *set, const struct provider *cur,
		    const struct list_filter *f, FILE *out)
{
	struct table t;
	table_init(&t, 7);
	table_add(&t, (const char *[]){ " ", "#", "NAME", "TYPE", "REGION", "STATUS", "DEFAULT MODEL" });
	size_t shown = 0;
	for (size_t i = 0; i < set->n; i++) {
		const struct provider *p = &set->items[i];
		if (provider_is_template(p))
			continue;
		if (f && f->region && strcmp(vendor_region_name(p->decl->region), f->region) != 0)
			continue;
		if (f && f->type && strcmp(vendor_type_name(p->decl->type), f->type) != 0)
			continue;
		const char *status = provider_status(p);
		if (f && f->only_configured && strcmp(status, "configured") != 0 &&
		    strcmp(status, "running") != 0)
			continue;
		char num[16];
		snprintf(num, sizeof num, "%zu", ++shown);
		table_add(&t, (const char *[]){ p == cur ? "★" : " ", num, p->decl->name,
						vendor_type_name(p->decl->type),
						vendor_region_name(p->decl->region), status,
						p->default_model ? p->default_model : "-" });
	}
	t.right_align = 1u << 1;
	table_print(&t, out);
	table_free(&t);
}
