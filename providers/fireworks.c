/* providers/fireworks.c — Fireworks AI (USA), serverless inference of
 * open-weight models, OpenAI-compatible.
 * Prices: https://fireworks.ai/pricing#serverless-pricing (USD, standard
 * tier), as stored in lava.so's gateway docs for Fireworks
 * (docs/gateway/providers/fireworks, 2026) and, for Kimi K2.6, in an
 * open-source model catalogue (2026); checked 2026-11-23. Context 0 = not
 * found for Fireworks' deployment. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "accounts/fireworks/models/kimi-k2p6", "Kimi K2.6", 262144, 262144, CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.95, 4.00 },
	{ "accounts/fireworks/models/kimi-k2p5", "Kimi K2.5", 262144, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.60, 3.00 },
	{ "accounts/fireworks/models/deepseek-v4-pro", "DeepSeek-V4-Pro", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 1.74, 3.48 },
	{ "accounts/fireworks/models/glm-5p1", "GLM-5.1", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 1.40, 4.40 },
	{ "accounts/fireworks/models/gpt-oss-120b", "GPT-OSS 120B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.15, 0.60 },
	{ "accounts/fireworks/models/gpt-oss-20b", "GPT-OSS 20B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.07, 0.30 },
};

const struct vendor vendor_fireworks = {
	.name = "fireworks",
	.display = "Fireworks AI",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.fireworks.ai/inference/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "FIREWORKS_API_KEY",
	.default_model = "accounts/fireworks/models/kimi-k2p6",
	MODELS(models),
};
