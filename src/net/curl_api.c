/* curl_api.c — finds libcurl at run time (see curl_api.h). The table is
 * filled once and never changes after: the only process-wide state here. */
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>

#include "curl_api.h"

static struct curl_api api;
static bool loaded;

#define SYM(field, name)                                      \
	do {                                                  \
		*(void **)(&api.field) = dlsym(lib, name);    \
		if (!api.field) {                             \
			missing = name;                       \
			goto fail;                            \
		}                                             \
	} while (0)

const struct curl_api *curl_api(struct clude_err *err)
{
	if (loaded)
		return &api;
	/* the soname of Debian's libcurl4 (OpenSSL) and libcurl3-gnutls */
	static const char *const names[] = { "libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so" };
	void *lib = NULL;
	for (size_t i = 0; !lib && i < sizeof names / sizeof names[0]; i++)
		lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		err_set(err, CLUDE_ENET, "cannot load libcurl (%s); install the libcurl4 package",
			dlerror());
		return NULL;
	}
	const char *missing = NULL;
	SYM(global_init, "curl_global_init");
	SYM(global_cleanup, "curl_global_cleanup");
	SYM(easy_init, "curl_easy_init");
	SYM(easy_setopt, "curl_easy_setopt");
	SYM(easy_getinfo, "curl_easy_getinfo");
	SYM(easy_cleanup, "curl_easy_cleanup");
	SYM(easy_strerror, "curl_easy_strerror");
	SYM(multi_init, "curl_multi_init");
	SYM(multi_add_handle, "curl_multi_add_handle");
	SYM(multi_remove_handle, "curl_multi_remove_handle");
	SYM(multi_perform, "curl_multi_perform");
	SYM(multi_poll, "curl_multi_poll");
	SYM(multi_info_read, "curl_multi_info_read");
	SYM(multi_cleanup, "curl_multi_cleanup");
	SYM(slist_append, "curl_slist_append");
	SYM(slist_free_all, "curl_slist_free_all");
	if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		err_set(err, CLUDE_ENET, "libcurl failed to initialise");
		return NULL;
	}
	loaded = true;
	return &api;
fail:
	err_set(err, CLUDE_ENET, "libcurl is too old: it has no %s (7.66 or newer is needed)",
		missing);
	dlclose(lib);
	return NULL;
}

void curl_api_cleanup(void)
{
	if (loaded)
		api.global_cleanup();
	/* the library stays mapped: libcurl and its TLS library do not like
	 * being unloaded, and the process is about to exit */
}
