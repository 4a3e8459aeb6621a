/* providers/qiniu.c — Qiniu Cloud AI inference (七牛云 AI 大模型推理,
 * China), a model marketplace reselling Chinese and international models
 * (DeepSeek, GLM, MiniMax, Qwen, Doubao, also Claude/GPT/Gemini) behind an
 * OpenAI-compatible API; base URL https://api.qnaigc.com/v1 per Qiniu's FAQ
 * (developer.qiniu.com/aitokenapi/13462, 2026-06-08), Bearer key from the
 * AI inference console. QINIU_API_KEY as models.dev names it.
 * Models: ids (vendor/model) and limits as stored in models.dev
 * (anomalyco/models.dev providers/qiniu-ai, 2026); limits are models.dev's,
 * e.g. 1M context for DeepSeek-V3.2, not confirmed on a Qiniu page.
 * Prices: Qiniu's model square (qiniu.com/ai/models) was not found in a
 * stored copy and models.dev records none: PRICE_UNKNOWN; checked
 * 2026-11-23. */
#include "clude/vendor.h"

#define THINK (CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "deepseek/deepseek-v3.2-251201", "DeepSeek-V3.2", 1000000, 32000, THINK, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "z-ai/glm-5", "GLM-5", 200000, 128000, THINK, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "minimax/minimax-m2.7", "MiniMax-M2.7", 204800, 131000, THINK | CAP_VISION, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_qiniu = {
	.name = "qiniu",
	.display = "Qiniu Cloud AI",
	.type = VENDOR_AGGREGATOR,
	.region = REGION_CHINA,
	.base_url = "https://api.qnaigc.com/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "QINIU_API_KEY",
	.default_model = "deepseek/deepseek-v3.2-251201",
	MODELS(models),
};
