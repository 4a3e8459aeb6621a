/* cmd_sessions.c — `clude sessions list|show|rm`: the conversations the
 * chat saved in clude.db, to read back, remove, or pick for --resume. */
#include <cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/app.h"
#include "clude/store.h"
#include "clude/util.h"

static cJSON *session_json(const struct saved_session *s, bool with_msgs)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "id", (double)s->id);
	if (s->name)
		cJSON_AddStringToObject(o, "name", s->name);
	else
		cJSON_AddNullToObject(o, "name");
	cJSON_AddNumberToObject(o, "created_ms", (double)s->created);
	cJSON_AddNumberToObject(o, "updated_ms", (double)s->updated);
	cJSON_AddStringToObject(o, "provider", s->provider);
	cJSON_AddStringToObject(o, "model", s->model);
	if (s->system)
		cJSON_AddStringToObject(o, "system", s->system);
	else
		cJSON_AddNullToObject(o, "system");
	cJSON_AddNumberToObject(o, "turns", (double)s->turns);
	cJSON_AddStringToObject(o, "first_line", s->first_line ? s->first_line : "");
	if (!with_msgs)
		return o;
	cJSON *arr = cJSON_AddArrayToObject(o, "messages");
	for (size_t i = 0; i < s->n_msgs; i++) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "role", role_name(s->msgs[i].role));
		cJSON_AddStringToObject(m, "content", s->msgs[i].content);
		cJSON_AddBoolToObject(m, "interrupted", s->msgs[i].interrupted);
		cJSON_AddNumberToObject(m, "created_ms", (double)s->msgs[i].created);
		cJSON_AddItemToArray(arr, m);
	}
	return o;
}

static void print_json(cJSON *root)
{
	char *s = cJSON_Print(root);
	printf("%s\n", s);
	free(s);
	cJSON_Delete(root);
}

static int list(struct store *st, bool json, long limit, struct clude_err *err)
{
	struct saved_session *ss;
	size_t n;
	if (sess_list(st, (size_t)limit, &ss, &n, err) != 0)
		return -1;
	if (json) {
		cJSON *arr = cJSON_CreateArray();
		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, session_json(&ss[i], false));
		print_json(arr);
	} else if (!n) {
		printf("no saved conversations yet (the chat saves each one as it goes)\n");
	} else {
		sess_print_table(ss, n, 0, stdout);
	}
	saved_sessions_free(ss, n);
	return 0;
}

static void show_text(const struct saved_session *s)
{
	char when[32];
	store_fmt_time(s->updated, when, sizeof when);
	printf("session %lld%s%s%s · %s · %s · updated %s\n", s->id, s->name ? " \"" : "",
	       s->name ? s->name : "", s->name ? "\"" : "", s->provider, s->model, when);
	if (s->system)
		printf("system: %s\n", s->system);
	for (size_t i = 0; i < s->n_msgs; i++) {
		const struct saved_msg *m = &s->msgs[i];
		const char *who = m->role == ROLE_USER ? "you" : role_name(m->role);
		if (m->role == ROLE_USER)
			putchar('\n');
		size_t len = strlen(m->content);
		bool nl = len && m->content[len - 1] == '\n';
		printf("%s: %s", who, m->content);
		if (m->interrupted)
			printf("%s[interrupted]\n", nl ? "" : " ");
		else if (!nl)
			putchar('\n');
	}
}

static int show(struct store *st, const char *key, bool json, struct clude_err *err)
{
	long long sid;
	struct saved_session s;
	if (sess_find(st, key, &sid, err) != 0 || sess_load(st, sid, &s, err) != 0)
		return -1;
	if (json)
		print_json(session_json(&s, true));
	else
		show_text(&s);
	saved_session_free(&s);
	return 0;
}

static int rm(struct store *st, const char *key, struct clude_err *err)
{
	long long sid;
	if (sess_find(st, key, &sid, err) != 0 || sess_remove(st, sid, err) != 0)
		return -1;
	printf("removed session %lld\n", sid);
	return 0;
}

int cmd_sessions(struct app *app, int argc, char **argv)
{
	enum { OPT_JSON = 256, OPT_LIMIT };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *sub = argc > 1 ? argv[1] : "list";
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help"))
		return cmd_help(app, 2, (char *[]){ "help", "sessions", NULL });
	bool is_list = !strcmp(sub, "list") || !strcmp(sub, "ls");
	bool is_show = !strcmp(sub, "show");
	bool is_rm = !strcmp(sub, "rm") || !strcmp(sub, "remove");
	if (!is_list && !is_show && !is_rm) {
		fprintf(stderr, "clude: sessions: unknown subcommand '%s' (list, show, rm)\n", sub);
		return 1;
	}
	bool json = app->opt.json;
	long limit = 0;
	int c;
	int sub_argc = argc > 1 ? argc - 1 : 1;
	char **sub_argv = argc > 1 ? argv + 1 : (char *[]){ "list", NULL };
	optind = 0;
	while ((c = getopt_long(sub_argc, sub_argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			json = true;
			break;
		case OPT_LIMIT: {
			char *end;
			limit = strtol(optarg, &end, 10);
			if (!*optarg || *end || limit < 1) {
				fprintf(stderr, "clude: sessions: --limit needs a positive number, not "
						"'%s'\n", optarg);
				return 1;
			}
			break;
		}
		case 'h':
			return cmd_help(app, 2, (char *[]){ "help", "sessions", NULL });
		default:
			return app_bad_option("sessions", c, sub_argc, sub_argv);
		}
	}
	int left = sub_argc - optind;
	/* show without an argument: the most recent, as --resume */
	if ((is_rm && left != 1) || left > 1 || (is_list && left)) {
		fprintf(stderr, "clude: sessions: %s\n",
			left > 1 || is_list ? "too many arguments" : "which session? give its ID or NAME");
		return 1;
	}
	const char *key = left ? sub_argv[optind] : NULL;
	struct clude_err err;
	err_clear(&err);
	struct store *st;
	if (store_open(&st, &err) != 0) {
		app_report(NULL, &err);
		return err_exit_code(&err);
	}
	int rc = is_list ? list(st, json, limit, &err)
		 : is_show ? show(st, key, json, &err)
			   : rm(st, key, &err);
	store_close(st);
	if (rc != 0) {
		app_report("sessions", &err);
		return err_exit_code(&err);
	}
	return 0;
}
