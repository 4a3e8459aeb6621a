/* providers/gemini.c — Google Gemini API (USA), generativelanguage.googleapis.com,
 * its own generateContent protocol (src/proto/gemini.c), key in x-goog-api-key.
 * The key is read from GEMINI_API_KEY; Google's SDKs also read GOOGLE_API_KEY
 * (set api_key: ${GOOGLE_API_KEY} in the config to use that one).
 * Prices: https://ai.google.dev/gemini-api/docs/pricing (USD, paid tier,
 * standard), as transcribed on 2026-10-07 in api-evangelist/deepmind
 * plans/deepmind-plans-pricing.yml; checked 2026-11-23. 3.8 Flash is $0.75 /
 * $3.75 through 2026-12-31, then $1.50 / $7.50; 3.1 Pro is $4 / $18 above a
 * 200K-token prompt. Output prices include thinking tokens. Limits from the
 * model pages (ai.google.dev/gemini-api/docs/models, Vertex model guides). */
#include "clude/vendor.h"

#define GEMINI3 (CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "gemini-3.8-flash", "Gemini 3.8 Flash", 1048576, 65536, GEMINI3, 0.75, 3.75 },
	{ "gemini-3.5-flash", "Gemini 3.5 Flash", 1048576, 65536, GEMINI3, 1.50, 9.00 },
	{ "gemini-3.5-flash-lite", "Gemini 3.5 Flash-Lite", 1048576, 65536, GEMINI3, 0.30, 2.50 },
	{ "gemini-3.1-pro-preview", "Gemini 3.1 Pro (preview)", 1048576, 65536, GEMINI3, 2.00, 12.00 },
};

const struct vendor vendor_gemini = {
	.name = "gemini",
	.display = "Google Gemini",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://generativelanguage.googleapis.com/v1beta",
	.auth = AUTH_HEADER,
	.auth_header = "x-goog-api-key",
	.protocol = "gemini",
	.key_env = "GEMINI_API_KEY",
	.default_model = "gemini-3.8-flash",
	MODELS(models),
};
