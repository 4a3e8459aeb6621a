/* providers/qianfan.c — Baidu AI Cloud Qianfan (千帆, China), Baidu's model
 * platform, for the third-party models it hosts (DeepSeek, GLM, Qwen …),
 * through its OpenAI-compatible v2 API (https://qianfan.baidubce.com/v2,
 * "Authorization: Bearer" with a Qianfan API key). Baidu's own ERNIE models
 * are declared in providers/ernie.c (same endpoint and key).
 * Models: ids, context and max output from Qianfan's model list
 * (cloud.baidu.com/doc/qianfan/s/rmh4stp0j, updated 2026-09-16) as stored
 * in juspay/neurolink's baidu-qianfan guide (retrieved 2026-09-29), "1M" and
 * "198k" read as 1000000 and 198000.
 * Prices: Qianfan bills these in CNY (cloud.baidu.com/doc/qianfan/s/wmh4sv6ya)
 * but their rows were not found in a stored copy: PRICE_UNKNOWN; checked
 * 2026-11-23. */
#include "clude/vendor.h"

#define THINK (CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "deepseek-v4-pro", "DeepSeek-V4-Pro", 1000000, 393216, THINK, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "deepseek-v4-flash-0731", "DeepSeek-V4-Flash (0731)", 1000000, 393216, THINK, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "glm-5.1", "GLM-5.1", 198000, 131072, THINK, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "qwen3.5-397b-a17b", "Qwen3.5 397B A17B", 256000, 65536, CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_qianfan = {
	.name = "qianfan",
	.display = "Baidu Qianfan",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://qianfan.baidubce.com/v2",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "QIANFAN_API_KEY",
	.default_model = "deepseek-v4-pro",
	MODELS(models),
};
