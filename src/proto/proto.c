/* proto.c — the protocol table and the helpers every protocol shares:
 * authentication headers from the vendor's declaration, HTTP status lines,
 * joining a base URL and a path. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clude/proto.h"
#include "clude/provider.h"
#include "clude/util.h"

extern const struct proto_ops proto_openai;
extern const struct proto_ops proto_echo;
extern const struct proto_ops proto_azure;
extern const struct proto_ops proto_anthropic;
extern const struct proto_ops proto_ollama;
extern const struct proto_ops proto_cohere;
extern const struct proto_ops proto_gemini;
extern const struct proto_ops proto_bedrock;

static const struct proto_ops *const protocols[] = { &proto_openai, &proto_echo, &proto_azure, &proto_anthropic, &proto_ollama, &proto_cohere, &proto_gemini, &proto_bedrock };

const struct proto_ops *proto_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(protocols); i++)
		if (!strcmp(protocols[i]->name, name))
			return protocols[i];
	return NULL;
}

void proto_add_auth(const struct target *t, struct http_request *out)
{
	const struct vendor *v = t->provider->decl;
	if (!t->api_key || !*t->api_key)
		return;
	switch (v->auth) {
	case AUTH_NONE:
		break;
	case AUTH_BEARER:
		http_request_add_header(out, "Authorization: Bearer %s", t->api_key);
		break;
	case AUTH_HEADER:
		http_request_add_header(out, "%s: %s", v->auth_header ? v->auth_header : "api-key",
					t->api_key);
		break;
	}
}

static const char *status_text(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 402: return "Payment Required";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 408: return "Request Timeout";
	case 413: return "Payload Too Large";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 529: return "Overloaded";
	default: return status >= 500 ? "Server Error" : "Error";
	}
}

void proto_http_error(struct clude_err *err, int status, const char *detail)
{
	int retry = err->retry_after;
	const char *hint = "";
	if (status == 401 || status == 403)
		hint = " — check the API key";
	if (detail && *detail)
		err_set(err, CLUDE_EHTTP, "HTTP %d %s: %.380s%s", status, status_text(status), detail,
			hint);
	else
		err_set(err, CLUDE_EHTTP, "HTTP %d %s%s", status, status_text(status), hint);
	if (status == 429 && retry >= 0) {
		size_t n = strlen(err->msg);
		snprintf(err->msg + n, sizeof err->msg - n, " (retry after %ds)", retry);
	}
	err->http_status = status;
	err->retry_after = retry;
}

char *proto_join_url(const char *base, const char *path)
{
	size_t n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	struct buf b = { 0 };
	buf_append(&b, base, n);
	buf_puts(&b, path);
	return buf_steal(&b);
}

void model_list_free(struct model_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i].id);
		free(l->items[i].owned_by);
	}
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* The message of an error body in its common shapes: {"error": "text"},
 * {"error": {"message"|"detail", "code"|"type"}}, or those fields at the top
 * level (OpenAI, Cohere, Ollama, Anthropic, vLLM, most proxies). */
void proto_error_detail(const cJSON *root, struct buf *out)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (cJSON_IsString(e)) {
		buf_puts(out, e->valuestring);
		return;
	}
	const cJSON *src = cJSON_IsObject(e) ? e : root;
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(src, "message");
	if (!cJSON_IsString(msg))
		msg = cJSON_GetObjectItemCaseSensitive(src, "detail");
	if (cJSON_IsString(msg))
		buf_puts(out, msg->valuestring);
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(src, "code");
	if (!cJSON_IsString(code))
		code = cJSON_GetObjectItemCaseSensitive(src, "type");
	if (cJSON_IsString(code) && code->valuestring[0])
		buf_printf(out, out->len ? " (%s)" : "%s", code->valuestring);
}

void proto_error_body(int status, const char *body, size_t len, proto_detail_fn detail,
		      struct clude_err *err)
{
	struct buf d = { 0 };
	cJSON *root = cJSON_ParseWithLength(body, len);
	if (cJSON_IsObject(root) || cJSON_IsArray(root))
		detail(root, &d);
	else if (len) /* not JSON: a proxy's HTML or plain text; keep the start */
		buf_append(&d, body, len < 200 ? len : 200);
	cJSON_Delete(root);
	proto_http_error(err, status, d.data);
	buf_free(&d);
}

void *proto_sse_new(size_t size, sse_event_fn on_event, chat_emit_fn emit, void *ctx)
{
	struct sse_stream *b = xcalloc(1, size);
	b->emit = emit;
	b->ctx = ctx;
	sse_init(&b->sse, on_event, b);
	return b;
}

int proto_sse_feed(struct sse_stream *b, const char *data, size_t len, struct clude_err *err)
{
	b->err = err;
	return sse_feed(&b->sse, data, len) ? -1 : 0;
}

void proto_malformed(struct clude_err *err, const char *what, const char *data, size_t len)
{
	int n = (int)(len < 60 ? len : 60);
	err_set(err, CLUDE_EPROTO, "malformed %s: %.*s%s", what, n, data, len > 60 ? "…" : "");
}

char *proto_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = { 0 };
	buf_puts(&b, "");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_putc(&b, (char)*p);
		} else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*p >> 4]);
			buf_putc(&b, hex[*p & 15]);
		}
	}
	return buf_steal(&b);
}
