/* providers/baichuan.c — Baichuan Intelligence (China), the Baichuan
 * models, through its OpenAI-compatible chat API
 * (https://api.baichuan-ai.com/v1/chat/completions, Bearer key, SSE), as
 * used by LangChain's Baichuan integration (BAICHUAN_API_KEY). The M-series
 * are medical reasoning models; Baichuan 4 is the general chat line.
 * Prices: https://platform.baichuan-ai.com/price (CNY), with context and
 * max output, as stored in LobeHub's model bank (baichuan.ts, 2026);
 * converted at 7.2 CNY/USD; checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "Baichuan4-Turbo", "Baichuan 4 Turbo", 32768, 4096, CAP_TOOLS | CAP_STREAM, 2.08, 2.08 },
	{ "Baichuan4-Air", "Baichuan 4 Air", 32768, 4096, CAP_TOOLS | CAP_STREAM, 0.136, 0.136 },
	{ "Baichuan4", "Baichuan 4", 32768, 4096, CAP_TOOLS | CAP_STREAM, 13.89, 13.89 },
	{ "Baichuan-M3", "Baichuan M3 (medical)", 32768, 32768, CAP_STREAM | CAP_REASONING, 1.39, 4.17 },
	{ "Baichuan-M3-Plus", "Baichuan M3 Plus (medical)", 32768, 32768, CAP_STREAM | CAP_REASONING, 0.69, 1.25 },
};

const struct vendor vendor_baichuan = {
	.name = "baichuan",
	.display = "Baichuan",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://api.baichuan-ai.com/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "BAICHUAN_API_KEY",
	.default_model = "Baichuan4-Turbo",
	MODELS(models),
};
