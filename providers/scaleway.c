/* providers/scaleway.c — Scaleway Generative APIs (France), serverless
 * inference of open models in Paris, OpenAI-compatible at
 * https://api.scaleway.ai/v1 (a project-scoped form
 * https://api.scaleway.ai/PROJECT-ID/v1 also exists). The key is the secret
 * key of a Scaleway IAM API key, sent as a bearer; SCW_SECRET_KEY is the
 * variable Scaleway's examples and CLI use. Free tier: the first 1M tokens.
 * Models: ids, context and serverless max output from
 * scaleway.com/en/docs/generative-apis/reference-content/supported-models
 * ("128k"/"256k"/"32k" read as 128000/256000/32000); gpt-oss-120b cannot call
 * tools through Chat Completions yet.
 * Prices: scaleway.com/en/pricing/model-as-a-service (EUR before tax,
 * region Paris), both retrieved 2026-09-29 as stored in juspay/neurolink
 * docs/getting-started/providers/scaleway.md; converted at 1.15 USD/EUR
 * (EUR in / out: mistral-small 0.15/0.35, qwen3-235b 0.75/2.25, gemma-4
 * 0.25/0.50, deepseek-v4-flash 0.40/0.80, gpt-oss 0.15/0.60); checked
 * 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "mistral-small-3.2-24b-instruct-2506", "Mistral Small 3.2 24B", 128000, 32000, CAP_VISION | CAP_TOOLS | CAP_STREAM, 0.1725, 0.4025 },
	{ "qwen3-235b-a22b-instruct-2507", "Qwen3 235B A22B Instruct 2507", 250000, 16000, CAP_TOOLS | CAP_STREAM, 0.8625, 2.5875 },
	{ "gemma-4-26b-a4b-it", "Gemma 4 26B A4B", 256000, 32000, CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.2875, 0.575 },
	{ "deepseek-v4-flash-0731", "DeepSeek-V4-Flash (0731, preview)", 256000, 32000, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.46, 0.92 },
	{ "gpt-oss-120b", "GPT-OSS 120B", 128000, 32000, CAP_STREAM | CAP_REASONING, 0.1725, 0.69 },
};

const struct vendor vendor_scaleway = {
	.name = "scaleway",
	.display = "Scaleway Generative APIs",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.scaleway.ai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "SCW_SECRET_KEY",
	.default_model = "mistral-small-3.2-24b-instruct-2506",
	MODELS(models),
};
