/* client.h — sends one chat request to a target and drives the reply to
 * the caller's emit function: protocol + HTTP + timing + usage + cost.
 * The only place the transport and the protocols meet. */
#ifndef CLUDE_CLIENT_H
#define CLUDE_CLIENT_H

#include "clude/chat.h"
#include "clude/http.h"
#include "clude/proto.h"

struct chat_result {
	char *text;          /* the reply so far (complete or partial), owned */
	char *finish_reason; /* owned, NULL when none was reported */
	struct usage usage;  /* vendor's numbers, or estimated */
	double latency_ms;   /* request start to last byte */
	double ttft_ms;      /* request start to first text; < 0 when none */
	int http_status;
};

/* Send req to t. emit (may be NULL) sees every event as it is decoded.
 * Returns 0 on success; -1 with err otherwise, result still holding any
 * partial text. Usage is estimated when the vendor reported none. */
int client_chat(const struct target *t, const struct chat_request *req,
		const struct http_opts *opts, chat_emit_fn emit, void *ctx,
		struct chat_result *result, struct clude_err *err);
void chat_result_free(struct chat_result *r);

/* Fetch the vendor's live model list. */
int client_list_models(const struct target *t, const struct http_opts *opts,
		       struct model_list *out, struct clude_err *err);

/* Cost in USD of usage at the model's prices; < 0 when the price is unknown. */
double cost_usd(const struct usage *u, double price_in, double price_out);

#endif
