/* providers/vllm.c — vLLM's OpenAI-compatible server (vllm serve), local or
 * self-hosted; model ids are the Hugging Face repo names it was started
 * with. A key is needed only if started with --api-key or VLLM_API_KEY.
 * Prices: none, runs locally (0.0); checked 2026-11-23. Context is each
 * model's native maximum (--max-model-len may lower it). */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "Qwen/Qwen2.5-7B-Instruct", "Qwen2.5 7B Instruct", 32768, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
	{ "Qwen/Qwen3-8B", "Qwen3 8B", 40960, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
	{ "meta-llama/Llama-3.1-8B-Instruct", "Llama 3.1 8B Instruct", 131072, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
	{ "mistralai/Mistral-7B-Instruct-v0.3", "Mistral 7B Instruct v0.3", 32768, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
	{ "openai/gpt-oss-20b", "GPT-OSS 20B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
};

const struct vendor vendor_vllm = {
	.name = "vllm",
	.display = "vLLM (local)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1:8000/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "VLLM_API_KEY",
	.key_optional = 1,
	.default_model = "Qwen/Qwen2.5-7B-Instruct",
	MODELS(models),
};
