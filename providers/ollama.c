/* providers/ollama.c — Ollama, a local model server, spoken to through its
 * native API (src/proto/ollama.c: /api/chat, /api/tags) at the server root.
 * No key: it ignores Authorization (a key is sent when one is configured, for
 * an Ollama behind an authenticating proxy). For the OpenAI-compatible /v1
 * endpoint declare a custom entry (type: openai_compat, base_url …/v1).
 * Prices: none, runs locally (0.0); checked 2026-11-23. Context windows are
 * the models' native maxima as listed in the Ollama library; Ollama itself
 * loads models with a much smaller default num_ctx unless configured
 * (OLLAMA_CONTEXT_LENGTH or a Modelfile). Any pulled model id works. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "llama3.2", "Llama 3.2 3B", 131072, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
	{ "qwen3", "Qwen3 8B", 40960, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
	{ "qwen2.5", "Qwen2.5 7B", 32768, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
	{ "gemma3", "Gemma 3 4B", 131072, 0, CAP_VISION | CAP_STREAM, 0.0, 0.0 },
	{ "mistral", "Mistral 7B", 32768, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
	{ "deepseek-r1", "DeepSeek-R1 8B (distill)", 131072, 0, CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
	{ "gpt-oss", "GPT-OSS 20B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
};

const struct vendor vendor_ollama = {
	.name = "ollama",
	.display = "Ollama (local)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1:11434",
	.auth = AUTH_BEARER,
	.protocol = "ollama",
	.key_env = NULL,
	.key_optional = 1,
	.default_model = "llama3.2",
	MODELS(models),
};
