/* providers/replicate.c — Replicate (USA), a platform running thousands of
 * open models. Its native API is predictions (POST /v1/models/{owner}/
 * {model}/predictions, polled or streamed), which clude does not speak, but
 * it also has an OpenAI-compatible chat endpoint at https://api.replicate.com/v1
 * (replicate.com/docs/topics/openai-compatibility; chat and streaming, model
 * ids owner/model; no embeddings), which is what is declared here.
 * REPLICATE_API_TOKEN is the variable Replicate's clients read (r8_… tokens).
 * Models: ids as Langertha's Replicate engine documents them (meta/llama-4-
 * maverick, meta/llama-4-scout) and Replicate's billing example (Llama 3.1
 * 405B); context on Replicate not published (0 = unknown).
 * Prices: Replicate bills popular language models per token and the long
 * tail per GPU-second. Llama 3.1 405B: $9.50/$9.50 per 1M, worked out from
 * the example in replicate.com/docs/billing (8 input tokens $0.0000760, 43
 * output tokens $0.0004085); the Llama 4 prices were not found
 * (PRICE_UNKNOWN). Checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "meta/llama-4-maverick", "Llama 4 Maverick", 0, 0, CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "meta/llama-4-scout", "Llama 4 Scout", 0, 0, CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "meta/meta-llama-3.1-405b-instruct", "Llama 3.1 405B Instruct", 0, 0, CAP_STREAM, 9.50, 9.50 },
};

const struct vendor vendor_replicate = {
	.name = "replicate",
	.display = "Replicate",
	.type = VENDOR_AGGREGATOR,
	.region = REGION_INTL,
	.base_url = "https://api.replicate.com/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "REPLICATE_API_TOKEN",
	.default_model = "meta/llama-4-maverick",
	MODELS(models),
};
