/* providers/upstage.c — Upstage (South Korea), the Solar models,
 * OpenAI-compatible at https://api.upstage.ai/v1 (Bearer up_… key,
 * UPSTAGE_API_KEY; older clients used the …/v1/solar root). New accounts get
 * a $10 credit.
 * Models and prices: Upstage's roster (authenticated /v1/models, 2026-09-03)
 * and USD prices as stored in juspay/neurolink docs/getting-started/
 * providers/upstage.md; "512K" context and Solar Pro 4's "up to 128K"
 * output read as 524288/131072, other max outputs not published (0);
 * checked 2026-11-23. solar-pro4 resolves to solar-pro4-260806. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "solar-pro4", "Solar Pro 4", 524288, 131072, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.30, 1.20 },
	{ "solar-pro3", "Solar Pro 3", 524288, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.15, 0.60 },
	{ "solar-mini", "Solar Mini", 524288, 0, CAP_TOOLS | CAP_STREAM, 0.15, 0.15 },
};

const struct vendor vendor_upstage = {
	.name = "upstage",
	.display = "Upstage Solar",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.upstage.ai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "UPSTAGE_API_KEY",
	.default_model = "solar-pro4",
	MODELS(models),
};
