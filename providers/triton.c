/* providers/triton.c — NVIDIA Triton Inference Server, self-hosted, through
 * its OpenAI-compatible frontend (python3 openai_frontend/main.py
 * --model-repository … --tokenizer …, in the tritonserver *-vllm-python-py3
 * containers), which listens on port 9000 (Uvicorn on
 * 0.0.0.0:9000) and serves /v1/chat/completions and /v1/models
 * (docs.nvidia.com/deeplearning/triton-inference-server, client_guide/
 * openai_readme, 26.x). Triton's native KServe API on port 8000 is not
 * OpenAI-compatible. No key (one is sent as a bearer when configured).
 * Models: ids are the model names in Triton's model repository; the one
 * below is the docs' example (tests/vllm_models). Context depends on the
 * model and backend configuration (0 = unknown).
 * Prices: none, runs on your GPUs (0.0); checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "llama-3.1-8b-instruct", "Llama 3.1 8B Instruct (model repository)", 0, 0, CAP_TOOLS | CAP_STREAM, 0.0, 0.0 },
};

const struct vendor vendor_triton = {
	.name = "triton",
	.display = "NVIDIA Triton (OpenAI frontend)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1:9000/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = NULL,
	.key_optional = 1,
	.default_model = "llama-3.1-8b-instruct",
	MODELS(models),
};
