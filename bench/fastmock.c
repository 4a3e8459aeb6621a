/* fastmock.c — a minimal, fast stand-in for tests/mock/openai_mock.py, for
 * the benchmark only: it serves POST /v1/chat/completions on 127.0.0.1 and
 * answers "mock-tokens-N" with the same SSE bytes the Python mock sends
 * (N one-word deltas "w1", " w2" … " wN", a finish chunk, a usage chunk
 * when stream_options.include_usage is true, then "data: [DONE]"), but
 * pre-built in memory and written with a few large write()s, framed by
 * Content-Length and Connection: close, so the client, not the server,
 * is what limits the stream.
 *
 *   fastmock PORT-FILE      listens on an ephemeral port, writes it to
 *                           PORT-FILE (atomically), serves until killed
 *
 * One connection at a time (the benchmark runs one client at a time);
 * every socket has a 10 s send/receive timeout so a stuck client cannot
 * wedge it. Any other model id streams "Hello from mock"; a request that
 * is not a POST to /v1/chat/completions gets a 404. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

struct buf {
	char *p;
	size_t len, cap;
};

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void grow(struct buf *b, size_t need)
{
	if (b->len + need + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->len + need + 1)
		cap *= 2;
	b->p = realloc(b->p, cap);
	if (!b->p)
		die("realloc");
	b->cap = cap;
}

static void put(struct buf *b, const char *s, size_t n)
{
	grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void putf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* A JSON string's value after `"key":` (the first occurrence), raw (escapes
 * kept); NULL when absent. Good enough for the bodies clude and curl send. */
static char *json_str(const char *body, const char *key, size_t *len)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\":", key);
	const char *p = strstr(body, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	if (*p != '"')
		return NULL;
	const char *s = ++p;
	while (*p && *p != '"')
		p += (*p == '\\' && p[1]) ? 2 : 1;
	*len = (size_t)(p - s);
	return (char *)s;
}

/* Characters (not bytes) in a raw JSON string value, escapes decoded. */
static size_t json_chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\\') {
			i += s[i + 1] == 'u' ? 5 : 1;
			c++;
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	return c;
}

/* prompt_tokens as the Python mock counts them: (chars + 4 per message) / 4 */
static long prompt_tokens(const char *body)
{
	long total = 0;
	const char *p = strstr(body, "\"messages\"");
	while (p && (p = strstr(p, "\"content\":"))) {
		size_t n;
		char *s = json_str(p, "content", &n);
		if (!s)
			break;
		total += (long)json_chars(s, n) + 4;
		p = s + n;
	}
	return total / 4 > 1 ? total / 4 : 1;
}

static int has_true(const char *body, const char *key)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\":", key);
	const char *p = strstr(body, pat);
	if (!p)
		return 0;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	return !strncmp(p, "true", 4);
}

static void chunk(struct buf *b, const char *model, const char *choices, int usage_field,
		  const char *usage)
{
	putf(b, "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\","
		"\"created\":1700000000,\"model\":\"%s\",\"system_fingerprint\":\"fp_mock\","
		"\"choices\":%s%s%s}\n\n",
	     model, choices, usage_field ? ",\"usage\":" : "", usage_field ? usage : "");
}

