/* cmd_usage.c — `clude usage`: what the recorded requests (clude -p and the
 * chat alike, from clude.db) cost, in total or per vendor, model or day. */
#include <cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/app.h"
#include "clude/store.h"
#include "clude/table.h"
#include "clude/util.h"

static const char *const by_names[] = { "", "provider", "model", "day" };

static void fmt_cost(const struct usage_sum *u, char *out, size_t sz)
{
	if (u->unpriced && u->unpriced == u->requests)
		snprintf(out, sz, "?");
	else
		snprintf(out, sz, "$%.4f%s", u->cost_usd, u->unpriced ? "+?" : "");
}

static void add_row(struct table *t, enum usage_by by, const struct usage_sum *u,
		    bool cached, bool reasoning, bool is_total)
{
	char req[24], in[24], outt[24], cach[24], reas[24], cost[40], lat[32], errs[24];
	const char *cells[TABLE_MAX_COLS];
	size_t n = 0;
	if (by == USAGE_BY_PROVIDER || by == USAGE_BY_MODEL)
		cells[n++] = is_total ? "total" : u->provider;
	if (by == USAGE_BY_MODEL)
		cells[n++] = is_total ? "" : u->model;
	if (by == USAGE_BY_DAY)
		cells[n++] = is_total ? "total" : u->day;
	snprintf(req, sizeof req, "%ld", u->requests);
	snprintf(in, sizeof in, "%ld", u->input_tokens);
	snprintf(outt, sizeof outt, "%ld", u->output_tokens);
	snprintf(cach, sizeof cach, "%ld", u->cached_tokens);
	snprintf(reas, sizeof reas, "%ld", u->reasoning_tokens);
	fmt_cost(u, cost, sizeof cost);
	if (u->avg_latency_ms >= 0)
		snprintf(lat, sizeof lat, "%.2f s", u->avg_latency_ms / 1000.0);
	else
		snprintf(lat, sizeof lat, "-");
	snprintf(errs, sizeof errs, "%ld", u->errors);
	cells[n++] = req;
	cells[n++] = in;
	cells[n++] = outt;
	if (cached)
		cells[n++] = cach;
	if (reasoning)
		cells[n++] = reas;
	cells[n++] = cost;
	cells[n++] = lat;
	cells[n++] = errs;
	table_add(t, cells);
}

static void print_table(enum usage_by by, const struct usage_sum *total,
			const struct usage_sum *g, size_t n)
{
	bool cached = total->cached_tokens > 0, reasoning = total->reasoning_tokens > 0;
	const char *head[TABLE_MAX_COLS];
	size_t nc = 0;
	if (by == USAGE_BY_PROVIDER || by == USAGE_BY_MODEL)
		head[nc++] = "PROVIDER";
	if (by == USAGE_BY_MODEL)
		head[nc++] = "MODEL";
	if (by == USAGE_BY_DAY)
		head[nc++] = "DAY";
	size_t keys = nc;
	head[nc++] = "REQUESTS";
	head[nc++] = "TOKENS IN";
	head[nc++] = "TOKENS OUT";
	if (cached)
		head[nc++] = "CACHED";
	if (reasoning)
		head[nc++] = "REASONING";
	head[nc++] = "COST";
	head[nc++] = "AVG LATENCY";
	head[nc++] = "ERRORS";
	struct table t;
	table_init(&t, nc);
	for (size_t i = keys; i < nc; i++)
		t.right_align |= 1u << i;
	table_add(&t, head);
	for (size_t i = 0; i < n; i++)
		add_row(&t, by, &g[i], cached, reasoning, false);
	if (by == USAGE_BY_NONE || n != 1)
		add_row(&t, by, total, cached, reasoning, true);
	table_print(&t, stdout);
	table_free(&t);
	if (total->unpriced)
		printf("?: %ld request%s without a known price (not in the vendor's model table)\n",
		       total->unpriced, total->unpriced == 1 ? "" : "s");
	if (total->interrupted)
		printf("%ld request%s interrupted\n", total->interrupted,
		       total->interrupted == 1 ? " was" : "s were");
	if (total->estimated)
		printf("tokens of %ld request%s estimated (the vendor reported none)\n",
		       total->estimated, total->estimated == 1 ? "" : "s");
}

