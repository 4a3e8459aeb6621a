/* providers/tencentcloud.c — Tencent Cloud TokenHub (China), Tencent
 * Cloud's model-as-a-service platform: Tencent's Hy models (and hosted
 * third-party models) behind one OpenAI-compatible API, Bearer key from the
 * TokenHub console (cloud.tencent.com/document/product/1823/132252). This is
 * the mainland endpoint; international accounts use
 * https://tokenhub-intl.tencentmaas.com/v1. Key variable as OpenClaw's
 * Tencent plugin names it (TOKENHUB_API_KEY). The international TokenHub
 * bills USD per 1M tokens (tencentcloud.com/document/product/1300/78936).
 * Models: hy3-preview's limits from Tencent's Hunyuan guide (context 256k,
 * output 128k); its TokenHub price was not found (PRICE_UNKNOWN). Hy4 and
 * Hy4 Preview (Aug 2026): limits and prices as listed by Vercel AI Gateway,
 * which serves them from Tencent Cloud at its list price
 * (vercel.com/ai-gateway/models/hy4, …/hy4-preview); their TokenHub model
 * ids are taken to be Vercel's without the "tencent/" prefix (not
 * confirmed on a Tencent page). Checked 2026-11-23. */
#include "clude/vendor.h"

#define HY (CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "hy3-preview", "Tencent Hy3 Preview", 256000, 128000, HY, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "hy4", "Tencent Hy4", 1024000, 64000, HY, 0.417, 1.2505 },
	{ "hy4-preview", "Tencent Hy4 Preview", 1024000, 64000, HY, 0.834, 2.501 },
};

const struct vendor vendor_tencentcloud = {
	.name = "tencentcloud",
	.display = "Tencent Cloud TokenHub",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://tokenhub.tencentmaas.com/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "TOKENHUB_API_KEY",
	.default_model = "hy3-preview",
	MODELS(models),
};
