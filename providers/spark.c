/* providers/spark.c — iFlytek Spark (讯飞星火, China), through its
 * OpenAI-compatible HTTP API (https://spark-api-open.xf-yun.com/v1). The key
 * is the "APIPassword" of the model's page in the iFlytek console (HTTP
 * service credentials), not the APIKey/APISecret pair of the native
 * WebSocket API, which clude does not speak. SPARK_API_KEY is the variable
 * other OpenAI-compatible clients use for it.
 * Models and limits: https://www.xfyun.cn/doc/spark/HTTP调用文档.html (max
 * input/output: 4.0 Ultra 32K/32K — now the X1.5 fast-thinking model — Max
 * 8K/8K, Max-32K 32K/8K, Pro-128K 128K/4K, Lite 8K/4K); 4.0 Ultra's context
 * is input plus output as in LobeHub's model bank (spark.ts).
 * Prices: Spark is sold as token packages in CNY and no per-token list
 * price was found, so PRICE_UNKNOWN; Lite is free (0.0) per the same page.
 * Checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "4.0Ultra", "Spark 4.0 Ultra (X1.5)", 65536, 32768, CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "generalv3.5", "Spark Max", 8192, 8192, CAP_TOOLS | CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "max-32k", "Spark Max-32K", 32768, 8192, CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "pro-128k", "Spark Pro-128K", 131072, 4096, CAP_STREAM, PRICE_UNKNOWN, PRICE_UNKNOWN },
	{ "lite", "Spark Lite (free)", 8192, 4096, CAP_STREAM, 0.0, 0.0 },
};

const struct vendor vendor_spark = {
	.name = "spark",
	.display = "iFlytek Spark",
	.type = VENDOR_CLOUD,
	.region = REGION_CHINA,
	.base_url = "https://spark-api-open.xf-yun.com/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.key_env = "SPARK_API_KEY",
	.default_model = "4.0Ultra",
	MODELS(models),
};
