/* providers/echo.c — the built-in offline vendor: answers by echoing the
 * prompt, in-process, so clude works (and can be tried) with no network and
 * no key. Chosen only when nothing else is configured or running. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "echo", "Echo (repeats your message)", 1000000, 1000000, CAP_STREAM, 0.0, 0.0 },
};

const struct vendor vendor_echo = {
	.name = "echo",
	.display = "Echo (offline)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "builtin:",
	.auth = AUTH_NONE,
	.protocol = "echo",
	.key_env = NULL,
	.key_optional = 1,
	.default_model = "echo",
	MODELS(models),
};
