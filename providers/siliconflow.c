/* providers/siliconflow.c — SiliconFlow (China), hosts open-weight models
 * (DeepSeek, Qwen, GLM, Kimi …) behind an OpenAI-compatible API; mainland
 * platform. International accounts use https://api.siliconflow.com/v1.
 * Prices: https://siliconflow.cn/pricing (CNY), as stored in
 * huasheng.ai/insights/siliconflow-api-guide (survey dated 2026-02-08) and
 * desirecore/config-center compute/providers/siliconflow.json (2026-04-23;
 * it marks the Qwen3-Coder price as unconfirmed); converted at 7.2 CNY/USD;
 * checked 2026-11-23. The newer ids (DeepSeek-V4, V3.2, Kimi-K2.6, GLM-5.1)
 * appear in 2026 client configs but no SiliconFlow price was found:
 * PRICE_UNKNOWN, context 0 (unknown). */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "deepseek-ai/DeepSeek-V3.2", "DeepSeek-V3.2", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "deepseek-ai/DeepSeek-V4-Flash", "DeepSeek-V4-Flash", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "moonshotai/Kimi-K2.6", "Kimi K2.6", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "zai-org/GLM-5.1", "GLM-5.1", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "Qwen/Qwen3-235B-A22B-Instruct-2507", "Qwen3-235B-A22B-Instruct-2507", 262144, 262144, CAP_TOOLS | CAP_STREAM, 2.5 / 7.2, 10.0 / 7.2 },
	{ "Qwen/Qwen3-Coder-480B-A35B-Instruct", "Qwen3-Coder-480B-A35B", 262144, 262144, CAP_TOOLS | CAP_STREAM, 8.0 / 7.2, 16.0 / 7.2 },
	{ "deepseek-ai/DeepSeek-R1", "DeepSeek-R1", 0, 0, CAP_STREAM | CAP_REASONING, 4.0 / 7.2, 16.0 / 7.2 },
	{ "Qwen/Qwen3-8B", "Qwen3-8B (free)", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
};

const struct vendor vendor_siliconflow = {
	.name = "siliconflow",
	.display = "SiliconFlow",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://api.siliconflow.cn/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "SILICONFLOW_API_KEY",
	.default_model = "deepseek-ai/DeepSeek-V3.2",
	MODELS(models),
};
