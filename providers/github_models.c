/* providers/github_models.c — GitHub Models (USA), models from OpenAI, Meta,
 * DeepSeek, Microsoft, Mistral and others hosted by GitHub (on Azure AI),
 * OpenAI-compatible at https://models.github.ai/inference (POST
 * /inference/chat/completions; github.blog changelog 2025-05-15). The key is
 * a GitHub token with the models:read permission — in GitHub Actions the
 * job's own GITHUB_TOKEN (permissions: models: read) — as a bearer.
 * Model ids are publisher/model.
 * Prices: free but rate-limited by default; opted-in paid usage is billed in
 * token units at Azure OpenAI's pay-as-you-go rates: GPT-4.1 $2.00/$8.00,
 * GPT-4.1 mini $0.40/$1.60, GPT-4o $2.50/$10.00, GPT-4o mini $0.15/$0.60
 * per 1M (docs.github.com/…/about-billing-for-github-models, "Costs and
 * multipliers"); context and max output are OpenAI's for these models
 * (providers/azure_openai.c). GitHub's free tier caps requests well below
 * these windows. Checked 2026-11-23. */
#include "clude/vendor.h"

#define GPT (CAP_VISION | CAP_TOOLS | CAP_STREAM)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "openai/gpt-4.1", "GPT-4.1", 1047576, 32768, GPT, 2.00, 8.00 },
	{ "openai/gpt-4.1-mini", "GPT-4.1 mini", 1047576, 32768, GPT, 0.40, 1.60 },
	{ "openai/gpt-4o", "GPT-4o", 128000, 16384, GPT, 2.50, 10.00 },
	{ "openai/gpt-4o-mini", "GPT-4o mini", 128000, 16384, GPT, 0.15, 0.60 },
};

const struct vendor vendor_github_models = {
	.name = "github_models",
	.display = "GitHub Models",
	.type = VENDOR_AGGREGATOR,
	.region = REGION_INTL,
	.base_url = "https://models.github.ai/inference",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "GITHUB_TOKEN",
	.default_model = "openai/gpt-4.1-mini",
	MODELS(models),
};
