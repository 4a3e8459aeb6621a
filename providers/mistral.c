/* providers/mistral.c — Mistral AI (France), La Plateforme API,
 * OpenAI-compatible chat completions.
 * Prices: https://mistral.ai/pricing#api-pricing (USD), as stored in
 * pydantic/genai-prices prices/providers/mistral.yml (prices checked
 * 2026-06-09 to 2026-08-24); checked 2026-11-23. mistral-medium-latest has
 * pointed at Medium 3.5 since 2026-06-16. Context for Small 4 as stored in
 * whichllm.io/contextwindows.dev; 256K for Large 3, Devstral 2, Codestral
 * and Ministral 3 is from Mistral's model descriptions; 0 = unknown. Mistral
 * publishes no separate output cap (output is bounded by the context). */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "mistral-medium-latest", "Mistral Medium 3.5", 0, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM, 1.50, 7.50 },
	{ "mistral-large-2512", "Mistral Large 3", 262144, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM, 0.50, 1.50 },
	{ "mistral-small-2603", "Mistral Small 4", 262144, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.15, 0.60 },
	{ "magistral-medium-latest", "Magistral Medium", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 2.00, 5.00 },
	{ "devstral-2512", "Devstral 2", 262144, 0, CAP_TOOLS | CAP_STREAM, 0.40, 2.00 },
	{ "codestral-2508", "Codestral 25.08", 262144, 0, CAP_TOOLS | CAP_STREAM, 0.30, 0.90 },
	{ "ministral-8b-2512", "Ministral 3 8B", 262144, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM, 0.15, 0.15 },
};

const struct vendor vendor_mistral = {
	.name = "mistral",
	.display = "Mistral AI",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.mistral.ai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "MISTRAL_API_KEY",
	.default_model = "mistral-medium-latest",
	MODELS(models),
};
