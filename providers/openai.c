/* providers/openai.c — OpenAI (USA), the reference chat-completions API.
 * Prices: https://developers.openai.com/api/docs/pricing (USD, standard tier,
 * short context), as stored in morphllm.com/openai-api-pricing and
 * tokenmix.ai (both June 2026) for GPT-5.5/5.4, and apimaster.ai /
 * llmreference.com (June 2026, GPT-5.6 limited-preview list prices) for
 * GPT-5.6; checked 2026-11-23. Context windows as stored in open-source
 * client catalogues; the 128K max output is the GPT-5 family value and is
 * not confirmed for 5.6. */
#include "clude/vendor.h"

#define GPT5 (CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "gpt-5.6-sol", "GPT-5.6 Sol", 1050000, 128000, GPT5, 5.00, 30.00 },
	{ "gpt-5.6-terra", "GPT-5.6 Terra", 1050000, 128000, GPT5, 2.50, 15.00 },
	{ "gpt-5.6-luna", "GPT-5.6 Luna", 1050000, 128000, GPT5, 1.00, 6.00 },
	{ "gpt-5.5", "GPT-5.5", 1000000, 128000, GPT5, 5.00, 30.00 },
	{ "gpt-5.4", "GPT-5.4", 1000000, 128000, GPT5, 2.50, 15.00 },
	{ "gpt-5.4-mini", "GPT-5.4 mini", 400000, 128000, GPT5, 0.75, 4.50 },
	{ "gpt-5.4-nano", "GPT-5.4 nano", 400000, 128000, GPT5, 0.20, 1.25 },
};

const struct vendor vendor_openai = {
	.name = "openai",
	.display = "OpenAI",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.openai.com/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "OPENAI_API_KEY",
	.default_model = "gpt-5.4",
	MODELS(models),
};
