/* providers/chutes.c — Chutes (USA; decentralized GPU inference on the
 * Bittensor network), open models — the -TEE ids run in confidential-compute
 * enclaves — behind an OpenAI-compatible API at https://llm.chutes.ai/v1
 * (Bearer cpk_… key, CHUTES_API_KEY as Chutes' own sample names it).
 * Models and prices: the public /v1/models roster (context_length,
 * max_output_length, USD per 1M in/out), re-read 2026-09-28, as stored in
 * juspay/neurolink docs/getting-started/providers/chutes.md; checked
 * 2026-11-23. Pay-as-you-go; the Plus/Pro plans discount these rates. */
#include "clude/vendor.h"

#define THINK (CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "moonshotai/Kimi-K2.6-TEE", "Kimi K2.6 (TEE)", 262144, 65535, THINK | CAP_VISION, 0.50, 2.85 },
	{ "moonshotai/Kimi-K3-TEE", "Kimi K3 (TEE)", 1048576, 65535, THINK | CAP_VISION, 3.00, 15.00 },
	{ "deepseek-ai/DeepSeek-V4-Flash-0731-TEE", "DeepSeek-V4-Flash 0731 (TEE)", 1048576, 131072, THINK, 0.44, 1.32 },
	{ "zai-org/GLM-5.2-TEE", "GLM-5.2 (TEE)", 1048576, 65535, THINK, 1.25, 3.95 },
	{ "Qwen/Qwen3.5-397B-A17B-TEE", "Qwen3.5 397B A17B (TEE)", 262144, 65536, THINK | CAP_VISION, 0.45, 3.00 },
};

const struct vendor vendor_chutes = {
	.name = "chutes",
	.display = "Chutes",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://llm.chutes.ai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "CHUTES_API_KEY",
	.default_model = "moonshotai/Kimi-K2.6-TEE",
	MODELS(models),
};
