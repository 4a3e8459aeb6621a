/* main.c — argv to a command: global options (-p, -P, -m …), then the
 * command table (git's cmd_xxx entry points, tmux's table of commands). */
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/app.h"
#include "clude/util.h"

static int parse_number(const char *opt, const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (!*s || *end || v < 0) {
		fprintf(stderr, "clude: %s needs a non-negative number, not '%s'\n", opt, s);
		return -1;
	}
	*out = v;
	return 0;
}

/* Parse options before the command. Returns the index of the command word
 * (== argc when none), or -1 on a usage error, -2 for --help/--version. */
static int parse_global(struct global_opts *o, int argc, char **argv, int *exit_code)
{
	enum { OPT_NO_STREAM = 256, OPT_JSON, OPT_TIMEOUT, OPT_MAX_TOKENS, OPT_TEMPERATURE, OPT_PLAIN };
	static const struct option longopts[] = {
		{ "prompt", required_argument, NULL, 'p' },
		{ "provider", required_argument, NULL, 'P' },
		{ "model", required_argument, NULL, 'm' },
		{ "system", required_argument, NULL, 's' },
		{ "no-stream", no_argument, NULL, OPT_NO_STREAM },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "plain", no_argument, NULL, OPT_PLAIN },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "max-tokens", required_argument, NULL, OPT_MAX_TOKENS },
		{ "temperature", required_argument, NULL, OPT_TEMPERATURE },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	int c;
	double num;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:p:P:m:s:vqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o->prompt = optarg; break;
		case 'P': o->provider = optarg; break;
		case 'm': o->model = optarg; break;
		case 's': o->system = optarg; break;
		case 'v': o->verbose = true; break;
		case 'q': o->quiet = true; break;
		case OPT_NO_STREAM: o->no_stream = true; break;
		case OPT_JSON: o->json = true; break;
		case OPT_PLAIN: o->plain = true; break;
		case OPT_TIMEOUT:
			if (parse_number("--timeout", optarg, &num) != 0)
				return -1;
			o->timeout_s = num;
			break;
		case OPT_MAX_TOKENS:
			if (parse_number("--max-tokens", optarg, &num) != 0)
				return -1;
			o->max_tokens = (int)num;
			break;
		case OPT_TEMPERATURE:
			if (parse_number("--temperature", optarg, &num) != 0)
				return -1;
			o->temperature = num;
			break;
		case 'h':
			*exit_code = cmd_help(NULL, 1, (char *[]){ "help", NULL });
			return -2;
		case 'V':
			*exit_code = cmd_version(NULL, 1, (char *[]){ "version", NULL });
			return -2;
		default:
			app_bad_option(NULL, c, argc, argv);
			return -1;
		}
	}
	return optind;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	signal(SIGPIPE, SIG_IGN); /* a closed pipe is seen as EPIPE and handled */

	struct app app;
	memset(&app, 0, sizeof app);
	app.opt.temperature = -1;
	int code = 0;
	int cmd_at = parse_global(&app.opt, argc, argv, &code);
	if (cmd_at == -2)
		return code;
	if (cmd_at < 0)
		return 1;

	const struct command *cmd;
	if (app.opt.prompt) {
		if (cmd_at < argc) {
			fprintf(stderr, "clude: -p takes the prompt as one argument; quote it "
					"(unexpected '%s')\n", argv[cmd_at]);
			return 1;
		}
		cmd = command_find("prompt");
	} else if (cmd_at < argc) {
		cmd = command_find(argv[cmd_at]);
		if (!cmd) {
			fprintf(stderr, "clude: '%s' is not a command. See 'clude --help'.\n",
				argv[cmd_at]);
			return 1;
		}
	} else {
		cmd = command_find("chat");
	}
	/* help and version need no config: they work even when it is broken */
	if (cmd->run == cmd_help || cmd->run == cmd_version)
		return cmd->run(&app, argc - cmd_at, argv + cmd_at);

	struct clude_err err;
	err_clear(&err);
	/* libcurl initialises itself on first use: commands that never reach
	 * the network do not pay for it (TLS set-up is a few ms) */
	if (app_init(&app, &err) != 0) {
		app_report(NULL, &err);
		app_free(&app);
		http_global_cleanup();
		return err_exit_code(&err);
	}
	int sub_argc = cmd_at < argc ? argc - cmd_at : 1;
	char *chat_argv[] = { "chat", NULL };
	char **sub_argv = cmd_at < argc ? argv + cmd_at : chat_argv;
	code = cmd->run(&app, sub_argc, sub_argv);
	app_free(&app);
	http_global_cleanup();
	return code;
}
