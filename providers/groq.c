/* providers/groq.c — Groq (USA), fast LPU inference of open-weight models,
 * OpenAI-compatible under /openai/v1.
 * Prices: https://groq.com/pricing (USD), as stored in tokenmix.ai's Groq
 * access guide (verified 2026-06-04, gpt-oss-120b) and in open-source price
 * tables (2026) for the others; checked 2026-11-23. Context and max output
 * are Groq's model-page values as of late 2025, not re-checked. Newer
 * models (e.g. qwen/qwen3.8-27b) exist but no price was found. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "openai/gpt-oss-120b", "GPT-OSS 120B", 131072, 65536, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.15, 0.60 },
	{ "openai/gpt-oss-20b", "GPT-OSS 20B", 131072, 65536, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.075, 0.30 },
	{ "moonshotai/kimi-k2-instruct-0905", "Kimi K2 Instruct 0905", 262144, 16384, CAP_TOOLS | CAP_STREAM, 1.00, 3.00 },
	{ "qwen/qwen3-32b", "Qwen3 32B", 131072, 40960, CAP_TOOLS | CAP_STREAM | CAP_REASONING, 0.29, 0.59 },
	{ "llama-3.3-70b-versatile", "Llama 3.3 70B Versatile", 131072, 32768, CAP_TOOLS | CAP_STREAM, 0.59, 0.79 },
	{ "llama-3.1-8b-instant", "Llama 3.1 8B Instant", 131072, 131072, CAP_TOOLS | CAP_STREAM, 0.05, 0.08 },
};

const struct vendor vendor_groq = {
	.name = "groq",
	.display = "Groq",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://api.groq.com/openai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "GROQ_API_KEY",
	.default_model = "openai/gpt-oss-120b",
	MODELS(models),
};
