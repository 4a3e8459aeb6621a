/* providers/xai.c — xAI (USA), the Grok models, OpenAI-compatible API.
 * Prices: https://docs.x.ai/docs/models (USD), as stored in
 * pydantic/genai-prices prices/providers/x_ai.yml (prices checked
 * 2026-01-19 to 2026-07-08); checked 2026-11-23. grok-latest points at
 * grok-4.5 there. Newer Grok releases (4.6, 4.7) appear in 2026 client
 * lists but their prices were not found; not listed. Context 0 / max
 * output 0 = not published in that source. */
#include "clude/vendor.h"

#define GROK (CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "grok-4.5", "Grok 4.5", 500000, 0, GROK, 2.00, 6.00 },
	{ "grok-4.3", "Grok 4.3", 1000000, 0, GROK, 1.25, 2.50 },
	{ "grok-4.20", "Grok 4.20", 0, 0, GROK, 1.25, 2.50 },
	{ "grok-4-1-fast-reasoning", "Grok 4.1 Fast (reasoning)", 2000000, 0, GROK, 0.20, 0.50 },
	{ "grok-4-1-fast-non-reasoning", "Grok 4.1 Fast (non-reasoning)", 2000000, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM, 0.20, 0.50 },
	{ "grok-code-fast-1", "Grok Code Fast 1", 256000, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.20, 1.50 },
	{ "grok-build-0.1", "Grok Build 0.1", 0, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM, 1.00, 2.00 },
};

const struct vendor vendor_xai = {
	.name = "xai",
	.display = "xAI (Grok)",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.x.ai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "XAI_API_KEY",
	.default_model = "grok-4.5",
	MODELS(models),
};
