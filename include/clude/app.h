/* app.h — the one struct passed down from main: options from the command
 * line, the loaded config, the provider set, HTTP settings and the cancel
 * flag. There is no other mutable global state (but the signal flag). */
#ifndef CLUDE_APP_H
#define CLUDE_APP_H

#include <signal.h>
#include <stdbool.h>

#include "clude/config.h"
#include "clude/http.h"
#include "clude/provider.h"
#include "clude/proto.h"

/* Options that may stand before the command (clude -P groq -m x chat). */
struct global_opts {
	const char *prompt; /* -p */
	const char *provider;
	const char *model;
	const char *system;
	bool no_stream;
	bool json;
	bool verbose;
	bool quiet;
	bool plain;         /* --plain: the line-by-line chat */
	double timeout_s;   /* --timeout: idle timeout, 0 = config/default */
	int max_tokens;
	double temperature; /* < 0: unset */
};

struct app {
	struct global_opts opt;
	struct config cfg;
	struct provider_set providers;
	struct http_opts http;
	char cfg_path[4096];
	bool hinted; /* the "how to configure" hint was shown */
};

/* Load config (printing its warnings) and build the provider set. */
int app_init(struct app *app, struct clude_err *err);
void app_free(struct app *app);

/* The vendor and model to use: explicit names, else the defaults.
 * Prints the echo fallback hint once. Errors are ECONFIG with a hint. */
int app_resolve(struct app *app, const char *provider, const char *model, struct provider **p_out,
		const char **model_out, struct clude_err *err);
/* ECONFIG "no API key; set VAR …" when p needs a key it does not have. */
int app_check_key(const struct provider *p, struct clude_err *err);
/* The table entry of model; when it is not in p's table, warn gets a
 * one-line warning for the caller to show (else it is ""). */
const struct model_info *app_check_model(const struct provider *p, const char *model, char *warn,
				       size_t warnsz);
void app_target(const struct provider *p, const char *model, struct target *t);

/* SIGINT sets the cancel flag instead of killing the process. */
volatile sig_atomic_t *signals_install(void);
void signals_restore(void);

/* getopt_long returned '?' or ':' (opterr is 0): one clear line; returns 1. */
int app_bad_option(const char *cmd, int c, int argc, char **argv);

/* Print "clude: <msg>" for an error, once, on stderr. */
void app_report(const char *who, const struct clude_err *err);

/* Command entry points (git's cmd_xxx pattern); argv[0] is the command. */
int cmd_prompt(struct app *app, int argc, char **argv);
int cmd_chat(struct app *app, int argc, char **argv);
int cmd_providers(struct app *app, int argc, char **argv);
int cmd_models(struct app *app, int argc, char **argv);
int cmd_usage(struct app *app, int argc, char **argv);
int cmd_sessions(struct app *app, int argc, char **argv);
int cmd_help(struct app *app, int argc, char **argv);
int cmd_version(struct app *app, int argc, char **argv);

struct command {
	const char *name;
	int (*run)(struct app *app, int argc, char **argv);
	const char *summary;
	const char *usage; /* full help text */
};
const struct command *command_find(const char *name);
const struct command *command_table(size_t *n);

#endif
