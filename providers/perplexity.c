/* providers/perplexity.c — Perplexity (USA), the Sonar search-grounded
 * models, OpenAI-compatible chat completions (no /v1 in the path).
 * Prices: https://docs.perplexity.ai/docs/getting-started/pricing (USD,
 * tokens only), as stored in pydantic/genai-prices
 * prices/providers/perplexity.yml (prices checked 2025-07-03, Deep Research
 * 2026-07-21); checked 2026-11-23. Not represented here: the per-request
 * search fee ($5–14 per 1000 requests by model and context size) and Deep
 * Research's reasoning tokens ($3/1M) and search queries. Context windows
 * from Perplexity's model cards (128K; Sonar Pro 200K, 8K max output). */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "sonar", "Sonar", 128000, 0, CAP_STREAM, 1.00, 1.00 },
	{ "sonar-pro", "Sonar Pro", 200000, 8000, CAP_STREAM, 3.00, 15.00 },
	{ "sonar-reasoning-pro", "Sonar Reasoning Pro", 128000, 0, CAP_STREAM | CAP_REASONING, 2.00, 8.00 },
	{ "sonar-deep-research", "Sonar Deep Research", 128000, 0, CAP_STREAM | CAP_REASONING, 2.00, 8.00 },
};

const struct vendor vendor_perplexity = {
	.name = "perplexity",
	.display = "Perplexity (Sonar)",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.perplexity.ai",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "PERPLEXITY_API_KEY",
	.default_model = "sonar",
	MODELS(models),
};
