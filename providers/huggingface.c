/* providers/huggingface.c — Hugging Face Inference Providers (USA/France),
 * the router that sends OpenAI-style chat requests for Hub models to partner
 * inference providers (Cerebras, Groq, Together, Novita, SambaNova, …) or
 * HF's own, at https://router.huggingface.co/v1 with a Hub access token
 * (hf_…, "Make calls to Inference Providers" permission) as bearer.
 * HF_TOKEN is the variable Hugging Face's own clients read.
 * Models: Hub ids of chat models the router serves, as listed in
 * juspay/neurolink's Hugging Face guide (2026); context and output limits
 * depend on the provider that serves the request (0 = unknown).
 * Prices: pass-through of the chosen provider's per-token rate, no HF
 * markup, with a small monthly free credit
 * (huggingface.co/docs/inference-providers/pricing), so no single list
 * price: PRICE_UNKNOWN. Checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "Qwen/Qwen3-235B-A22B", "Qwen3 235B A22B", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "meta-llama/Llama-3.3-70B-Instruct", "Llama 3.3 70B Instruct", 0, 0, CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "meta-llama/Llama-4-Scout-17B-16E-Instruct", "Llama 4 Scout", 0, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "deepseek-ai/DeepSeek-R1", "DeepSeek-R1", 0, 0, CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "google/gemma-3-27b-it", "Gemma 3 27B", 0, 0, CAP_VISION | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_huggingface = {
	.name = "huggingface",
	.display = "Hugging Face Inference Providers",
	.type = VENDOR_AGGREGATOR,
	.region = REGION_INTL,
	.base_url = "https://router.huggingface.co/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "HF_TOKEN",
	.default_model = "Qwen/Qwen3-235B-A22B",
	MODELS(models),
};
