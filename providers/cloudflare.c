/* providers/cloudflare.c — Cloudflare Workers AI (USA), open models on
 * Cloudflare's edge GPUs, through its OpenAI-compatible endpoints
 * (developers.cloudflare.com/workers-ai/configuration/open-ai-compatibility):
 * https://api.cloudflare.com/client/v4/accounts/ACCOUNT-ID/ai/v1. base_url
 * is a TEMPLATE: set providers.cloudflare.base_url with your account id
 * (dashboard, right sidebar). The key is an API token with "Workers AI"
 * permission, sent as a bearer; CLOUDFLARE_API_TOKEN is the variable
 * Cloudflare's tools (wrangler) read. The native …/ai/run/MODEL API is not
 * used.
 * Models: ids as Cloudflare's docs use them (@cf/openai/gpt-oss-120b in the
 * OpenAI-compatibility example, @cf/meta/llama-3.3-70b-instruct-fp8-fast and
 * @cf/meta/llama-3.1-8b-instruct in its model catalogue); context as served
 * by Workers AI not confirmed (0).
 * Prices: Workers AI bills "neurons" (10,000 a day free); the per-model
 * USD per-token equivalents were not found in a stored copy:
 * PRICE_UNKNOWN. Checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "@cf/openai/gpt-oss-120b", "GPT-OSS 120B", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "@cf/meta/llama-3.3-70b-instruct-fp8-fast", "Llama 3.3 70B Instruct (fp8, fast)", 0, 0, CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "@cf/meta/llama-3.1-8b-instruct", "Llama 3.1 8B Instruct", 0, 0, CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_cloudflare = {
	.name = "cloudflare",
	.display = "Cloudflare Workers AI",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.cloudflare.com/client/v4/accounts/YOUR-ACCOUNT-ID/ai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.needs_base_url = 1,
	.key_env = "CLOUDFLARE_API_TOKEN",
	.default_model = "@cf/openai/gpt-oss-120b",
	MODELS(models),
};
