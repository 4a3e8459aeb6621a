/* providers/gpustack.c — GPUStack (GPU cluster manager that deploys models
 * on vLLM, SGLang, llama-box … across machines), self-hosted. It serves
 * OpenAI-compatible APIs under /v1 (docs.gpustack.ai/latest/user-guide/
 * openai-compatible-apis; releases before 2.x used /v1-openai) on the
 * server's port, 80 by default (gpustack start --port). Keys are created in
 * its UI (API Keys) and sent as a bearer; GPUSTACK_API_KEY is the variable
 * its docs export. Requests from localhost need no key unless the server
 * runs with --force-auth-localhost.
 * Models: ids are the names given to deployments (the docs' example:
 * qwen3); context depends on the deployment (0 = unknown).
 * Prices: none, runs on your GPUs (0.0); checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "qwen3", "Qwen3 (deployment name)", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.0, 0.0 },
};

const struct vendor vendor_gpustack = {
	.name = "gpustack",
	.display = "GPUStack (self-hosted)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "GPUSTACK_API_KEY",
	.key_optional = 1,
	.default_model = "qwen3",
	MODELS(models),
};
