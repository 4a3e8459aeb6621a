/* curl_api.h — libcurl, loaded with dlopen the first time a command needs
 * the network, so commands that never do (providers list, help, the REPL
 * before its first message) start without mapping libcurl and the ~30
 * libraries it pulls in. Private to src/net/. */
#ifndef CLUDE_CURL_API_H
#define CLUDE_CURL_API_H

#define CURL_DISABLE_TYPECHECK 1 /* the calls go through pointers */
#include <curl/curl.h>

#include "clude/err.h"

struct curl_api {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *h, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *h);
	const char *(*easy_strerror)(CURLcode c);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_add_handle)(CURLM *m, CURL *h);
	CURLMcode (*multi_remove_handle)(CURLM *m, CURL *h);
	CURLMcode (*multi_perform)(CURLM *m, int *running);
	CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd *extra, unsigned n, int timeout_ms,
				int *numfds);
	CURLMsg *(*multi_info_read)(CURLM *m, int *left);
	CURLMcode (*multi_cleanup)(CURLM *m);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
};

/* The loaded API (loaded and curl_global_init'ed on the first call), or
 * NULL with err set when libcurl cannot be loaded. */
const struct curl_api *curl_api(struct clude_err *err);
/* curl_global_cleanup, if libcurl was ever loaded. */
void curl_api_cleanup(void);

#endif
