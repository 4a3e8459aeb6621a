/* providers/tencent_ti.c — Tencent Cloud TI-ONE (TI platform; China): LLMs
 * you deploy yourself as TI-ONE online services. Services built on the
 * platform's LLM inference images (vLLM-based) answer the OpenAI chat API;
 * each service has its own invocation address, so base_url is a TEMPLATE:
 * set providers.tencent_ti.base_url to the address shown on the service's
 * invocation page, followed by /v1, and the key to its authentication token
 * if the service has authentication on. The exact address format and the
 * header TI-ONE expects could not be confirmed in a stored copy of Tencent's
 * docs (tencentcloud.com/document/product/851 only describes TI-ONE's own
 * management API, TC3-signed, which clude does not speak); a bearer token is
 * assumed. TI-ONE names no variable for the key: TENCENT_TI_API_KEY is
 * clude's.
 * Models: the id must be the name the service serves (GET …/v1/models); the
 * one below is a placeholder for a Hunyuan or open model you deployed.
 * Prices: TI-ONE bills compute resources, not tokens: PRICE_UNKNOWN;
 * checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "YOUR-SERVED-MODEL", "Model served by your TI-ONE service", 0, 0, CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_tencent_ti = {
	.name = "tencent_ti",
	.display = "Tencent Cloud TI-ONE",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://YOUR-TI-ONE-SERVICE-ADDRESS/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.needs_base_url = 1,
	.key_env = "TENCENT_TI_API_KEY",
	.default_model = "YOUR-SERVED-MODEL",
	MODELS(models),
};
