/* providers/tei.c — Hugging Face Text Embeddings Inference (TEI), a
 * self-hosted server for embedding, reranking and classification models
 * (text-embeddings-router --model-id …; port 3000 by default, the Docker
 * images set 80). Its OpenAI-compatible surface is /v1/embeddings only:
 * there is NO chat endpoint, so `clude chat` against it fails with HTTP 404 —
 * it is declared so that clude lists it, probes it and reports what it is
 * (embeddings are not a clude feature yet). Requests need a bearer key
 * only when the router was started with --api-key.
 * Models: the id is the --model-id it was started with (the common example
 * BAAI/bge-large-en-v1.5); 512 tokens is that model's maximum input.
 * Prices: none, runs locally (0.0); checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "BAAI/bge-large-en-v1.5", "BGE large en v1.5 (embeddings only)", 512, 0, 0, 0.0, 0.0 },
};

const struct vendor vendor_tei = {
	.name = "tei",
	.display = "Text Embeddings Inference (local)",
	.type = VENDOR_LOCAL,
	.region = REGION_ANY,
	.base_url = "http://127.0.0.1:3000/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = NULL,
	.key_optional = 1,
	.default_model = "BAAI/bge-large-en-v1.5",
	MODELS(models),
};
