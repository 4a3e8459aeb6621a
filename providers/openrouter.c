/* providers/openrouter.c — OpenRouter (USA), an aggregator routing one
 * OpenAI-compatible API to hundreds of models from many providers.
 * Prices: https://openrouter.ai/models (USD, pass-through of the upstream
 * provider's price), as stored in tombeckenham/ai-tom
 * packages/typescript/ai-openrouter/src/model-meta.ts (a generated snapshot
 * of the OpenRouter catalogue, about February 2026); checked 2026-11-23.
 * OpenRouter's catalogue changes weekly; query /models for the live list.
 * openrouter/auto bills at the price of whichever model it routes to. */
#include "clude/vendor.h"

#define ALL (CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "anthropic/claude-sonnet-4.6", "Claude Sonnet 4.6", 1000000, 128000, ALL, 3.00, 15.00 },
	{ "anthropic/claude-opus-4.6", "Claude Opus 4.6", 1000000, 128000, ALL, 5.00, 25.00 },
	{ "google/gemini-3.1-pro-preview", "Gemini 3.1 Pro Preview", 1048576, 65536, ALL, 2.00, 12.00 },
	{ "qwen/qwen3.5-plus-02-15", "Qwen3.5 Plus 2026-02-15", 1000000, 65536, ALL, 0.40, 2.40 },
	{ "moonshotai/kimi-k2.5", "Kimi K2.5", 262144, 65535, ALL, 0.45, 2.20 },
	{ "z-ai/glm-5", "GLM-5", 204800, 131072, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.95, 2.55 },
	{ "openrouter/auto", "Auto Router (priced as the routed model)", 0, 0, ALL, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "openrouter/free", "Free Models Router", 200000, 0, ALL, 0.0, 0.0 },
};

const struct vendor vendor_openrouter = {
	.name = "openrouter",
	.display = "OpenRouter",
	.type = VENDOR_AGGREGATOR,
	.region = REGION_INTL,
	.base_url = "https://openrouter.ai/api/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "OPENROUTER_API_KEY",
	.default_model = "anthropic/claude-sonnet-4.6",
	MODELS(models),
};
