/* providers/hunyuan.c — Tencent Hunyuan (China), Tencent's own HY models,
 * through the Hunyuan OpenAI-compatible endpoint
 * (https://api.hunyuan.cloud.tencent.com/v1, Bearer key from the Hunyuan
 * console; Tencent's examples read it from HUNYUAN_API_KEY). The native
 * Hunyuan API (hunyuan.tencentcloudapi.com) signs requests with a
 * SecretId/SecretKey pair (TC3-HMAC-SHA256), which clude does not speak.
 * Tencent is moving its models to TokenHub (providers/tencentcloud.c, where
 * Hy3 and Hy4 are served); the older turbos/t1 ids were retired in 2026.
 * Models: ids, context and max output from Tencent's model overview
 * (cloud.tencent.com/document/product/1729/104753) as stored in
 * desirecore/config-center compute/providers/tencent.json (2026-04-23).
 * Prices: not found on an official page — the only figures seen were
 * derived from a reseller's USD list and marked unconfirmed — so
 * PRICE_UNKNOWN; checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "hunyuan-2.0-instruct-20251111", "Tencent HY 2.0 Instruct", 128000, 16000, CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "hunyuan-2.0-thinking-20251109", "Tencent HY 2.0 Think", 128000, 64000, CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_hunyuan = {
	.name = "hunyuan",
	.display = "Tencent Hunyuan",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://api.hunyuan.cloud.tencent.com/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "HUNYUAN_API_KEY",
	.default_model = "hunyuan-2.0-instruct-20251111",
	MODELS(models),
};
