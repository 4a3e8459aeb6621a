/* providers/ernie.c — Baidu ERNIE (文心, Wenxin; China), Baidu's own
 * models, served by Baidu AI Cloud Qianfan through its OpenAI-compatible v2
 * API (https://qianfan.baidubce.com/v2, "Authorization: Bearer" with a
 * Qianfan API key, bce-v3/ALTAK-…). The legacy Wenxin Workshop API
 * (aip.baidubce.com/rpc/2.0/…/wenxinworkshop with an AK/SK access token) is
 * not spoken by clude. Third-party models hosted on Qianfan are declared in
 * providers/qianfan.c (same endpoint and key).
 * Models: Qianfan's model list (cloud.baidu.com/doc/qianfan/s/rmh4stp0j,
 * updated 2026-09-16) as stored in juspay/neurolink's baidu-qianfan guide;
 * ERNIE 5.0 and ERNIE 4.5 Turbo were retired on 2026-10-29, so not listed.
 * ERNIE 5.5 Flash Preview (released 2026-11-11, 1M context) per apidog.com's
 * ERNIE 5.5 Flash API guide (2026-11-12); its max output and price were not
 * found (0 / PRICE_UNKNOWN).
 * Prices: Qianfan billing page (cloud.baidu.com/doc/qianfan/s/wmh4sv6ya,
 * updated 2026-09-24), ERNIE 5.1 at 0.004/0.018 CNY per 1K tokens for
 * prompts up to 32K (longer prompts cost more), i.e. 4/18 CNY per 1M,
 * converted at 7.2 CNY/USD; checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "ernie-5.1", "ERNIE 5.1", 128000, 65536, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.56, 2.50 },
	{ "ernie-5.5-flash-preview", "ERNIE 5.5 Flash Preview", 1000000, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_ernie = {
	.name = "ernie",
	.display = "Baidu ERNIE (Wenxin)",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://qianfan.baidubce.com/v2",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "QIANFAN_API_KEY",
	.default_model = "ernie-5.1",
	MODELS(models),
};
