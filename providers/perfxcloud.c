/* providers/perfxcloud.c — PerfXCloud (澎峰云, PerfXLab; China), a GPU cloud
 * and model-API platform with an OpenAI-compatible API at
 * https://cloud.perfxlab.cn/v1 (the default of RAGFlow's and Dify's
 * PerfXCloud integrations; one other client uses https://api.perfxcloud.com/v1,
 * not confirmed by PerfXLab). Bearer key from the PerfXCloud console;
 * PERFXCLOUD_API_KEY as that client names it.
 * Models: PerfXCloud's current roster was not found in a stored copy; the
 * one below is a chat model seen called on this endpoint in public code
 * (Llama3-Chinese_v2) — run `clude models list --provider perfxcloud --live`
 * for the live list (/v1/models). Context not published (0).
 * Prices: not found: PRICE_UNKNOWN; checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "Llama3-Chinese_v2", "Llama3 Chinese v2", 0, 0, CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_perfxcloud = {
	.name = "perfxcloud",
	.display = "PerfXCloud",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://cloud.perfxlab.cn/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "PERFXCLOUD_API_KEY",
	.default_model = "Llama3-Chinese_v2",
	MODELS(models),
};
