/* providers/modelscope.c — ModelScope API-Inference (China, Alibaba's model
 * hub), open-weight models through an OpenAI-compatible API
 * (https://api-inference.modelscope.cn/v1). The key is a ModelScope access
 * token (modelscope.cn/my/myaccesstoken, account bound to Alibaba Cloud);
 * MODELSCOPE_SDK_TOKEN is the variable ModelScope's LangChain integration
 * reads. Model ids are hub repository names.
 * Models: from the public /v1/models roster (2026-09-29) as stored in
 * juspay/neurolink docs/getting-started/providers/modelscope.md; ModelScope
 * publishes no per-model context or output limit here (0 = unknown).
 * Prices: free for registered users within daily quotas and concurrency
 * limits (modelscope.cn/docs/model-service/API-Inference/limits), so 0.0;
 * not meant for production traffic. Checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "Qwen/Qwen3.5-397B-A17B", "Qwen3.5 397B A17B", 0, 0, CAP_VISION | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
	{ "Qwen/Qwen3.5-35B-A3B", "Qwen3.5 35B A3B", 0, 0, CAP_VISION | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
	{ "deepseek-ai/DeepSeek-V4-Pro-0813", "DeepSeek-V4-Pro (0813)", 0, 0, CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
	{ "ZhipuAI/GLM-5.2", "GLM-5.2", 0, 0, CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
	{ "MiniMax/MiniMax-M3", "MiniMax-M3", 0, 0, CAP_VISION | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
};

const struct vendor vendor_modelscope = {
	.name = "modelscope",
	.display = "ModelScope API-Inference",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://api-inference.modelscope.cn/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "MODELSCOPE_SDK_TOKEN",
	.default_model = "Qwen/Qwen3.5-397B-A17B",
	MODELS(models),
};
