/* providers/pai.c — Alibaba Cloud PAI-EAS (Platform for AI, Elastic
 * Algorithm Service; China): LLMs you deploy yourself (the "LLM Deployment"
 * scenario with the vLLM or SGLang engine, which serve the OpenAI API). Each
 * service has its own address, so base_url is a TEMPLATE: set
 * providers.pai.base_url to the service's endpoint from its invocation
 * information in the EAS console, followed by /v1, e.g.
 *   http://1234567890.cn-hangzhou.pai-eas.aliyuncs.com/api/predict/my_qwen/v1
 * The key is the service token from the same page; EAS takes it in
 * Authorization, and OpenAI clients send it as a bearer, as clude does.
 * PAIEAS_API_KEY / PAIEAS_API_BASE are the variables LlamaIndex's PaiEas
 * integration reads.
 * Models: the id must be the name the service serves (GET …/v1/models); the
 * one below is the EAS LLM-deployment quickstart's model (Qwen3-8B on vLLM).
 * Context depends on the deployment (0 = unknown).
 * Prices: EAS bills instance time, not tokens: PRICE_UNKNOWN; checked
 * 2026-11-23 (alibabacloud.com/help/pai/deploy-an-llm, 2026-07-01). */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "Qwen3-8B", "Qwen3 8B (your EAS service)", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_pai = {
	.name = "pai",
	.display = "Alibaba Cloud PAI-EAS",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "http://YOUR-UID.cn-hangzhou.pai-eas.aliyuncs.com/api/predict/YOUR-SERVICE/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.needs_base_url = 1,
	.key_env = "PAIEAS_API_KEY",
	.default_model = "Qwen3-8B",
	MODELS(models),
};
