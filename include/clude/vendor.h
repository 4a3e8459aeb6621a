/* vendor.h — what a vendor declaration in providers/ looks like. A vendor
 * is data: where it lives, how it authenticates, which wire protocol it
 * speaks and what its models cost. Code lives in src/proto/. */
#ifndef CLUDE_VENDOR_H
#define CLUDE_VENDOR_H

#include <stddef.h>

enum vendor_type { VENDOR_CLOUD, VENDOR_LOCAL, VENDOR_AGGREGATOR, VENDOR_CUSTOM };
enum vendor_region { REGION_INTL, REGION_CHINA, REGION_ANY };
enum auth_style {
	AUTH_NONE,   /* no credentials */
	AUTH_BEARER, /* Authorization: Bearer KEY */
	AUTH_HEADER, /* <auth_header>: KEY (api-key, x-api-key, x-goog-api-key …) */
};

/* Capability flags of a model. */
#define CAP_VISION 0x1u    /* image input */
#define CAP_TOOLS 0x2u     /* function calling */
#define CAP_STREAM 0x4u    /* streaming responses */
#define CAP_REASONING 0x8u /* emits reasoning tokens */

#define PRICE_UNKNOWN (-1.0)

struct model_info {
	const char *id;        /* the id sent on the wire */
	const char *name;      /* human name */
	int context_window;    /* tokens; 0 = unknown */
	int max_output;        /* tokens; 0 = unknown */
	unsigned caps;         /* CAP_* */
	double price_in;       /* USD per 1M input tokens, PRICE_UNKNOWN if not known */
	double price_out;      /* USD per 1M output tokens */
};

struct vendor {
	const char *name;          /* config and command-line name: "deepseek" */
	const char *display;       /* "DeepSeek" */
	enum vendor_type type;
	enum vendor_region region;
	const char *base_url;      /* default API root, e.g. https://api.deepseek.com/v1 */
	enum auth_style auth;
	const char *auth_header;   /* header name for AUTH_HEADER */
	const char *protocol;      /* "openai", "echo", … (src/proto/) */
	const char *key_env;       /* usual environment variable of the key, NULL if none */
	int key_optional;          /* local servers: works without a key */
	int needs_base_url;        /* base_url is a template (YOUR-RESOURCE …): the
				    * config must give the user's own */
	const char *default_model;
	const struct model_info *models;
	size_t n_models;
};

#define MODELS(arr) .models = (arr), .n_models = sizeof(arr) / sizeof((arr)[0])

#endif
