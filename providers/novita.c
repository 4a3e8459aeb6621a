/* providers/novita.c — Novita AI (USA), serverless inference of open models
 * behind an OpenAI-compatible API (https://api.novita.ai/openai/v1, Bearer
 * sk_… key, NOVITA_API_KEY).
 * Models and prices: MiniMax-M3 from Novita's model page
 * (novita.ai/models/model-detail/minimax-minimax-m3, 2026: 1M context,
 * 131072 max output, $0.30/$1.20 for prompts under 512K tokens, 4x above);
 * GLM-5.3 Flash's price ($0.075/$0.25) from juspay/neurolink's Novita guide
 * (roster checked 2026-09-05), its context not published there (0).
 * Checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "zai-org/glm-5.3-flash", "GLM-5.3 Flash", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.075, 0.25 },
	{ "minimax/minimax-m3", "MiniMax-M3", 1000000, 131072, CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.30, 1.20 },
};

const struct vendor vendor_novita = {
	.name = "novita",
	.display = "Novita AI",
	.type = VENDOR_AGGREGATOR,
	.region = REGION_INTL,
	.base_url = "https://api.novita.ai/openai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "NOVITA_API_KEY",
	.default_model = "zai-org/glm-5.3-flash",
	MODELS(models),
};
