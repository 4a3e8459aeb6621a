/* providers/sambanova.c — SambaNova Cloud (USA), inference on SambaNova's
 * RDU chips, OpenAI-compatible at https://api.sambanova.ai/v1 (Bearer key,
 * SAMBANOVA_API_KEY; no free allowance, credits must be bought).
 * Models: the live roster of 2026-08-27 (context 128K read as 131072,
 * MiniMax-M2.7 192K read as 196608; DeepSeek-V3.2 and gemma-4-31B-it are
 * previews that "may be removed at short notice", not listed).
 * Prices: SambaNova's pricing page (USD, 2026-08-27) as stored in
 * juspay/neurolink docs/getting-started/providers/sambanova.md; checked
 * 2026-11-23. MiniMax-M3's price is the MiniMax family's $0.60/$2.40 on
 * that page. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "Meta-Llama-3.3-70B-Instruct", "Llama 3.3 70B Instruct", 131072, 0, CAP_TOOLS | CAP_STREAM, 0.60, 1.20 },
	{ "gpt-oss-120b", "GPT-OSS 120B", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.22, 0.59 },
	{ "DeepSeek-V3.1", "DeepSeek-V3.1", 131072, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 3.00, 4.50 },
	{ "MiniMax-M2.7", "MiniMax-M2.7", 196608, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.60, 2.40 },
	{ "MiniMax-M3", "MiniMax-M3", 0, 0, CAP_VISION | CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.60, 2.40 },
};

const struct vendor vendor_sambanova = {
	.name = "sambanova",
	.display = "SambaNova Cloud",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.sambanova.ai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "SAMBANOVA_API_KEY",
	.default_model = "gpt-oss-120b",
	MODELS(models),
};
