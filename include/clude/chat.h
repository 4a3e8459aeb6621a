/* chat.h — the vocabulary shared by protocols, the transport driver and the
 * front ends: messages, a request, usage, and the events a reply is made of. */
#ifndef CLUDE_CHAT_H
#define CLUDE_CHAT_H

#include <stdbool.h>
#include <stddef.h>

enum role { ROLE_SYSTEM, ROLE_USER, ROLE_ASSISTANT };

struct message {
	enum role role;
	char *content;
	bool interrupted; /* an assistant reply cut short by the user or an error */
};

struct chat_request {
	const char *model;
	const struct message *messages;
	size_t n_messages;
	bool stream;
	int max_tokens;     /* 0: vendor default */
	double temperature; /* < 0: vendor default */
};

struct usage {
	long input_tokens;
	long output_tokens;
	long cached_tokens;    /* part of input served from the vendor's cache */
	long reasoning_tokens; /* part of output spent reasoning */
	bool present;          /* the vendor reported it */
	bool estimated;        /* we counted it ourselves */
};

enum chat_event_kind {
	CHAT_DELTA,  /* text: a piece of the reply */
	CHAT_USAGE,  /* usage */
	CHAT_FINISH, /* finish_reason: "stop", "length", "content_filter", … */
	CHAT_FLUSH,  /* the events of one network read are out: time to flush/draw */
};

struct chat_event {
	enum chat_event_kind kind;
	const char *text;
	size_t len;
	const struct usage *usage;
	const char *finish_reason;
};

/* Receives events as they are decoded. Return non-zero to stop the reply. */
typedef int (*chat_emit_fn)(void *ctx, const struct chat_event *ev);

const char *role_name(enum role r); /* "system", "user", "assistant" */

/* Estimated tokens of len bytes of UTF-8 text, modelled on the BPE
 * tokenizers' pre-tokenizer (words, 1-3 digit groups, punctuation runs,
 * whitespace runs) with per-script weights for other text; calibrated on
 * published cl100k_base/o200k_base counts (see chat.c for the method and
 * its measured error). Used when a vendor reports no usage and to fit a
 * conversation into the context window. About 600 MB/s. */
long estimate_tokens(const char *text, size_t len);

#endif
