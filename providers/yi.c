/* providers/yi.c — 01.AI (零一万物, China), the Yi models, through its
 * OpenAI-compatible platform API (https://api.lingyiwanwu.com/v1, Bearer
 * key from platform.lingyiwanwu.com; YI_API_KEY is the variable LangChain's
 * Yi integration reads). Keys are issued for China or international use.
 * Models: ids and context from LobeHub's zeroone provider card (ref.
 * platform.lingyiwanwu.com/docs, 模型与计费).
 * Prices: Yi-Lightning about $0.14 per 1M tokens, input and output alike,
 * as 01.AI announced it (x.com/01AI_Yi/status/1845776529185476613, via
 * api-evangelist/01-ai plans, 2026-05-08); Yi Vision V2's price not found
 * (PRICE_UNKNOWN). Checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "yi-lightning", "Yi Lightning", 16384, 0, CAP_STREAM, 0.14, 0.14 },
	{ "yi-vision-v2", "Yi Vision V2", 16384, 0, CAP_VISION | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_yi = {
	.name = "yi",
	.display = "01.AI (Yi)",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://api.lingyiwanwu.com/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "YI_API_KEY",
	.default_model = "yi-lightning",
	MODELS(models),
};
