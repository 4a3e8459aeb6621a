/* providers/ovhcloud.c — OVHcloud AI Endpoints (France), serverless open
 * models in OVHcloud's European data centres, OpenAI-compatible at
 * https://oai.endpoints.kepler.ai.cloud.ovh.net/v1. The key is an AI
 * Endpoints access token created in the Public Cloud manager (a payment
 * method is required), sent as a bearer; OVH_AI_ENDPOINTS_ACCESS_TOKEN is
 * the variable OVHcloud's own samples use. 400 requests/min per model.
 * Models and prices: the public /v1/models roster (context_length, per-token
 * USD converted to per 1M), 2026-09-28, cross-checked by the source against
 * OVHcloud's EUR catalogue page, as stored in juspay/neurolink
 * docs/getting-started/providers/ovhcloud.md; "131K"/"262K" read as
 * 131072/262144; checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "gpt-oss-120b", "GPT-OSS 120B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.09, 0.47 },
	{ "gpt-oss-20b", "GPT-OSS 20B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.05, 0.18 },
	{ "Qwen3.5-397B-A17B", "Qwen3.5 397B A17B", 262144, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.71, 4.25 },
	{ "Meta-Llama-3_3-70B-Instruct", "Llama 3.3 70B Instruct", 131072, 0, CAP_TOOLS | CAP_STREAM, 0.74, 0.74 },
	{ "Mistral-Small-3.2-24B-Instruct-2506", "Mistral Small 3.2 24B", 131072, 0, CAP_STREAM, 0.10, 0.31 },
};

const struct vendor vendor_ovhcloud = {
	.name = "ovhcloud",
	.display = "OVHcloud AI Endpoints",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "OVH_AI_ENDPOINTS_ACCESS_TOKEN",
	.default_model = "gpt-oss-120b",
	MODELS(models),
};
