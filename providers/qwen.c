/* providers/qwen.c — Alibaba Cloud Model Studio / DashScope (China), the Qwen
 * models, OpenAI-compatible mode, Beijing region. International accounts
 * use https://dashscope-intl.aliyuncs.com/compatible-mode/v1 (separate keys,
 * USD prices).
 * Prices: https://help.aliyun.com/zh/model-studio/models (CNY, Beijing
 * standard price, lowest input-length tier), as stored in
 * desirecore/config-center compute/providers/dashscope.json (2026);
 * converted at 7.2 CNY/USD; checked 2026-11-23. Longer prompts cost more
 * (e.g. qwen3.7-plus: 6/24 CNY above 256K input). */
#include "clude/vendor.h"

#define QWEN (CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "qwen3.7-plus", "Qwen3.7-Plus", 1000000, 65536, CAP_VISION | QWEN, 2.0 / 7.2, 8.0 / 7.2 },
	{ "qwen3.8-max", "Qwen3.8-Max", 1000000, 131072, CAP_VISION | QWEN, 12.0 / 7.2, 36.0 / 7.2 },
	{ "qwen3.8-flash", "Qwen3.8-Flash", 1000000, 131072, CAP_VISION | QWEN, 0.8 / 7.2, 2.7 / 7.2 },
	{ "qwen3.7-max", "Qwen3.7-Max", 1000000, 65536, QWEN, 12.0 / 7.2, 36.0 / 7.2 },
	{ "qwen3.6-flash", "Qwen3.6-Flash", 1000000, 65536, CAP_VISION | QWEN, 1.2 / 7.2, 7.2 / 7.2 },
};

const struct vendor vendor_qwen = {
	.name = "qwen",
	.display = "Qwen (Alibaba DashScope)",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://dashscope.aliyuncs.com/compatible-mode/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "DASHSCOPE_API_KEY",
	.default_model = "qwen3.7-plus",
	MODELS(models),
};
