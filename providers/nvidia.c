/* providers/nvidia.c — NVIDIA API catalog (USA; build.nvidia.com), NVIDIA-
 * hosted NIM endpoints for NVIDIA's Nemotron and other open models, through
 * one OpenAI-compatible API (https://integrate.api.nvidia.com/v1, Bearer
 * nvapi-… key, NVIDIA_API_KEY). Self-hosted NIM containers are
 * providers/nim.c.
 * Models: ids and limits as stored in models.dev (anomalyco/models.dev
 * providers/nvidia, 2026; DeepSeek-V4-Pro's context from DeepSeek).
 * Prices: as models.dev records them for this catalogue (USD); NVIDIA also
 * offers these endpoints free, rate-limited, for prototyping to Developer
 * Program members, so what an account actually pays may be 0. Not
 * confirmed on an NVIDIA price page; checked 2026-11-23. */
#include "clude/vendor.h"

#define THINK (CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "nvidia/nemotron-3-ultra-550b-a55b", "Nemotron 3 Ultra", 1000000, 65536, THINK, 0.50, 2.50 },
	{ "nvidia/nemotron-3-super-120b-a12b", "Nemotron 3 Super", 262144, 0, THINK, 0.20, 0.80 },
	{ "deepseek-ai/deepseek-v4-pro", "DeepSeek-V4-Pro", 1000000, 393216, THINK, 0.435, 0.87 },
};

const struct vendor vendor_nvidia = {
	.name = "nvidia",
	.display = "NVIDIA API catalog",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://integrate.api.nvidia.com/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "NVIDIA_API_KEY",
	.default_model = "nvidia/nemotron-3-super-120b-a12b",
	MODELS(models),
};
