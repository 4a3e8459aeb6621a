/* providers/openllm.c — OpenLLM (BentoML), a self-hosted server that runs
 * open-weight models as OpenAI-compatible endpoints: `openllm serve
 * llama3.2:1b` listens on port 3000 with the API under /v1 (LangChain's
 * OpenLLM wrapper: base_url http://localhost:3000/v1, api_key "na"). No key.
 * Models: the id is the name the server lists at GET /v1/models — for the
 * BentoML-packaged models, the Hugging Face repository id, e.g. the one
 * below for llama3.2:1b (not confirmed on a running server). Context 0 =
 * depends on the model and its settings.
 * Prices: none, runs locally (0.0); checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "meta-llama/Llama-3.2-1B-Instruct", "Llama 3.2 1B Instruct", 0, 0, CAP_STREAM, 0.0, 0.0 },
};

const struct vendor vendor_openllm = {
	.name = "openllm",
	.display = "OpenLLM (local)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1:3000/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = NULL,
	.key_optional = 1,
	.default_model = "meta-llama/Llama-3.2-1B-Instruct",
	MODELS(models),
};
