/* providers/zhipu.c — Zhipu AI / Z.ai (China), the GLM models, on the
 * mainland BigModel open platform (open.bigmodel.cn). International accounts
 * use https://api.z.ai/api/paas/v4 instead (separate keys).
 * Prices: Z.ai international USD list (https://docs.z.ai/guides/overview/pricing),
 * as stored in the openclaw Z.ai plugin catalogue (2026) and, for GLM-5.1,
 * in lava.so's Fireworks table (2026), which gives $1.40/$4.40 where openclaw
 * gives $1.20/$4.00 — the former is used; checked 2026-11-23. BigModel bills
 * the same models in CNY, which may differ from these USD figures. Context
 * and max output as stored in the OpenRouter catalogue (z-ai/glm-5).
 * GLM-5.2/5.3 exist but no list price was found; not listed. */
#include "clude/vendor.h"

#define GLM (CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "glm-5.1", "GLM-5.1", 204800, 131072, GLM, 1.40, 4.40 },
	{ "glm-5", "GLM-5", 204800, 131072, GLM, 1.00, 3.20 },
	{ "glm-5-turbo", "GLM-5 Turbo", 204800, 131072, GLM, 1.20, 4.00 },
	{ "glm-5v-turbo", "GLM-5V Turbo (vision)", 204800, 131072, CAP_VISION | GLM, 1.20, 4.00 },
	{ "glm-4.7", "GLM-4.7", 204800, 131072, GLM, 0.60, 2.20 },
};

const struct vendor vendor_zhipu = {
	.name = "zhipu",
	.display = "Zhipu AI (GLM)",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://open.bigmodel.cn/api/paas/v4",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "ZHIPUAI_API_KEY",
	.default_model = "glm-5.1",
	MODELS(models),
};
