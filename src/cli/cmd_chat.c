/* cmd_chat.c — `clude` / `clude chat`: resolve the vendor and model (or
 * load the conversation --resume names), then open the full-screen chat,
 * or the plain line-by-line one when output is not a terminal, TERM is
 * dumb, or --plain is given. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clude/app.h"
#include "clude/repl.h"
#include "clude/router.h"
#include "clude/store.h"

static bool want_plain(bool forced)
{
	const char *term = getenv("TERM");
	return forced || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !term || !*term ||
	       !strcmp(term, "dumb");
}

int cmd_chat(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "provider", required_argument, NULL, 'P' },
		{ "model", required_argument, NULL, 'm' },
		{ "system", required_argument, NULL, 's' },
		{ "plain", no_argument, NULL, 'L' },
		{ "resume", optional_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	bool plain = false, resume = false;
	const char *resume_key = NULL;
	int c;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":P:m:s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'P':
			app->opt.provider = optarg;
			break;
		case 'm':
			app->opt.model = optarg;
			break;
		case 's':
			app->opt.system = optarg;
			break;
		case 'L':
			plain = true;
			break;
		case 'R': /* --resume, --resume=ID or --resume ID (the one argument) */
			resume = true;
			resume_key = optarg;
			break;
		case 'h':
			return cmd_help(app, 2, (char *[]){ "help", "chat", NULL });
		default:
			return app_bad_option("chat", c, argc, argv);
		}
	}
	if (resume && !resume_key && optind + 1 == argc)
		resume_key = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "clude: chat: unexpected argument '%s'\n", argv[optind]);
		return 1;
	}
	struct clude_err err;
	err_clear(&err);
	struct store *st = NULL;
	struct saved_session saved = { 0 };
	if (resume) {
		long long sid;
		if (store_open(&st, &err) != 0 || sess_find(st, resume_key, &sid, &err) != 0 ||
		    sess_load(st, sid, &saved, &err) != 0) {
			app_report("chat", &err);
			store_close(st);
			return err_exit_code(&err);
		}
		/* the session's vendor, model and system prompt, unless given */
		if (!app->opt.provider) {
			app->opt.provider = saved.provider;
			if (!app->opt.model)
				app->opt.model = saved.model;
		}
		if (!app->opt.system)
			app->opt.system = saved.system;
	}
	struct provider *p;
	const char *model;
	int code;
	if (app_resolve(app, app->opt.provider, app->opt.model, &p, &model, &err) != 0) {
		if (resume) {
			char what[64];
			snprintf(what, sizeof what, "resuming session %lld: ", saved.id);
			err_prefix(&err, what);
		}
		app_report(NULL, &err);
		code = err_exit_code(&err);
	} else {
		char warn[512] = "";
		if (!router_is_virtual(&app->cfg, model)) /* groups and "auto" are the router's */
			app_check_model(p, model, warn, sizeof warn);
		struct repl_start start = { .provider = p, .model = model, .warning = warn,
					    .resume = resume ? &saved : NULL, .store = st };
		code = want_plain(plain || app->opt.plain) ? repl_plain(app, &start)
							    : repl_tui(app, &start);
	}
	saved_session_free(&saved);
	store_close(st);
	return code;
}
