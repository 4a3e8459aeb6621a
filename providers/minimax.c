/* providers/minimax.c — MiniMax (China), the MiniMax-M models, through its
 * OpenAI-compatible API on the international platform (api.minimax.io, USD
 * billing). Mainland accounts use https://api.minimaxi.com/v1 (CNY billing,
 * separate keys). Reasoning models put their thinking inside <think> tags in
 * content unless reasoning_split is sent.
 * Prices: https://platform.minimax.io/docs/guides/pricing-paygo (USD,
 * standard tier, cache-miss input), with context and max output from
 * platform.minimax.io/docs/api-reference/text-openai-api and text-chat-openai,
 * as stored in juspay/neurolink docs/getting-started/providers/minimax.md
 * (retrieved 2026-09-29); checked 2026-11-23. MiniMax-M3 is at its
 * "permanent 50% off" price for prompts up to 512K tokens; longer prompts
 * bill twice as much. MiniMax-M3.1-Flash-Preview is only in the Token Plan
 * subscription, so not listed. */
#include "clude/vendor.h"

#define MM (CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "MiniMax-M3", "MiniMax-M3", 1000000, 524288, MM | CAP_VISION, 0.30, 1.20 },
	{ "MiniMax-M2.7", "MiniMax-M2.7", 204800, 204800, MM, 0.30, 1.20 },
	{ "MiniMax-M2.7-highspeed", "MiniMax-M2.7 highspeed", 204800, 204800, MM, 0.60, 2.40 },
	{ "MiniMax-M2.5", "MiniMax-M2.5", 204800, 204800, MM, 0.30, 1.20 },
};

const struct vendor vendor_minimax = {
	.name = "minimax",
	.display = "MiniMax",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://api.minimax.io/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "MINIMAX_API_KEY",
	.default_model = "MiniMax-M3",
	MODELS(models),
};
