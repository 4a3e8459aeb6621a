/* providers/moonshot.c — Moonshot AI (China), the Kimi models; international
 * platform (api.moonshot.ai, USD billing). Mainland accounts use
 * https://api.moonshot.cn/v1 instead (CNY billing, separate keys; same
 * MOONSHOT_API_KEY variable).
 * Prices: https://platform.moonshot.ai (USD, cache-miss input), as stored in
 * docs.openclaw.ai/providers/moonshot (scraped 2026-05-25) for K2.6/K2.5 and
 * lavapayments.com/docs/reference/providers/moonshot for K2 Thinking/Turbo;
 * checked 2026-11-23. kimi-k3 is listed by third parties (1M context) but
 * its Moonshot list price was not found: PRICE_UNKNOWN. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "kimi-k2.6", "Kimi K2.6", 262144, 262144, CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.95, 4.00 },
	{ "kimi-k2.5", "Kimi K2.5", 262144, 262144, CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.60, 3.00 },
	{ "kimi-k2-thinking", "Kimi K2 Thinking", 262144, 262144, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.60, 2.50 },
	{ "kimi-k2-turbo-preview", "Kimi K2 Turbo", 262144, 0, CAP_TOOLS | CAP_STREAM, 1.15, 8.00 },
	{ "kimi-k3", "Kimi K3", 1048576, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_moonshot = {
	.name = "moonshot",
	.display = "Moonshot AI (Kimi)",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://api.moonshot.ai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "MOONSHOT_API_KEY",
	.default_model = "kimi-k2.6",
	MODELS(models),
};
