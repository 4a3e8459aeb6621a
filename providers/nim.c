/* providers/nim.c — NVIDIA NIM for LLMs, self-hosted: an NVIDIA inference
 * microservice container (vLLM/SGLang/TensorRT-LLM inside) serving one model
 * through an OpenAI-compatible API on port 8000 (docker run … -p 8000:8000,
 * then /v1/chat/completions; docs.nvidia.com/nim/large-language-models,
 * quickstart 2.0.x–3.0). The NGC_API_KEY / HF_TOKEN the container needs are
 * for downloading the model, not for requests: no key (one is sent as a
 * bearer when configured, for a NIM behind an authenticating proxy).
 * NVIDIA's hosted endpoints are providers/nvidia.c.
 * Models: the container serves the model it was started with, under the
 * catalogue id (e.g. meta/llama-3.1-8b-instruct, the quickstart's example
 * image nvcr.io/nim/meta/llama-3.1-8b-instruct); context is the model's
 * native maximum; a NIM may be configured to serve less.
 * Prices: none, runs on your GPUs (0.0); checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "meta/llama-3.1-8b-instruct", "Llama 3.1 8B Instruct", 131072, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
	{ "meta/llama-3.3-70b-instruct", "Llama 3.3 70B Instruct", 131072, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
	{ "nvidia/nemotron-3-super-120b-a12b", "Nemotron 3 Super", 262144, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
};

const struct vendor vendor_nim = {
	.name = "nim",
	.display = "NVIDIA NIM (self-hosted)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1:8000/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = NULL,
	.key_optional = 1,
	.default_model = "meta/llama-3.1-8b-instruct",
	MODELS(models),
};
