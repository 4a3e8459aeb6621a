/* providers/bedrock.c — AWS Bedrock (USA), the Converse API, requests
 * signed with AWS Signature Version 4 by src/proto/bedrock.c (which never
 * calls proto_add_auth: auth_header below only labels `providers show`).
 * The key is the access key id; the secret, session token and region come
 * from AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN / AWS_REGION or the entry's
 * extra: secret_access_key, session_token, region. With no base_url the
 * endpoint follows the region (bedrock-runtime.REGION.amazonaws.com).
 * Models: ids as Converse takes them; Claude and Nova 2 through global
 * cross-Region inference profiles, Llama 4 through the US profile.
 * Claude: ids from Anthropic's "Claude on Amazon Bedrock (legacy)" table
 * (Opus 4.7 and later, Sonnet 5+, Fable are served only on Bedrock's
 * Messages-API endpoint, not by Converse); context/output and list prices
 * from platform.claude.com model pages and the Bedrock Opus 4.6 model card
 * (global profiles bill at list price). Nova: Bedrock model cards and the
 * Nova 2 user guide for ids and limits; prices as stored in vercel.com
 * AI Gateway (Nova 2 Lite) and swfte.com / tokenmix.ai (Nova Pro, Lite,
 * Micro). Llama 4 Maverick: Bedrock model card; $0.24/$0.97 as stored in
 * two public Bedrock price tables. Mistral Large 3: AWS price list
 * (us-east-1) as stored in a public client catalogue, 256K context from
 * its model card. All checked 2026-11-23; 0 = unknown. */
#include "clude/vendor.h"

#define CLAUDE (CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING)
#define NOVA (CAP_VISION | CAP_TOOLS | CAP_STREAM)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "global.anthropic.claude-opus-4-6-v1", "Claude Opus 4.6", 1000000, 128000, CLAUDE, 5.00, 25.00 },
	{ "global.anthropic.claude-sonnet-4-6", "Claude Sonnet 4.6", 1000000, 128000, CLAUDE, 3.00, 15.00 },
	{ "global.anthropic.claude-haiku-4-5-20251001-v1:0", "Claude Haiku 4.5", 200000, 64000, CLAUDE, 1.00, 5.00 },
	{ "global.amazon.nova-2-lite-v1:0", "Amazon Nova 2 Lite", 1000000, 65535, NOVA | CAP_REASONING, 0.33, 2.75 },
	{ "amazon.nova-pro-v1:0", "Amazon Nova Pro", 300000, 5000, NOVA, 0.80, 3.20 },
	{ "amazon.nova-lite-v1:0", "Amazon Nova Lite", 300000, 5000, NOVA, 0.06, 0.24 },
	{ "amazon.nova-micro-v1:0", "Amazon Nova Micro", 128000, 5000, CAP_TOOLS | CAP_STREAM, 0.035, 0.14 },
	{ "us.meta.llama4-maverick-17b-instruct-v1:0", "Llama 4 Maverick 17B", 1000000, 8192, CAP_VISION | CAP_TOOLS | CAP_STREAM, 0.24, 0.97 },
	{ "mistral.mistral-large-3-675b-instruct", "Mistral Large 3", 262144, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM, 0.50, 1.50 },
};

const struct vendor vendor_bedrock = {
	.name = "bedrock",
	.display = "AWS Bedrock",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://bedrock-runtime.us-east-1.amazonaws.com",
	.auth = AUTH_HEADER,
	.auth_header = "Authorization (AWS SigV4)",
	.protocol = "bedrock",
	.key_env = "AWS_ACCESS_KEY_ID",
	.key_optional = 0,
	.default_model = "global.anthropic.claude-sonnet-4-6",
	MODELS(models),
};
