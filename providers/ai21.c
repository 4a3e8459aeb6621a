/* providers/ai21.c — AI21 Labs (Israel), the Jamba models, through AI21
 * Studio's chat-completions API (POST https://api.ai21.com/studio/v1/chat/
 * completions, Bearer key, SSE ending in [DONE]; docs.ai21.com/reference/
 * jamba-1-6-api-ref), which follows OpenAI's shape. AI21_API_KEY is the
 * variable AI21's SDK reads. Streaming must be off when tools are sent.
 * Prices: https://www.ai21.com/pricing (USD); context ("256K" read as
 * 256000) and the 4096-token max_tokens cap from docs.ai21.com; both as
 * stored in juspay/neurolink docs/getting-started/providers/ai21.md
 * (retrieved 2026-09-29); checked 2026-11-23. jamba-large points to
 * jamba-large-1.7-2025-07 and jamba-mini to jamba-mini-2-2026-01. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "jamba-large", "Jamba Large 1.7", 256000, 4096, CAP_TOOLS | CAP_STREAM, 2.00, 8.00 },
	{ "jamba-mini", "Jamba Mini 2", 256000, 4096, CAP_TOOLS | CAP_STREAM, 0.20, 0.40 },
};

const struct vendor vendor_ai21 = {
	.name = "ai21",
	.display = "AI21 Labs",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.ai21.com/studio/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "AI21_API_KEY",
	.default_model = "jamba-mini",
	MODELS(models),
};
