/* providers/deepinfra.c — DeepInfra (USA), serverless inference of open (and
 * some proprietary) models, OpenAI-compatible under
 * https://api.deepinfra.com/v1/openai (Bearer key, DEEPINFRA_API_KEY; a card
 * or pre-payment is required). Output is capped at 16384 tokens for most
 * models (docs.deepinfra.com/chat/overview).
 * Models and prices: the public /v1/openai/models roster (USD, 2026-09-28)
 * as stored in juspay/neurolink docs/getting-started/providers/deepinfra.md;
 * "1M"/"131K" read as 1000000/131072; checked 2026-11-23. */
#include "clude/vendor.h"

#define THINK (CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "deepseek-ai/DeepSeek-V4-Flash-0731", "DeepSeek-V4-Flash (0731)", 1000000, 16384, THINK, 0.06, 0.18 },
	{ "deepseek-ai/DeepSeek-V4-Pro-0813", "DeepSeek-V4-Pro (0813)", 1000000, 16384, THINK, 1.30, 2.60 },
	{ "openai/gpt-oss-120b", "GPT-OSS 120B", 131072, 16384, THINK, 0.037, 0.17 },
	{ "moonshotai/Kimi-K3", "Kimi K3", 1000000, 16384, THINK | CAP_VISION, 2.85, 14.25 },
	{ "zai-org/GLM-5.2", "GLM-5.2", 1000000, 16384, THINK, 0.75, 2.40 },
	{ "meta-llama/Llama-4-Scout-17B-16E-Instruct", "Llama 4 Scout", 327680, 16384, CAP_VISION | CAP_TOOLS | CAP_STREAM, 0.10, 0.30 },
};

const struct vendor vendor_deepinfra = {
	.name = "deepinfra",
	.display = "DeepInfra",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.deepinfra.com/v1/openai",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "DEEPINFRA_API_KEY",
	.default_model = "deepseek-ai/DeepSeek-V4-Flash-0731",
	MODELS(models),
};
