/* providers/friendli.c — FriendliAI (South Korea/USA), serverless
 * inference of open models, OpenAI-compatible at
 * https://api.friendli.ai/serverless/v1 (Bearer personal access token from
 * suite.friendli.ai, FRIENDLI_API_KEY). It rejects tools together with
 * response_format (HTTP 422); rate limits are tight on trial accounts.
 * Models and prices: the authenticated /serverless/v1/models roster
 * (2026-09-06) and GLM-5.3's price and 131072-token output ceiling as
 * stored in juspay/neurolink docs/getting-started/providers/friendli.md;
 * "1M" context read as 1048576 (the source's own reading, given for
 * GLM-5.3 only); the other models' context and prices were not given there
 * (0 / PRICE_UNKNOWN). Checked 2026-11-23. */
#include "clude/vendor.h"

#define THINK (CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "zai-org/GLM-5.3", "GLM-5.3", 1048576, 131072, THINK, 1.40, 4.40 },
	{ "zai-org/GLM-5.3-Flash", "GLM-5.3 Flash", 0, 0, THINK, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "deepseek-ai/DeepSeek-V3.2", "DeepSeek-V3.2", 0, 0, THINK, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_friendli = {
	.name = "friendli",
	.display = "FriendliAI",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.friendli.ai/serverless/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "FRIENDLI_API_KEY",
	.default_model = "zai-org/GLM-5.3",
	MODELS(models),
};
