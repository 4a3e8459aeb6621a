/* misc.c — secret masking, edit distance, clude's home directory, files
 * written atomically with a chosen mode, and the monotonic clock. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clude/util.h"

void mask_key(const char *key, char *out, size_t outsz)
{
	if (!outsz)
		return;
	out[0] = '\0';
	if (!key || !*key)
		return;
	size_t n = strlen(key);
	if (n <= 8) {
		snprintf(out, outsz, "…");
		return;
	}
	/* keep a vendor prefix such as "sk-" (at most 3 letters and a dash) */
	size_t pre = 0;
	const char *dash = strchr(key, '-');
	if (dash && dash - key <= 3)
		pre = (size_t)(dash - key) + 1;
	snprintf(out, outsz, "%.*s…%s", (int)pre, key, key + n - 4);
}

char *scrub_secret(char *text, const char *secret)
{
	if (!text || !secret || strlen(secret) < 4)
		return text;
	char masked[64];
	mask_key(secret, masked, sizeof masked);
	size_t sl = strlen(secret);
	struct buf out = { 0 };
	const char *p = text, *hit;
	int found = 0;
	while ((hit = strstr(p, secret))) {
		buf_append(&out, p, (size_t)(hit - p));
		buf_puts(&out, masked);
		p = hit + sl;
		found = 1;
	}
	if (!found)
		return text;
	buf_puts(&out, p);
	free(text);
	return buf_steal(&out);
}

size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof *row);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
			size_t best = diag + (same ? 0 : 1);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

const char *clude_home(char *out, size_t outsz)
{
	const char *h = getenv("CLUDE_HOME");
	if (h && *h) {
		snprintf(out, outsz, "%s", h);
		return out;
	}
	h = getenv("HOME");
	snprintf(out, outsz, "%s/.clude", h && *h ? h : ".");
	return out;
}

int mkdir_p(const char *path, unsigned mode)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, mode) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, mode) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

int write_file_atomic(const char *path, const char *data, size_t len, unsigned mode)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	fchmod(fd, mode);
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			unlink(tmp);
			errno = e;
			return -1;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

char *read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = { 0 };
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		buf_free(&b);
		errno = EIO;
		return NULL;
	}
	if (len_out)
		*len_out = b.len;
	return buf_steal(&b);
}

double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}
