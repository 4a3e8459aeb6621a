/* providers/deepseek.c — DeepSeek (China), OpenAI-compatible chat API.
 * Prices: https://api-docs.deepseek.com/quick_start/pricing (USD, cache-miss
 * input), as stored in apidog.com/blog/deepseek-v4-api-pricing (2026-04-24)
 * and chat-deep.ai/pricing (2026-04-26); checked 2026-11-23. V4-Pro is at
 * its regular list price; DeepSeek ran a 75% promotion ($0.435/$0.87) that
 * was announced to end 2026-05-31. The old ids deepseek-chat and
 * deepseek-reasoner were deprecated on 2026-07-24 (they mapped to V4-Flash). */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "deepseek-v4-flash", "DeepSeek-V4-Flash", 1000000, 384000, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.14, 0.28 },
	{ "deepseek-v4-pro", "DeepSeek-V4-Pro", 1000000, 384000, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 1.74, 3.48 },
};

const struct vendor vendor_deepseek = {
	.name = "deepseek",
	.display = "DeepSeek",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://api.deepseek.com/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "DEEPSEEK_API_KEY",
	.default_model = "deepseek-v4-flash",
	MODELS(models),
};
