/* providers/llamacpp.c — llama.cpp's llama-server, a local GGUF model
 * server with an OpenAI-compatible API. A key is needed only if the server
 * was started with --api-key (or LLAMA_API_KEY, the variable llama-server
 * itself reads, per common/arg.cpp).
 * Prices: none, runs locally (0.0); checked 2026-11-23. In single-model
 * mode llama-server answers with whatever model it loaded and ignores the
 * "model" field; the ids below are common GGUF aliases, and the context is
 * the model's native maximum (llama-server's -c sets the real one). */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "llama-3.2-3b-instruct", "Llama 3.2 3B Instruct", 131072, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
	{ "qwen3-8b", "Qwen3 8B", 40960, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
	{ "gemma-3-4b-it", "Gemma 3 4B IT", 131072, 0, CAP_VISION | CAP_STREAM, 0.0, 0.0 },
	{ "gpt-oss-20b", "GPT-OSS 20B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
};

const struct vendor vendor_llamacpp = {
	.name = "llamacpp",
	.display = "llama.cpp server (local)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1:8080/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "LLAMA_API_KEY",
	.key_optional = 1,
	.default_model = "llama-3.2-3b-instruct",
	MODELS(models),
};
