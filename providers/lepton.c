/* providers/lepton.c — Lepton AI (USA), acquired by NVIDIA in 2025 and now
 * NVIDIA DGX Cloud Lepton: GPU compute where you deploy endpoints (vLLM,
 * SGLang or NIM containers) that serve an OpenAI-compatible chat API. Before
 * NVIDIA, Lepton also ran shared serverless endpoints
 * (https://MODEL.lepton.run/api/v1); DGX Cloud Lepton documents per-workload
 * endpoints instead, each with its own URL, so base_url is a TEMPLATE: set
 * providers.lepton.base_url to the endpoint URL from the dashboard
 * (dashboard.dgxc-lepton.nvidia.com) followed by /v1, and the key to the
 * endpoint's API token (printed by `lep endpoint create`, or set with
 * --tokens), sent as a bearer. LEPTON_API_TOKEN is the variable Lepton's
 * clients used for it.
 * Models: the id must be the name the endpoint serves (vLLM: the checkpoint,
 * e.g. meta-llama/Llama-3.1-8B-Instruct as in NVIDIA NeMo Evaluator's Lepton
 * vLLM example); context depends on the deployment (0 = unknown).
 * Prices: Lepton bills GPU time, not tokens: PRICE_UNKNOWN; checked
 * 2026-11-23 (docs.nvidia.com/dgx-cloud/lepton, github.com/leptonai/leptonai). */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "meta-llama/Llama-3.1-8B-Instruct", "Llama 3.1 8B Instruct (your endpoint)", 0, 0, CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_lepton = {
	.name = "lepton",
	.display = "NVIDIA DGX Cloud Lepton",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://YOUR-LEPTON-ENDPOINT-URL/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.needs_base_url = 1,
	.key_env = "LEPTON_API_TOKEN",
	.default_model = "meta-llama/Llama-3.1-8B-Instruct",
	MODELS(models),
};