static cJSON *sum_json(const struct usage_sum *u)
{
	cJSON *o = cJSON_CreateObject();
	if (u->provider)
		cJSON_AddStringToObject(o, "provider", u->provider);
	if (u->model)
		cJSON_AddStringToObject(o, "model", u->model);
	if (u->day)
		cJSON_AddStringToObject(o, "day", u->day);
	cJSON_AddNumberToObject(o, "requests", (double)u->requests);
	cJSON_AddNumberToObject(o, "input_tokens", (double)u->input_tokens);
	cJSON_AddNumberToObject(o, "output_tokens", (double)u->output_tokens);
	cJSON_AddNumberToObject(o, "cached_tokens", (double)u->cached_tokens);
	cJSON_AddNumberToObject(o, "reasoning_tokens", (double)u->reasoning_tokens);
	cJSON_AddNumberToObject(o, "cost_usd", u->cost_usd);
	cJSON_AddNumberToObject(o, "unpriced_requests", (double)u->unpriced);
	if (u->avg_latency_ms >= 0)
		cJSON_AddNumberToObject(o, "avg_latency_ms", (double)(long)(u->avg_latency_ms + 0.5));
	else
		cJSON_AddNullToObject(o, "avg_latency_ms");
	if (u->avg_ttft_ms >= 0)
		cJSON_AddNumberToObject(o, "avg_ttft_ms", (double)(long)(u->avg_ttft_ms + 0.5));
	else
		cJSON_AddNullToObject(o, "avg_ttft_ms");
	cJSON_AddNumberToObject(o, "errors", (double)u->errors);
	cJSON_AddNumberToObject(o, "interrupted", (double)u->interrupted);
	cJSON_AddNumberToObject(o, "estimated_requests", (double)u->estimated);
	return o;
}

static void print_json(long long since, enum usage_by by, const struct usage_sum *total,
		       const struct usage_sum *g, size_t n)
{
	cJSON *root = cJSON_CreateObject();
	if (since)
		cJSON_AddNumberToObject(root, "since_ms", (double)since);
	else
		cJSON_AddNullToObject(root, "since_ms");
	if (by != USAGE_BY_NONE)
		cJSON_AddStringToObject(root, "by", by_names[by]);
	else
		cJSON_AddNullToObject(root, "by");
	cJSON_AddItemToObject(root, "total", sum_json(total));
	if (by != USAGE_BY_NONE) {
		cJSON *arr = cJSON_AddArrayToObject(root, "groups");
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, sum_json(&g[i]));
	}
	char *s = cJSON_Print(root);
	printf("%s\n", s);
	free(s);
	cJSON_Delete(root);
}

int cmd_usage(struct app *app, int argc, char **argv)
{
	enum { OPT_SINCE = 256, OPT_BY, OPT_JSON };
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "by", required_argument, NULL, OPT_BY },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct clude_err err;
	err_clear(&err);
	bool json = app->opt.json;
	long long since = 0;
	enum usage_by by = USAGE_BY_NONE;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SINCE:
			if (usage_parse_since(optarg, store_now(), &since, &err) != 0) {
				app_report("usage", &err);
				return 1;
			}
			break;
		case OPT_BY:
			for (by = USAGE_BY_PROVIDER; by <= USAGE_BY_DAY; by++)
				if (!strcmp(optarg, by_names[by]))
					break;
			if (by > USAGE_BY_DAY) {
				fprintf(stderr, "clude: usage: --by takes provider, model or day, not '%s'\n",
					optarg);
				return 1;
			}
			break;
		case OPT_JSON:
			json = true;
			break;
		case 'h':
			return cmd_help(app, 2, (char *[]){ "help", "usage", NULL });
		default:
			return app_bad_option("usage", c, argc, argv);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "clude: usage: unexpected argument '%s'\n", argv[optind]);
		return 1;
	}
	struct store *st;
	struct usage_sum total, *groups = NULL;
	size_t n = 0;
	if (store_open(&st, &err) != 0 ||
	    usage_query(st, since, by, &total, &groups, &n, &err) != 0) {
		app_report(NULL, &err);
		store_close(st);
		return err_exit_code(&err);
	}
	store_close(st);
	if (json)
		print_json(since, by, &total, groups, n);
	else if (!total.requests)
		printf("no requests recorded%s\n", since ? " in that time" : " yet");
	else
		print_table(by, &total, groups, n);
	usage_sums_free(groups, n);
	return 0;
}
