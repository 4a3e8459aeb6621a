/* providers/volcengine.c — Volcano Engine Ark (火山方舟, ByteDance; China),
 * the Doubao models (and hosted third-party ones), OpenAI-compatible at
 * https://ark.cn-beijing.volces.com/api/v3 (Bearer key from the Ark console;
 * ARK_API_KEY is the variable Volcengine's SDK and examples read). A model
 * may also be called through an inference endpoint id (ep-…) created in the
 * console. International accounts use BytePlus ModelArk instead (its own
 * endpoint and keys).
 * Models: ids with their version suffix as called in public code
 * (doubao-seed-2-0-pro-260215, doubao-seed-2-0-lite-260428); Seed 2.0 Pro's
 * 256K context (read as 262144) from a reseller's model page
 * (wcode.net/model/doubao-seed-2.0-pro), Lite's not found (0).
 * Prices: Ark bills in CNY with tiers by prompt length; the only figures
 * found were a reseller's (Seed 2.0 Pro ¥3.25/¥16.5 per 1M for prompts up to
 * 32K), not Volcengine's list, so PRICE_UNKNOWN. Checked 2026-11-23. */
#include "clude/vendor.h"

#define SEED (CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "doubao-seed-2-0-pro-260215", "Doubao Seed 2.0 Pro", 262144, 0, SEED, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "doubao-seed-2-0-lite-260428", "Doubao Seed 2.0 Lite", 0, 0, SEED, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_volcengine = {
	.name = "volcengine",
	.display = "Volcano Engine Ark (Doubao)",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://ark.cn-beijing.volces.com/api/v3",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "ARK_API_KEY",
	.default_model = "doubao-seed-2-0-pro-260215",
	MODELS(models),
};
