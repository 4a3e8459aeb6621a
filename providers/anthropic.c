/* providers/anthropic.c — Anthropic (USA), the Claude models over the
 * Messages API. Ids, context windows, max output and prices (USD, standard
 * tier) from the model pages of platform.claude.com/docs/en/models/
 * (opus-5-5, sonnet-5-5, haiku-5-5; the legacy opus-5 and sonnet-5 pages),
 * as stored in October 2026; checked 2026-11-23. Haiku 5.5 is priced for
 * prompts up to 100K tokens ($0.50 / $2.50 above that). Claude Fable, the
 * tier above Opus, is left out. All are adaptive-thinking models. */
#include "clude/vendor.h"

#define CLAUDE (CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING)

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "claude-opus-5-5", "Claude Opus 5.5", 1000000, 128000, CLAUDE, 4.00, 20.00 },
	{ "claude-sonnet-5-5", "Claude Sonnet 5.5", 1000000, 128000, CLAUDE, 2.00, 10.00 },
	{ "claude-haiku-5-5", "Claude Haiku 5.5", 1000000, 128000, CLAUDE, 0.10, 0.50 },
	{ "claude-opus-5", "Claude Opus 5", 1000000, 128000, CLAUDE, 5.00, 25.00 },
	{ "claude-sonnet-5", "Claude Sonnet 5", 1000000, 128000, CLAUDE, 2.00, 10.00 },
};

const struct vendor vendor_anthropic = {
	.name = "anthropic",
	.display = "Anthropic",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.anthropic.com/v1",
	.auth = AUTH_HEADER,
	.auth_header = "x-api-key",
	.protocol = "anthropic",
	.key_env = "ANTHROPIC_API_KEY",
	.default_model = "claude-sonnet-5-5",
	MODELS(models),
};
