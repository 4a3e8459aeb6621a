/* providers/stepfun.c — StepFun (China), the Step models, through its
 * OpenAI-compatible API on the global platform (api.stepfun.ai, USD).
 * Mainland accounts use https://api.stepfun.com/v1 (separate keys); the
 * Step Plan subscription has its own root, …/step_plan/v1.
 * Prices: https://platform.stepfun.ai/docs/en/guides/pricing/details.md
 * (USD, cache-miss input) and the model pages for context and max output,
 * as stored in juspay/neurolink docs/getting-started/providers/stepfun.md
 * (retrieved 2026-09-29); checked 2026-11-23. "256K"/"1M"/"64k" are read as
 * 256000/1000000/64000; max output 0 = not published. */
#include "clude/vendor.h"

#define STEP (CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "step-5-preview", "Step 5 Preview", 1000000, 64000, STEP | CAP_VISION, 1.00, 2.70 },
	{ "step-3.7-flash", "Step 3.7 Flash", 256000, 0, STEP | CAP_VISION, 0.20, 1.15 },
	{ "step-3.5-flash", "Step 3.5 Flash", 256000, 0, STEP, 0.10, 0.30 },
	{ "step-3.5-flash-2603", "Step 3.5 Flash 2603", 256000, 0, STEP, 0.10, 0.30 },
};

const struct vendor vendor_stepfun = {
	.name = "stepfun",
	.display = "StepFun",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://api.stepfun.ai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "STEPFUN_API_KEY",
	.default_model = "step-3.7-flash",
	MODELS(models),
};
