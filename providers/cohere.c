/* providers/cohere.c — Cohere (Canada), the Command models over its own v2
 * Chat API (src/proto/cohere.c). Key: CO_API_KEY, the variable the official
 * SDKs read (cohere-python also accepts COHERE_API_KEY, undocumented).
 * Models, context and max output: docs.cohere.com/v2/docs/models as quoted by
 * hivebook.wiki (May 2026) and the Command A Reasoning page. Prices (USD per
 * 1M tokens): cohere.com/pricing as quoted by developer.puter.com (June 2026)
 * and flexprice.io (captured 2026-11-11) for Command R / R7B; lava.so and
 * glama.ai gateway lists for Command A / R+ 08-2024 (existing-customer
 * rates). Command A+ and Command A Reasoning have no published per-token API
 * price (trial/rate-limited, or Model Vault), so unknown. Checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "command-a-plus-05-2026", "Command A+", 128000, 64000,
	  CAP_VISION | CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "command-a-03-2025", "Command A", 256000, 8000, CAP_TOOLS | CAP_STREAM, 2.50, 10.00 },
	{ "command-a-reasoning-08-2025", "Command A Reasoning", 256000, 32000,
	  CAP_TOOLS | CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "command-r-plus-08-2024", "Command R+ (08-2024)", 128000, 4000, CAP_TOOLS | CAP_STREAM,
	  2.50, 10.00 },
	{ "command-r-08-2024", "Command R (08-2024)", 128000, 4000, CAP_TOOLS | CAP_STREAM, 0.15,
	  0.60 },
	{ "command-r7b-12-2024", "Command R7B", 128000, 4000, CAP_TOOLS | CAP_STREAM, 0.0375, 0.15 },
};

const struct vendor vendor_cohere = {
	.name = "cohere",
	.display = "Cohere",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.cohere.com/v2",
	.auth = AUTH_BEARER,
	.protocol = "cohere",
	.key_env = "CO_API_KEY",
	.default_model = "command-a-03-2025",
	MODELS(models),
};
