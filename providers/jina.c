/* providers/jina.c — Jina AI (Germany/USA, now part of Elastic). Jina's APIs
 * are search foundations — embeddings (api.jina.ai/v1/embeddings), reranker,
 * Reader (r.jina.ai), Search (s.jina.ai) — none of them chat. Its one chat
 * endpoint is DeepSearch, an agent that searches, reads and reasons before it
 * answers, served OpenAI-compatible at https://deepsearch.jina.ai/v1/chat/
 * completions (node-DeepResearch README; LobeHub's Jina provider uses
 * https://deepsearch.jina.ai/v1 with sdkType openai), which is what is
 * declared here: each answer runs a whole search loop, so it is slow.
 * JINA_API_KEY (jina_…) is the variable Jina's own tools read.
 * Prices: Jina sells one token balance shared by all its APIs (new keys get
 * 10M free tokens); DeepSearch draws on it by tokens used in its whole search
 * loop, with no per-1M list price for chat: PRICE_UNKNOWN. Context not
 * published (0). Checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "jina-deepsearch-v1", "Jina DeepSearch v1", 0, 0, CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_jina = {
	.name = "jina",
	.display = "Jina AI DeepSearch",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://deepsearch.jina.ai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "JINA_API_KEY",
	.default_model = "jina-deepsearch-v1",
	MODELS(models),
};
