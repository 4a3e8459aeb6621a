/* providers/xinference.c — Xorbits Inference (Xinference), a self-hosted
 * model server (vLLM, SGLang, llama.cpp, transformers backends) with an
 * OpenAI-compatible API under /v1 on its default port 9997 (xinference-local
 * --port 9997; xorbitsai's own examples use http://127.0.0.1:9997). No key
 * unless the server runs with authentication enabled; a configured key is
 * sent as a bearer.
 * Models: the id is the model UID chosen at launch, which defaults to the
 * model name (xinference launch --model-name qwen3); context depends on the
 * launched model and its settings (0 = unknown).
 * Prices: none, runs locally (0.0); checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "qwen3", "Qwen3 (launched model UID)", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
	{ "qwen2.5-instruct", "Qwen2.5 Instruct (launched model UID)", 0, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
};

const struct vendor vendor_xinference = {
	.name = "xinference",
	.display = "Xorbits Inference (local)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1:9997/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = NULL,
	.key_optional = 1,
	.default_model = "qwen3",
	MODELS(models),
};
