/* router_auto.c — `model: auto`: routing rules matched against the request
 * (size, regex, keywords, code, language), first match wins, and the
 * built-in rule set picked from the model tables of the vendors with keys. */
#include <ctype.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/app.h"
#include "clude/router.h"
#include "clude/util.h"

static const char *last_user(const struct chat_request *req)
{
	for (size_t i = req->n_messages; i-- > 0;)
		if (req->messages[i].role == ROLE_USER)
			return req->messages[i].content;
	return "";
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!n)
		return false;
	for (const char *h = hay; *h; h++)
		if (!strncasecmp(h, needle, n))
			return true;
	return false;
}

/* Fenced blocks, or lines that look like code in common languages. */
static bool has_code(const char *s)
{
	static const char *marks[] = { "```", "#include", "def ", "function(", "=> {", "};",
				       "public static", "fn main", "import ", "SELECT ", "<?php" };
	for (size_t i = 0; i < ARRAY_LEN(marks); i++)
		if (strstr(s, marks[i]))
			return true;
	return false;
}

/* The language of the first fenced block ("```python"), else a guess. */
static bool is_language(const char *s, const char *lang)
{
	const char *f = strstr(s, "```");
	if (f) {
		f += 3;
		size_t n = 0;
		while (f[n] && !isspace((unsigned char)f[n]))
			n++;
		if (n && n == strlen(lang) && !strncasecmp(f, lang, n))
			return true;
	}
	static const struct { const char *lang, *mark; } guess[] = {
		{ "python", "def " }, { "c", "#include" }, { "rust", "fn main" },
		{ "javascript", "function(" }, { "sql", "SELECT " }, { "php", "<?php" },
	};
	for (size_t i = 0; i < ARRAY_LEN(guess); i++)
		if (!strcasecmp(lang, guess[i].lang) && strstr(s, guess[i].mark))
			return true;
	return false;
}

static bool matches(const struct rule_conf *r, const char *text, long tokens)
{
	if (r->min_tokens && tokens < r->min_tokens)
		return false;
	if (r->max_tokens && tokens > r->max_tokens)
		return false;
	if (r->has_code >= 0 && has_code(text) != (r->has_code == 1))
		return false;
	if (r->language && !is_language(text, r->language))
		return false;
	if (r->n_keywords) {
		bool any = false;
		for (size_t i = 0; i < r->n_keywords && !any; i++)
			any = contains_ci(text, r->keywords[i]);
		if (!any)
			return false;
	}
	if (r->regex) {
		regex_t re;
		if (regcomp(&re, r->regex, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0)
			return false;
		int m = regexec(&re, text, 0, NULL, 0);
		regfree(&re);
		if (m != 0)
			return false;
	}
	return true;
}

const char *route_auto(const struct rule_conf *rules, size_t n, const char *dflt,
		       const struct chat_request *req, int *rule_out)
{
	const char *text = last_user(req);
	long tokens = 0;
	for (size_t i = 0; i < req->n_messages; i++)
		tokens += estimate_tokens(req->messages[i].content, strlen(req->messages[i].content)) + 4;
	for (size_t i = 0; i < n; i++)
		if (matches(&rules[i], text, tokens)) {
			*rule_out = (int)i;
			return rules[i].target;
		}
	*rule_out = -1;
	return dflt;
}

/* ---- the built-in set ---- */

struct best {
	const struct provider *p;
	const struct model_info *m;
	double score;
};

static void consider(struct best *b, const struct provider *p, const struct model_info *m,
		     double score)
{
	if (!b->m || score > b->score)
		*b = (struct best){ p, m, score };
}

/* Preferred coding models, best first (substrings of model ids). */
static const char *const coders[] = { "claude-sonnet", "codestral", "coder", "gpt-4.1", "gpt-4o",
				      "deepseek-chat", "claude", "gpt-" };

static void add_rule(struct rule_conf *out, size_t *n, size_t max, const char *name,
		     const struct best *b)
{
	if (!b->m || *n >= max)
		return;
	struct rule_conf *r = &out[(*n)++];
	memset(r, 0, sizeof *r);
	r->has_code = -1;
	r->name = xstrdup(name);
	struct buf t = { 0 };
	buf_printf(&t, "%s:%s", b->p->decl->name, b->m->id);
	r->target = buf_steal(&t);
}

size_t route_default_rules(struct app *app, struct rule_conf *out, size_t max, char **dflt)
{
	struct best cheap = { 0 }, longest = { 0 }, coder = { 0 };
	for (size_t i = 0; i < app->providers.n; i++) {
		const struct provider *p = &app->providers.items[i];
		struct clude_err e;
		if (!p->enabled || !strcmp(p->decl->name, "echo") || !provider_has_key(p) ||
		    app_check_key(p, &e) != 0)
			continue;
		for (size_t j = 0; j < provider_model_count(p); j++) {
			const struct model_info *m = provider_model_at(p, j);
			if (m->price_in >= 0 && m->price_out >= 0)
				consider(&cheap, p, m, -(m->price_in + m->price_out));
			consider(&longest, p, m, (double)m->context_window);
			for (size_t k = 0; k < ARRAY_LEN(coders); k++)
				if (strstr(m->id, coders[k])) {
					consider(&coder, p, m, (double)(ARRAY_LEN(coders) - k));
					break;
				}
		}
	}
	size_t n = 0;
	add_rule(out, &n, max, "long-context", &longest);
	if (n)
		out[n - 1].min_tokens = 24000;
	add_rule(out, &n, max, "code", &coder);
	if (coder.m) {
		out[n - 1].has_code = 1;
		add_rule(out, &n, max, "code-words", &coder);
		static const char *words[] = { "code", "function", "bug", "compile", "regex", "script",
					       "stack trace", "refactor" };
		out[n - 1].keywords = (char **)words; /* static: not freed (see the caller) */
		out[n - 1].n_keywords = ARRAY_LEN(words);
	}
	add_rule(out, &n, max, "short-chat", &cheap);
	if (cheap.m)
		out[n - 1].max_tokens = 300;
	*dflt = NULL;
	return n;
}
