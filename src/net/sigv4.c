/* sigv4.c — AWS Signature Version 4 over an http_request, after the AWS
 * General Reference "Create a signed AWS API request" (canonical request,
 * string to sign, derived key) and botocore's SigV4Auth: the canonical path
 * is the sent (already encoded) path encoded once more, query pairs are
 * re-encoded and sorted, header values trimmed with runs of spaces folded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clude/sha256.h"
#include "clude/sigv4.h"

struct url_parts {
	const char *scheme, *auth, *path, *query;
	size_t scheme_len, auth_len, path_len, query_len;
};

/* scheme://[user@]host[:port][/path][?query][#frag] */
static int split_url(const char *url, struct url_parts *u)
{
	memset(u, 0, sizeof *u);
	const char *sep = strstr(url, "://");
	if (!sep || sep == url)
		return -1;
	u->scheme = url;
	u->scheme_len = (size_t)(sep - url);
	const char *a = sep + 3;
	size_t alen = strcspn(a, "/?#");
	const char *at = memchr(a, '@', alen);
	if (at) { /* userinfo is never part of Host */
		alen -= (size_t)(at + 1 - a);
		a = at + 1;
	}
	if (!alen)
		return -1;
	u->auth = a;
	u->auth_len = alen;
	const char *p = a + alen;
	if (*p == '/') {
		u->path = p;
		u->path_len = strcspn(p, "?#");
		p += u->path_len;
	}
	if (*p == '?') {
		u->query = p + 1;
		u->query_len = strcspn(p + 1, "#");
	}
	return 0;
}

/* Host header value: the authority without a port that is the default. */
static void host_value(const struct url_parts *u, struct buf *out)
{
	size_t n = u->auth_len;
	const char *close = memchr(u->auth, ']', n); /* IPv6 literal */
	const char *from = close ? close : u->auth;
	const char *colon = memchr(from, ':', n - (size_t)(from - u->auth));
	if (colon) {
		const char *port = colon + 1;
		size_t plen = n - (size_t)(port - u->auth);
		bool https = u->scheme_len == 5 && !strncasecmp(u->scheme, "https", 5);
		if ((https && plen == 3 && !memcmp(port, "443", 3)) ||
		    (!https && plen == 2 && !memcmp(port, "80", 2)))
			n = (size_t)(colon - u->auth);
	}
	buf_append(out, u->auth, n);
}

void sigv4_uri_encode(struct buf *out, const char *s, size_t n, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || (c == '/' && keep_slash)) {
			buf_putc(out, (char)c);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		}
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A query component decoded (%XX) and encoded the AWS way. */
static void requote(struct buf *out, const char *s, size_t n)
{
	struct buf raw = { 0 };
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			buf_putc(&raw, (char)(hi << 4 | lo));
			i += 2;
		} else {
			buf_putc(&raw, s[i]);
		}
	}
	sigv4_uri_encode(out, raw.data ? raw.data : "", raw.len, false);
	buf_free(&raw);
}

struct pair {
	char *key;
	char *value;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : strcmp(x->value, y->value);
}

static void canonical_query(const struct url_parts *u, struct buf *out)
{
	struct pair *v = NULL;
	size_t n = 0;
	const char *q = u->query, *end = u->query ? u->query + u->query_len : NULL;
	while (q && q < end) {
		const char *amp = memchr(q, '&', (size_t)(end - q));
		const char *stop = amp ? amp : end;
		if (stop > q) {
			const char *eq = memchr(q, '=', (size_t)(stop - q));
			struct buf k = { 0 }, val = { 0 };
			requote(&k, q, (size_t)((eq ? eq : stop) - q));
			if (eq)
				requote(&val, eq + 1, (size_t)(stop - eq - 1));
			v = xrealloc(v, (n + 1) * sizeof *v);
			v[n++] = (struct pair){ buf_steal(&k), buf_steal(&val) };
		}
		q = stop + 1;
	}
	if (n)
		qsort(v, n, sizeof *v, cmp_pair);
	for (size_t i = 0; i < n; i++) {
		buf_printf(out, "%s%s=%s", i ? "&" : "", v[i].key, v[i].value);
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

/* "Name: value" -> lowercase name, value trimmed with space runs folded.
 * Returns -1 for a line curl would not send as a header with a value. */
static int split_header(const char *line, struct pair *out)
{
	const char *colon = strchr(line, ':');
	if (!colon || colon == line)
		return -1;
	const char *v = colon + 1, *e = v + strlen(v);
	while (*v == ' ' || *v == '\t')
		v++;
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e == v)
		return -1;
	out->key = xstrndup(line, (size_t)(colon - line));
	for (char *c = out->key; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	struct buf b = { 0 };
	for (const char *c = v; c < e; c++) {
		bool space = *c == ' ' || *c == '\t';
		if (space && b.len && b.data[b.len - 1] == ' ')
			continue;
		buf_putc(&b, space ? ' ' : *c);
	}
	out->value = buf_steal(&b);
	return 0;
}

static int cmp_key(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x < y ? -1 : x > y); /* same name: keep request order */
}

/* Drop headers this signer owns, so re-signing never doubles them. */
static void drop_signing_headers(struct http_request *req)
{
	static const char *const own[] = { "authorization", "x-amz-date", "x-amz-security-token",
					   "x-amz-content-sha256" };
	size_t kept = 0;
	for (size_t i = 0; i < req->n_headers; i++) {
		char *h = req->headers[i];
		size_t nl = strcspn(h, ":");
		bool drop = false;
		for (size_t j = 0; j < ARRAY_LEN(own); j++)
			if (nl == strlen(own[j]) && !strncasecmp(h, own[j], nl))
				drop = true;
		if (drop) {
			memset(h, 0, strlen(h));
			free(h);
		} else {
			req->headers[kept++] = h;
		}
	}
	req->n_headers = kept;
}

static bool has_header(const struct http_request *req, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < req->n_headers; i++)
		if (!strncasecmp(req->headers[i], name, n) && req->headers[i][n] == ':')
			return true;
	return false;
}

