/* http.c — the one place clude talks libcurl: a single request, streamed
 * to a callback, cancellable from a signal handler, with connect and idle
 * timeouts. Uses the multi interface so a caller (the REPL) can keep
 * serving its terminal while bytes arrive. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clude/http.h"
#include "clude/util.h"
#include "clude/version.h"
#include "curl_api.h"

void http_global_init(void)
{
	struct clude_err err;
	curl_api(&err); /* errors surface again at the first request */
}

void http_global_cleanup(void)
{
	curl_api_cleanup();
}

void http_request_add_header(struct http_request *r, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	r->headers = xrealloc(r->headers, (r->n_headers + 1) * sizeof *r->headers);
	r->headers[r->n_headers++] = buf_steal(&b);
}

void http_request_free(struct http_request *r)
{
	free(r->method);
	free(r->url);
	for (size_t i = 0; i < r->n_headers; i++) {
		/* headers may hold keys: wipe before freeing */
		memset(r->headers[i], 0, strlen(r->headers[i]));
		free(r->headers[i]);
	}
	free(r->headers);
	free(r->body);
	memset(r, 0, sizeof *r);
}

static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

int http_parse_retry_after(const char *v, long now_epoch)
{
	while (*v == ' ')
		v++;
	if (*v >= '0' && *v <= '9') {
		char *end;
		long s = strtol(v, &end, 10);
		while (*end == ' ' || *end == '\r' || *end == '\n')
			end++;
		return *end || s < 0 ? -1 : (int)(s > 86400 ? 86400 : s);
	}
	/* IMF-fixdate: "Wed, 21 Oct 2015 07:28:00 GMT" */
	char mon[4] = "";
	struct tm tm = { 0 };
	if (sscanf(v, "%*3s, %d %3s %d %d:%d:%d GMT", &tm.tm_mday, mon, &tm.tm_year, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_mon = -1;
	for (int i = 0; i < 12; i++)
		if (!strcmp(mon, month_names[i]))
			tm.tm_mon = i;
	if (tm.tm_mon < 0)
		return -1;
	tm.tm_year -= 1900;
	long when = (long)timegm(&tm);
	long d = when - now_epoch;
	return d < 0 ? 0 : (int)(d > 86400 ? 86400 : d);
}

struct xfer {
	const struct curl_api *C;
	CURL *easy;
	http_data_fn on_data;
	void *ctx;
	struct http_response *resp;
	int aborted_by_callback;
	size_t body_bytes;
};

static size_t on_header(char *data, size_t size, size_t n, void *userp)
{
	struct xfer *x = userp;
	size_t len = size * n;
	char line[512];
	snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), data);
	line[strcspn(line, "\r\n")] = '\0';
	if (!strncmp(line, "HTTP/", 5)) { /* a new response (after 100 Continue, redirects) */
		x->resp->retry_after = -1;
		x->resp->content_type[0] = '\0';
	} else if (!strncasecmp(line, "retry-after:", 12)) {
		x->resp->retry_after = http_parse_retry_after(line + 12, (long)time(NULL));
	} else if (!strncasecmp(line, "content-type:", 13)) {
		const char *v = line + 13;
		while (*v == ' ')
			v++;
		snprintf(x->resp->content_type, sizeof x->resp->content_type, "%.127s", v);
	}
	return len;
}

static size_t on_write(char *data, size_t size, size_t n, void *userp)
{
	struct xfer *x = userp;
	size_t len = size * n;
	if (!x->resp->status) {
		long code = 0;
		x->C->easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
		x->resp->status = (int)code;
	}
	x->body_bytes += len;
	if (x->on_data && x->on_data(x->ctx, x->resp->status, data, len) != 0) {
		x->aborted_by_callback = 1;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	return len;
}

static void host_of(const char *url, char *out, size_t outsz)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	snprintf(out, outsz, "%.*s", (int)strcspn(p, "/?#"), p);
}

static void map_curl_error(CURLcode rc, const struct http_request *req, const char *detail,
			   const struct http_opts *o, const struct xfer *x, struct clude_err *err)
{
	char host[256];
	host_of(req->url, host, sizeof host);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		err_set(err, CLUDE_ENET, "cannot connect to %s (%s)", host,
			strstr(detail, "refused") || strstr(detail, "Couldn't connect")
				? "connection refused"
				: detail);
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		err_set(err, CLUDE_ENET, "cannot connect to %s (host not found)", host);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		if (x->resp->status == 0 && strstr(detail, "onnect"))
			err_set(err, CLUDE_ETIMEOUT, "timed out connecting to %s", host);
		else
			err_set(err, CLUDE_ETIMEOUT, "timed out: no data from %s for %ld s", host,
				(o->idle_timeout_ms ? o->idle_timeout_ms : 120000) / 1000);
		break;
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		if (x->body_bytes || x->resp->status)
			err_set(err, CLUDE_EPROTO, "connection to %s closed before the response was complete",
				host);
		else
			err_set(err, CLUDE_ENET, "%s closed the connection without answering", host);
		break;
	default:
		err_set(err, CLUDE_ENET, "%s: %s", host, detail[0] ? detail : x->C->easy_strerror(rc));
	}
}

