/* providers/azure_openai.c — Azure OpenAI Service: OpenAI models deployed in
 * the user's own Azure resource. The base URL is the resource endpoint
 * (https://RESOURCE.openai.azure.com); requests go to
 * /openai/deployments/{deployment}/chat/completions?api-version=…, the
 * deployment named by deployment_map in the config (or the model id).
 * Prices: OpenAI's list prices for these models (openai.com/api/pricing,
 * 2025), which Azure's global deployments match
 * (azure.microsoft.com/pricing/details/cognitive-services/openai-service);
 * regional and data-zone deployments cost more. Not re-checked 2026-11-23. */
#include "clude/vendor.h"

#define GPT (CAP_VISION | CAP_TOOLS | CAP_STREAM)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "gpt-5", "GPT-5", 400000, 128000, GPT | CAP_REASONING, 1.25, 10.00 },
	{ "gpt-5-mini", "GPT-5 mini", 400000, 128000, GPT | CAP_REASONING, 0.25, 2.00 },
	{ "gpt-4.1", "GPT-4.1", 1047576, 32768, GPT, 2.00, 8.00 },
	{ "gpt-4o", "GPT-4o", 128000, 16384, GPT, 2.50, 10.00 },
	{ "gpt-4o-mini", "GPT-4o mini", 128000, 16384, GPT, 0.15, 0.60 },
};

const struct vendor vendor_azure_openai = {
	.name = "azure_openai",
	.display = "Azure OpenAI",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://YOUR-RESOURCE.openai.azure.com",
	.auth = AUTH_HEADER,
	.auth_header = "api-key",
	.protocol = "azure",
	.key_env = "AZURE_OPENAI_API_KEY",
	.needs_base_url = 1,
	.default_model = "gpt-4o",
	MODELS(models),
};
