/* providers/sagemaker.c — Amazon SageMaker AI real-time endpoints (USA):
 * models you deploy in your own AWS account (vLLM, SGLang, LMI or llama.cpp
 * containers), reached through the OpenAI-compatible route SageMaker added
 * on 2026-05-20: https://runtime.sagemaker.REGION.amazonaws.com/endpoints/
 * ENDPOINT-NAME/openai/v1, which takes /chat/completions (streaming too) with
 * a short-lived bearer token (docs.aws.amazon.com/sagemaker/latest/dg/
 * realtime-endpoints-openai-compatible). base_url is a TEMPLATE: set
 * providers.sagemaker.base_url to your region and endpoint name.
 * The key is that token, minted from your AWS credentials by the SageMaker
 * Python SDK (sagemaker.core.token_generator.generate_token, valid up to 12
 * hours, needs sagemaker:CallWithBearerToken and sagemaker:InvokeEndpoint);
 * AWS names no variable for it, SAGEMAKER_BEARER_TOKEN is clude's. The
 * classic InvokeEndpoint API (…/invocations, SigV4-signed, container-specific
 * body) is not spoken by clude: the "bedrock" protocol signs Bedrock's
 * Converse API, not SageMaker runtime.
 * Models: the model field goes to the container as is, so the id must be the
 * name the container serves (vLLM: --served-model-name); the one below is
 * the model of AWS's example (Qwen3-4B from Hugging Face). Context depends
 * on the deployment (0 = unknown).
 * Prices: SageMaker bills instance-hours, not tokens: PRICE_UNKNOWN;
 * checked 2026-11-23. */
#include "clude/vendor.h"

static const struct model_info models[] = {
	/* id, name, context, max output, caps, $ in /1M, $ out /1M */
	{ "Qwen/Qwen3-4B", "Qwen3 4B (your deployment)", 0, 0, CAP_TOOLS | CAP_STREAM | CAP_REASONING, PRICE_UNKNOWN, PRICE_UNKNOWN },
};

const struct vendor vendor_sagemaker = {
	.name = "sagemaker",
	.display = "AWS SageMaker AI",
	.type = VENDOR_CLOUD,
	.region = REGION_INTL,
	.base_url = "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/YOUR-ENDPOINT/openai/v1",
	.auth = AUTH_BEARER,
	.protocol = "openai",
	.needs_base_url = 1,
	.key_env = "SAGEMAKER_BEARER_TOKEN",
	.default_model = "Qwen/Qwen3-4B",
	MODELS(models),
};
