/* providers/cerebras.c — Cerebras (USA), inference on the Wafer-Scale
 * Engine (~3000 tokens/s on GPT-OSS 120B), OpenAI-compatible at
 * https://api.cerebras.ai/v1 (Bearer csk-… key, CEREBRAS_API_KEY).
 * Models: the live roster as of 2026-09-28 is gpt-oss-120b (the Llama, Qwen
 * and Gemma ids were retired) plus qwen-3.8-27b, whose price was not found;
 * only gpt-oss-120b is listed. Context 131072 on paid tiers (65K on the free
 * tier), max output 40K paid (32K free), read as 40960.
 * Prices: Cerebras pricing (USD, checked 2026-08-27) as stored in
 * juspay/neurolink docs/getting-started/providers/cerebras.md; checked
 * 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "gpt-oss-120b", "GPT-OSS 120B", 131072, 40960, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.35, 0.75 },
};

const struct vendor vendor_cerebras = {
	.name = "cerebras",
	.display = "Cerebras",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.cerebras.ai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "CEREBRAS_API_KEY",
	.default_model = "gpt-oss-120b",
	MODELS(models),
};
