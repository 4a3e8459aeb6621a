/* providers/vertex.c — Google Vertex AI (USA; now sold as Gemini Enterprise
 * Agent Platform), the Gemini models through Google Cloud: the same
 * generateContent protocol (src/proto/gemini.c) with an OAuth access token as
 * bearer, e.g. VERTEX_ACCESS_TOKEN=$(gcloud auth print-access-token) (it
 * expires after about an hour). base_url is a template: the config MUST set it
 * with the real project, e.g.
 *   https://aiplatform.googleapis.com/v1/projects/MY-PROJECT/locations/global/publishers/google
 * or a region: https://us-central1-aiplatform.googleapis.com/v1/projects/
 * MY-PROJECT/locations/us-central1/publishers/google (Gemini 3 models are served
 * from global and multi-regions). The protocol appends /models/{model}:…
 * Prices (USD): 3.5 Flash as Vertex lists it (the Gemini API's, as stored in
 * Zoo-Code's vertex model table, 2026-05); 3.1 Pro assumed at the Gemini API's
 * price (providers/gemini.c); 3.8 Flash and 3.5 Flash-Lite not verified on
 * Vertex, so unknown. Checked 2026-11-23. */
#include "clude/vendor.h"

#define GEMINI3 (CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "gemini-3.8-flash", "Gemini 3.8 Flash", 1048576, 65536, GEMINI3, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "gemini-3.5-flash", "Gemini 3.5 Flash", 1048576, 65536, GEMINI3, 1.50, 9.00 },
	{ "gemini-3.5-flash-lite", "Gemini 3.5 Flash-Lite", 1048576, 65536, GEMINI3, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "gemini-3.1-pro-preview", "Gemini 3.1 Pro (preview)", 1048576, 65536, GEMINI3, 2.00, 12.00 },
};

const struct vendor vendor_vertex = {
	.name = "vertex",
	.display = "Google Vertex AI",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://aiplatform.googleapis.com/v1/projects/PROJECT/locations/global/publishers/google",
	.auth = AUTH_BEARER,
	.protocol = "gemini",
	.needs_base_url = 1,
	.key_env = "VERTEX_ACCESS_TOKEN",
	.default_model = "gemini-3.5-flash",
	MODELS(models),
};
