/* providers/together.c — Together AI (USA), serverless inference of
 * open-weight models, OpenAI-compatible.
 * Prices: https://www.together.ai/pricing (USD, serverless), as stored in
 * open-source price tables (2026) for the current models and in
 * pydantic/genai-prices prices/providers/together.yml for Llama 3.3;
 * checked 2026-11-23. Context 0 = not found for Together's deployment. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "openai/gpt-oss-120b", "GPT-OSS 120B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.15, 0.60 },
	{ "openai/gpt-oss-20b", "GPT-OSS 20B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.05, 0.20 },
	{ "moonshotai/Kimi-K2.6", "Kimi K2.6", 262144, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING, 1.20, 4.50 },
	{ "deepseek-ai/DeepSeek-V4-Pro", "DeepSeek-V4-Pro", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 2.10, 4.40 },
	{ "Qwen/Qwen3.6-Plus", "Qwen3.6-Plus", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.50, 3.00 },
	{ "Qwen/Qwen3-235B-A22B-Instruct-2507-tput", "Qwen3 235B A22B Instruct 2507", 262144, 0, CAP_TOOLS | CAP_STREAM, 0.20, 0.60 },
	{ "meta-llama/Llama-3.3-70B-Instruct-Turbo", "Llama 3.3 70B Instruct Turbo", 131072, 0, CAP_TOOLS | CAP_STREAM, 0.88, 0.88 },
};

const struct vendor vendor_together = {
	.name = "together",
	.display = "Together AI",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.together.xyz/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "TOGETHER_API_KEY",
	.default_model = "openai/gpt-oss-120b",
	MODELS(models),
};