static int cancelled(const struct http_opts *o)
{
	return o->cancel && *o->cancel;
}

int http_perform(const struct http_request *req, const struct http_opts *opts,
		 http_data_fn on_data, void *ctx, struct http_response *resp, struct clude_err *err)
{
	struct http_opts defaults = { 0 };
	const struct http_opts *o = opts ? opts : &defaults;
	memset(resp, 0, sizeof *resp);
	resp->retry_after = -1;
	if (cancelled(o)) {
		err_set(err, CLUDE_ECANCEL, "interrupted");
		return -1;
	}

	const struct curl_api *C = curl_api(err);
	if (!C)
		return -1;
	struct xfer x = { .C = C, .on_data = on_data, .ctx = ctx, .resp = resp };
	char curl_err[CURL_ERROR_SIZE] = "";
	CURL *e = C->easy_init();
	CURLM *m = C->multi_init();
	struct curl_slist *hdrs = NULL;
	if (!e || !m) {
		err_set(err, CLUDE_ENET, "cannot start an HTTP transfer");
		C->easy_cleanup(e);
		C->multi_cleanup(m);
		return -1;
	}
	x.easy = e;
	for (size_t i = 0; i < req->n_headers; i++)
		hdrs = C->slist_append(hdrs, req->headers[i]);
	hdrs = C->slist_append(hdrs, "Expect:"); /* no 100-continue round trip */
	C->easy_setopt(e, CURLOPT_URL, req->url);
	C->easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
	C->easy_setopt(e, CURLOPT_USERAGENT, "clude/" CLUDE_VERSION);
	C->easy_setopt(e, CURLOPT_ERRORBUFFER, curl_err);
	C->easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	C->easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
	C->easy_setopt(e, CURLOPT_WRITEDATA, &x);
	C->easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	C->easy_setopt(e, CURLOPT_HEADERDATA, &x);
	C->easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); /* gzip/br/zstd as built */
	C->easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
	C->easy_setopt(e, CURLOPT_BUFFERSIZE, 65536L); /* fewer reads on long streams */
	C->easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			 o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 10000L);
	long idle_s = (o->idle_timeout_ms > 0 ? o->idle_timeout_ms : 120000L) / 1000;
	C->easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
	C->easy_setopt(e, CURLOPT_LOW_SPEED_TIME, idle_s < 1 ? 1L : idle_s);
	if (o->total_timeout_ms > 0)
		C->easy_setopt(e, CURLOPT_TIMEOUT_MS, o->total_timeout_ms);
	if (req->body) {
		C->easy_setopt(e, CURLOPT_POSTFIELDS, req->body);
		C->easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	}
	if (req->method && strcmp(req->method, req->body ? "POST" : "GET") != 0)
		C->easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method);
	/* proxies: libcurl reads http_proxy, https_proxy, all_proxy, no_proxy itself */

	C->multi_add_handle(m, e);
	int running = 1, rc = 0;
	CURLcode result = CURLE_OK;
	while (running) {
		if (C->multi_perform(m, &running) != CURLM_OK)
			break;
		if (!running)
			break;
		if (cancelled(o)) {
			err_set(err, CLUDE_ECANCEL, "interrupted");
			rc = -1;
			break;
		}
		struct curl_waitfd wfd = { .fd = o->watch_fd, .events = CURL_WAIT_POLLIN };
		int nfd = 0;
		/* short waits so a signal's cancel flag is seen promptly */
		C->multi_poll(m, o->on_fd ? &wfd : NULL, o->on_fd ? 1 : 0, 100, &nfd);
		if (o->on_fd && (wfd.revents & CURL_WAIT_POLLIN))
			o->on_fd(o->fd_ctx);
		if (o->on_idle)
			o->on_idle(o->fd_ctx);
	}
	if (rc == 0) {
		int left;
		CURLMsg *msg;
		while ((msg = C->multi_info_read(m, &left)))
			if (msg->msg == CURLMSG_DONE)
				result = msg->data.result;
		if (!resp->status) {
			long code = 0;
			C->easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
			resp->status = (int)code;
		}
		if (x.aborted_by_callback) {
			if (!err->code)
				err_set(err, CLUDE_ECANCEL, "interrupted");
			rc = -1;
		} else if (result != CURLE_OK) {
			map_curl_error(result, req, curl_err, o, &x, err);
			rc = -1;
		}
	}
	C->multi_remove_handle(m, e);
	C->easy_cleanup(e);
	C->multi_cleanup(m);
	C->slist_free_all(hdrs);
	return rc;
}
