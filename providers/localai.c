/* providers/localai.c — LocalAI, a self-hosted OpenAI-compatible server
 * (many backends); default port 8080, like llama.cpp. A key is needed only
 * if the server sets LOCALAI_API_KEY (or API_KEY).
 * Prices: none, runs locally (0.0); checked 2026-11-23. The All-in-One
 * images expose the aliases "gpt-4" (text) and "gpt-4o" (vision) mapped to
 * local models, so their context depends on the image (0 = unknown); the
 * gallery ids below carry the models' native context. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "gpt-4", "AIO text model (alias)", 0, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
	{ "gpt-4o", "AIO vision model (alias)", 0, 0, CAP_VISION | CAP_STREAM, 0.0, 0.0 },
	{ "llama-3.2-3b-instruct", "Llama 3.2 3B Instruct", 131072, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
	{ "qwen2.5-7b-instruct", "Qwen2.5 7B Instruct", 32768, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
};

const struct vendor vendor_localai = {
	.name = "localai",
	.display = "LocalAI (local)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1:8080/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "LOCALAI_API_KEY",
	.key_optional = 1,
	.default_model = "gpt-4",
	MODELS(models),
};