/* Canonical headers ("name:value\n" each) and the signed-header list. */
static void canonical_headers(const struct http_request *req, struct buf *canon, struct buf *names)
{
	struct pair *v = xcalloc(req->n_headers + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < req->n_headers; i++)
		if (split_header(req->headers[i], &v[n]) == 0)
			n++;
	qsort(v, n, sizeof *v, cmp_key);
	for (size_t i = 0; i < n; i++) {
		bool same = i && !strcmp(v[i].key, v[i - 1].key);
		if (same) {
			buf_printf(canon, ",%s", v[i].value);
		} else {
			buf_printf(canon, "%s%s:%s", i ? "\n" : "", v[i].key, v[i].value);
			buf_printf(names, "%s%s", names->len ? ";" : "", v[i].key);
		}
	}
	if (n)
		buf_putc(canon, '\n');
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

void sigv4_signing_key(const char *secret, const char *date, const char *region,
		       const char *service, uint8_t out[32])
{
	struct buf k = { 0 };
	buf_printf(&k, "AWS4%s", secret);
	uint8_t a[32], b[32];
	hmac_sha256(k.data, k.len, date, strlen(date), a);
	hmac_sha256(a, 32, region, strlen(region), b);
	hmac_sha256(b, 32, service, strlen(service), a);
	hmac_sha256(a, 32, "aws4_request", 12, out);
	memset(k.data, 0, k.len);
	buf_free(&k);
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
}

static bool filled(const char *s)
{
	return s && *s;
}

int sigv4_sign(struct http_request *req, const struct sigv4_params *p, struct sigv4_trace *trace,
	       struct clude_err *err)
{
	struct url_parts u;
	if (!req->url || !req->method || split_url(req->url, &u) != 0) {
		err_set(err, CLUDE_EUSAGE, "cannot sign a request to '%s'", req->url ? req->url : "");
		return -1;
	}
	if (!filled(p->access_key) || !filled(p->secret_key) || !filled(p->region) ||
	    !filled(p->service)) {
		err_set(err, CLUDE_ECONFIG, "AWS signing needs an access key, a secret key and a region");
		return -1;
	}
	char amz_date[32], date[16];
	struct tm tm;
	gmtime_r(&p->now, &tm);
	strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &tm);
	strftime(date, sizeof date, "%Y%m%d", &tm);
	uint8_t digest[32];
	char payload_hash[65];
	sha256(req->body ? req->body : "", req->body ? req->body_len : 0, digest);
	hex_encode(digest, 32, payload_hash);

	drop_signing_headers(req);
	if (!has_header(req, "host")) {
		struct buf h = { 0 };
		host_value(&u, &h);
		http_request_add_header(req, "Host: %s", h.data);
		buf_free(&h);
	}
	http_request_add_header(req, "X-Amz-Date: %s", amz_date);
	if (p->content_sha256)
		http_request_add_header(req, "X-Amz-Content-Sha256: %s", payload_hash);
	if (filled(p->session_token))
		http_request_add_header(req, "X-Amz-Security-Token: %s", p->session_token);

	struct buf cr = { 0 }, names = { 0 }, sts = { 0 };
	buf_printf(&cr, "%s\n", req->method);
	if (u.path_len)
		sigv4_uri_encode(&cr, u.path, u.path_len, true);
	else
		buf_putc(&cr, '/');
	buf_putc(&cr, '\n');
	canonical_query(&u, &cr);
	buf_putc(&cr, '\n');
	canonical_headers(req, &cr, &names);
	buf_printf(&cr, "\n%s\n%s", names.data, payload_hash);

	char scope[256], cr_hash[65];
	snprintf(scope, sizeof scope, "%s/%s/%s/aws4_request", date, p->region, p->service);
	sha256(cr.data, cr.len, digest);
	hex_encode(digest, 32, cr_hash);
	buf_printf(&sts, "AWS4-HMAC-SHA256\n%s\n%s\n%s", amz_date, scope, cr_hash);

	uint8_t key[32], sig[32];
	char sig_hex[65];
	sigv4_signing_key(p->secret_key, date, p->region, p->service, key);
	hmac_sha256(key, 32, sts.data, sts.len, sig);
	hex_encode(sig, 32, sig_hex);
	memset(key, 0, sizeof key);
	http_request_add_header(req,
				"Authorization: AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
				p->access_key, scope, names.data, sig_hex);
	if (trace) {
		trace->canonical_request = buf_steal(&cr);
		trace->string_to_sign = buf_steal(&sts);
		memcpy(trace->signature, sig_hex, sizeof sig_hex);
	}
	buf_free(&cr);
	buf_free(&sts);
	buf_free(&names);
	return 0;
}

void sigv4_trace_free(struct sigv4_trace *t)
{
	free(t->canonical_request);
	free(t->string_to_sign);
	t->canonical_request = t->string_to_sign = NULL;
}
