/* cmd_help.c — the command table, `clude help [COMMAND]`, `clude
 * --version`. Each command's full help text lives here beside its name. */
#include <stdio.h>
#include <string.h>

#include "clude/app.h"
#include "clude/util.h"
#include "clude/version.h"

static const struct command commands[] = {
	{ "chat", cmd_chat, "interactive chat (the default command)",
	  "usage: clude [chat] [-P PROVIDER] [-m MODEL] [-s SYSTEM] [--plain] [--resume [ID|NAME]]\n"
	  "\n"
	  "Opens the chat: the conversation above, a status line (vendor, model, tokens and\n"
	  "cost this session), and the input line. Type a message and press Enter; a line\n"
	  "ending in '\\' continues on the next line. Slash commands: /providers,\n"
	  "/provider NAME, /models, /model ID, /cost, /system TEXT, /clear, /retry,\n"
	  "/save NAME, /sessions, /help, /quit; Tab completes them, vendor names and model\n"
	  "ids. Ctrl-C stops a reply (the partial text is kept); Ctrl-D quits;\n"
	  "PageUp/PageDown scroll.\n"
	  "--plain (or TERM=dumb, or output that is not a terminal) prints line by line\n"
	  "without the full-screen layout.\n"
	  "Every conversation is saved in ~/.clude/clude.db as it happens. --resume continues\n"
	  "one (its messages, vendor, model and system prompt; -P, -m and -s override them):\n"
	  "the most recent without an argument, else the session with that ID or NAME (see\n"
	  "'clude sessions list'; /save NAME names the current one).\n" },
	{ "providers", cmd_providers, "list, show and configure vendors",
	  "usage: clude providers list [--type cloud|local|aggregator|custom] [--region intl|china|any]\n"
	  "                            [--configured]\n"
	  "       clude providers show NAME\n"
	  "       clude providers check [NAME…]\n"
	  "       clude providers config NAME [--api-key KEY] [--base-url URL] [--default-model ID]\n"
	  "                            [--api-version V] [--organization ORG] [--type openai_compat]\n"
	  "                            [--enable | --disable] [--unset KEY]\n"
	  "\n"
	  "list: every vendor clude knows; ★ marks the one in use. STATUS is configured / no key\n"
	  "for cloud vendors, running / not running for local servers, disabled when the config\n"
	  "says enabled: false.\n"
	  "show: one vendor's settings (the key is masked).\n"
	  "check: probe vendors (their model list, or a 1-token request) and print health,\n"
	  "latency and why a failing one fails; without names, the configured ones.\n"
	  "config: writes providers.NAME in the config file (mode 0600). A name that is not a\n"
	  "known vendor, given --base-url, becomes a custom OpenAI-compatible endpoint.\n" },
	{ "models", cmd_models, "list a vendor's models",
	  "usage: clude models list [--provider NAME] [--live] [--refresh]\n"
	  "\n"
	  "The vendor's model table: context window, max output, capabilities (V vision,\n"
	  "F function calling, S streaming, R reasoning) and USD prices per 1M tokens.\n"
	  "--live asks the vendor's /models endpoint (cached for an hour in ~/.clude/cache/);\n"
	  "--refresh ignores the cache. Without --provider: the current vendor.\n" },
	{ "usage", cmd_usage, "tokens, cost and latency of past requests",
	  "usage: clude usage [--since 30m|24h|7d|2w|YYYY-MM-DD] [--by provider|model|day] [--json]\n"
	  "\n"
	  "Totals of the requests recorded in ~/.clude/clude.db (every 'clude -p' and every\n"
	  "chat message, answered or not): requests, tokens in and out (cached and reasoning\n"
	  "tokens when a vendor reports them), cost in USD at the model table's prices, the\n"
	  "average latency of the successful ones, and errors. '?' marks a cost without a\n"
	  "known price. --since keeps the recent ones (a date is local midnight); --by adds\n"
	  "one row per vendor, model or (local) day; --json prints one object.\n" },
	{ "sessions", cmd_sessions, "list, show and remove saved conversations",
	  "usage: clude sessions list [--limit N] [--json]\n"
	  "       clude sessions show [ID|NAME] [--json]\n"
	  "       clude sessions rm ID|NAME\n"
	  "\n"
	  "The chat saves every conversation in ~/.clude/clude.db as it happens, a reply\n"
	  "while it streams (one cut short is marked [interrupted]). list: the most recent\n"
	  "first, with the first line of each; show: the whole conversation (the most\n"
	  "recent without an argument); rm: delete it.\n"
	  "'clude chat --resume ID|NAME' continues one; /save NAME in the chat names it.\n" },
	{ "help", cmd_help, "show help for a command", "usage: clude help [COMMAND]\n" },
	{ "version", cmd_version, "print the version", "usage: clude version\n" },
	{ "prompt", cmd_prompt, NULL, NULL }, /* reached through -p */
};

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

const struct command *command_table(size_t *n)
{
	*n = ARRAY_LEN(commands);
	return commands;
}

static const char overview[] =
	"usage: clude [OPTIONS] [COMMAND [ARGS]]\n"
	"       clude -p PROMPT [-P PROVIDER] [-m MODEL] [-s SYSTEM] [--no-stream] [--json]\n"
	"\n"
	"A multi-vendor LLM client for the terminal.\n"
	"\n"
	"Commands:\n";

static const char options[] =
	"\n"
	"Options:\n"
	"  -p, --prompt TEXT     send one prompt and print the reply (standard input, when\n"
	"                        it is not a terminal, is sent before the prompt)\n"
	"  -P, --provider NAME   vendor to use (see 'clude providers list')\n"
	"  -m, --model ID        model to use (see 'clude models list')\n"
	"  -s, --system TEXT     system prompt\n"
	"      --no-stream       wait for the whole reply instead of streaming it\n"
	"      --json            print one JSON object: text, usage, cost, timing\n"
	"      --timeout SECS    give up when the vendor sends nothing for SECS seconds\n"
	"      --max-tokens N    cap the reply's length\n"
	"      --temperature T   sampling temperature\n"
	"  -v, --verbose         print a status line (tokens, cost, time) on stderr\n"
	"  -q, --quiet           no hints or warnings on stderr\n"
	"  -h, --help            this help;  -V, --version  the version\n"
	"\n"
	"Exit status: 0 ok, 1 usage or config error, 2 vendor, network or stream error,\n"
	"130 interrupted. Config: ~/.clude/.clude.yaml, or the file $CLUDE_CONFIG names.\n";

int cmd_help(struct app *app, int argc, char **argv)
{
	(void)app;
	if (argc > 1) {
		const struct command *c = command_find(argv[1]);
		if (!c || !c->usage) {
			fprintf(stderr, "clude: no help for '%s'; commands are listed by 'clude help'\n",
				argv[1]);
			return 1;
		}
		fputs(c->usage, stdout);
		return 0;
	}
	fputs(overview, stdout);
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (commands[i].summary)
			printf("  %-11s %s\n", commands[i].name, commands[i].summary);
	fputs(options, stdout);
	return 0;
}

int cmd_version(struct app *app, int argc, char **argv)
{
	(void)app;
	(void)argc;
	(void)argv;
	printf("clude %s\n", CLUDE_VERSION);
	return 0;
}
