/* providers/openai_compat.c — template for a custom OpenAI-compatible
 * endpoint declared in the config (providers.NAME with type: openai_compat):
 * the config supplies base_url, key and models; these are only the
 * defaults. No model table and no prices (none known for an arbitrary
 * endpoint). */
#include "clude/vendor.h"

const struct vendor vendor_openai_compat = {
	.name = "openai_compat",
	.display = "OpenAI-compatible endpoint",
	.type = VENDOR_CUSTOM,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1:8000/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = NULL,
	.key_optional = 1,
	.default_model = NULL,
	.models = NULL,
	.n_models = 0,
};
