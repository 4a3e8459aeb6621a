/* providers/meta_llama.c — Meta Llama API (USA), Meta-hosted Llama models.
 * Its native API (api.llama.com/v1/chat/completions, used by the
 * llama-api-client SDKs) has its own response shape; the OpenAI-compatible
 * endpoint is https://api.llama.com/compat/v1 (llama.developer.meta.com/docs/
 * features/compatibility, as used by models.dev/Mastra; BAML's docs give the
 * alias host llama-api.meta.com), which is what is declared here.
 * LLAMA_API_KEY is the variable Meta's SDKs read.
 * Models: ids as Meta's SDK examples spell them (Strands, Helicone), context
 * 128000 for all as models.dev lists them (Meta serves less than the
 * models' native windows). The Cerebras/Groq-accelerated variants
 * (Cerebras-Llama-4-…) are omitted.
 * Prices: no list price was found (models.dev records none):
 * PRICE_UNKNOWN; checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "Llama-4-Maverick-17B-128E-Instruct-FP8", "Llama 4 Maverick", 128000, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "Llama-4-Scout-17B-16E-Instruct-FP8", "Llama 4 Scout", 128000, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "Llama-3.3-70B-Instruct", "Llama 3.3 70B Instruct", 128000, 0, CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "Llama-3.3-8B-Instruct", "Llama 3.3 8B Instruct", 128000, 0, CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_meta_llama = {
	.name = "meta_llama",
	.display = "Meta Llama API",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.llama.com/compat/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "LLAMA_API_KEY",
	.default_model = "Llama-4-Maverick-17B-128E-Instruct-FP8",
	MODELS(models),
};
