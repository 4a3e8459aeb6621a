/* providers/nebius.c — Nebius Token Factory (Netherlands; formerly Nebius AI
 * Studio), serverless inference of open models, OpenAI-compatible at
 * https://api.tokenfactory.nebius.com/v1 (Bearer key, NEBIUS_API_KEY as the
 * vendor's docs read it; the older AI Studio root api.studio.nebius.com/v1
 * is superseded). Appending "-fast" to an id selects the faster, dearer
 * flavour. Requests that omit max_tokens get 8192 output tokens.
 * Models and prices: the public model catalog
 * (tokenfactory.nebius.com/api/public/models_info: max_model_len, USD per
 * 1M in/out), retrieved 2026-09-29, as stored in juspay/neurolink
 * docs/getting-started/providers/nebius.md; checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "Qwen/Qwen3-235B-A22B-Instruct-2507", "Qwen3 235B A22B Instruct 2507", 262144, 0, CAP_TOOLS | CAP_STREAM, 0.20, 0.60 },
	{ "deepseek-ai/DeepSeek-V4-Flash-0731", "DeepSeek-V4-Flash (0731)", 1024000, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.14, 0.28 },
	{ "openai/gpt-oss-120b", "GPT-OSS 120B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.15, 0.60 },
	{ "NousResearch/Hermes-4-405B", "Hermes 4 405B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 1.00, 3.00 },
	{ "nvidia/Nemotron-3_5-Lightning", "Nemotron 3.5 Lightning", 1048576, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.06, 0.24 },
};

const struct vendor vendor_nebius = {
	.name = "nebius",
	.display = "Nebius Token Factory",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.tokenfactory.nebius.com/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "NEBIUS_API_KEY",
	.default_model = "Qwen/Qwen3-235B-A22B-Instruct-2507",
	MODELS(models),
};