/* The whole HTTP response for one request body. */
static void build(struct buf *out, const char *body)
{
	struct buf sse = { 0 };
	size_t mlen = 0;
	char *m = json_str(body, "model", &mlen);
	char model[256];
	snprintf(model, sizeof model, "%.*s", (int)(m ? (mlen < 255 ? mlen : 255) : 0), m ? m : "");
	int stream = has_true(body, "stream");
	int usage = stream && has_true(body, "include_usage");
	long n = -1;
	if (!strncmp(model, "mock-tokens-", 12) && isdigit((unsigned char)model[12]))
		n = strtol(model + 12, NULL, 10);
	long pt = prompt_tokens(body), ct = n >= 0 ? n : 3;
	char ubody[160];
	snprintf(ubody, sizeof ubody, "{\"prompt_tokens\":%ld,\"completion_tokens\":%ld,\"total_tokens\":%ld}",
		 pt, ct, pt + ct);

	if (!stream) {
		struct buf text = { 0 };
		if (n >= 0)
			for (long i = 1; i <= n; i++)
				putf(&text, i == 1 ? "w%ld" : " w%ld", i);
		else
			put(&text, "Hello from mock", 15);
		putf(&sse, "{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion\",\"created\":1700000000,"
			   "\"model\":\"%s\",\"system_fingerprint\":\"fp_mock\",\"choices\":[{\"index\":0,"
			   "\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},\"logprobs\":null,"
			   "\"finish_reason\":\"stop\"}],\"usage\":%s}",
		     model, text.p ? text.p : "", ubody);
		free(text.p);
	} else {
		chunk(&sse, model, "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
				   "\"logprobs\":null,\"finish_reason\":null}]", usage, "null");
		char choices[128];
		if (n >= 0) {
			for (long i = 1; i <= n; i++) {
				snprintf(choices, sizeof choices,
					 "[{\"index\":0,\"delta\":{\"content\":\"%sw%ld\"},\"logprobs\":null,"
					 "\"finish_reason\":null}]", i == 1 ? "" : " ", i);
				chunk(&sse, model, choices, usage, "null");
			}
		} else {
			static const char *const words[] = { "Hello ", "from ", "mock" };
			for (int i = 0; i < 3; i++) {
				snprintf(choices, sizeof choices,
					 "[{\"index\":0,\"delta\":{\"content\":\"%s\"},\"logprobs\":null,"
					 "\"finish_reason\":null}]", words[i]);
				chunk(&sse, model, choices, usage, "null");
			}
		}
		chunk(&sse, model, "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]",
		      usage, "null");
		if (usage)
			chunk(&sse, model, "[]", 1, ubody);
		put(&sse, "data: [DONE]\n\n", 14);
	}
	putf(out, "HTTP/1.1 200 OK\r\nServer: fastmock/1.0\r\nContent-Type: %s\r\n"
		  "Cache-Control: no-cache\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n",
	     stream ? "text/event-stream; charset=utf-8" : "application/json", sse.len);
	put(out, sse.p, sse.len);
	free(sse.p);
}

/* A small cache: the benchmark sends the same few bodies again and again. */
#define NCACHE 8
static struct {
	char *body;
	struct buf resp;
} cache[NCACHE];
static unsigned cache_next;

static const struct buf *response_for(const char *body)
{
	for (int i = 0; i < NCACHE; i++)
		if (cache[i].body && !strcmp(cache[i].body, body))
			return &cache[i].resp;
	unsigned i = cache_next++ % NCACHE;
	free(cache[i].body);
	free(cache[i].resp.p);
	memset(&cache[i], 0, sizeof cache[i]);
	cache[i].body = strdup(body);
	build(&cache[i].resp, body);
	return &cache[i].resp;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void serve(int c)
{
	struct buf req = { 0 };
	char tmp[65536];
	size_t hdr_end = 0, want = 0;
	for (;;) {
		ssize_t r = read(c, tmp, sizeof tmp);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto out;
		put(&req, tmp, (size_t)r);
		if (!hdr_end) {
			char *e = strstr(req.p, "\r\n\r\n");
			if (!e)
				continue;
			hdr_end = (size_t)(e - req.p) + 4;
			for (char *l = strstr(req.p, "\r\n"); l && l < e; l = strstr(l + 2, "\r\n"))
				if (!strncasecmp(l + 2, "content-length:", 15))
					want = strtoul(l + 17, NULL, 10);
		}
		if (req.len >= hdr_end + want)
			break;
	}
	if (strncmp(req.p, "POST /v1/chat/completions ", 26) != 0) {
		static const char nf[] = "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
					 "Content-Length: 36\r\nConnection: close\r\n\r\n"
					 "{\"error\":{\"message\":\"not found\"}}\n\n\n";
		write_all(c, nf, sizeof nf - 1);
	} else {
		const struct buf *resp = response_for(req.p + hdr_end);
		write_all(c, resp->p, resp->len);
	}
	/* close gracefully: the client reads to EOF, then closes its end */
	shutdown(c, SHUT_WR);
	while (read(c, tmp, sizeof tmp) > 0)
		;
out:
	free(req.p);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fastmock PORT-FILE\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		die("socket");
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (bind(s, (struct sockaddr *)&a, sizeof a) != 0)
		die("bind");
	if (listen(s, 64) != 0)
		die("listen");
	socklen_t al = sizeof a;
	getsockname(s, (struct sockaddr *)&a, &al);

	char tmpname[4096];
	snprintf(tmpname, sizeof tmpname, "%s.tmp", argv[1]);
	FILE *f = fopen(tmpname, "w");
	if (!f || fprintf(f, "%d\n", ntohs(a.sin_port)) < 0 || fclose(f) != 0 ||
	    rename(tmpname, argv[1]) != 0)
		die(argv[1]);

	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		struct timeval tv = { .tv_sec = 10 };
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		serve(c);
		close(c);
	}
}
