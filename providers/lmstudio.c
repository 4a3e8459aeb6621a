/* providers/lmstudio.c — LM Studio's local server (Developer tab or
 * `lms server start`), OpenAI-compatible; no key by default.
 * Prices: none, runs locally (0.0); checked 2026-11-23. Ids are LM Studio
 * catalogue keys; context is the model's native maximum (LM Studio loads
 * with a smaller default context length unless changed). */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "openai/gpt-oss-20b", "GPT-OSS 20B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
	{ "qwen/qwen3-8b", "Qwen3 8B", 40960, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
	{ "google/gemma-3-4b", "Gemma 3 4B", 131072, 0, CAP_VISION | CAP_STREAM, 0.0, 0.0 },
	{ "meta-llama-3.1-8b-instruct", "Llama 3.1 8B Instruct", 131072, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
};

const struct vendor vendor_lmstudio = {
	.name = "lmstudio",
	.display = "LM Studio (local)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1:1234/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = NULL,
	.key_optional = 1,
	.default_model = "openai/gpt-oss-20b",
	MODELS(models),
};
