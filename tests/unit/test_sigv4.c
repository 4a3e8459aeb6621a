/* test_sigv4.c — SHA-256 (FIPS 180-2 vectors), HMAC-SHA-256 (RFC 4231) and
 * AWS Signature Version 4: AWS's published IAM ListUsers example reproduced
 * exactly (canonical request, string to sign, key, signature), cases of
 * AWS's SigV4 test suite, and the double-encoded path Bedrock ids need. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clude/sha256.h"
#include "clude/sigv4.h"

#define AKID "AKIDEXAMPLE"
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define T20150830 ((time_t)1440938160) /* 2015-08-30T12:36:00Z */

static void hex_of(const void *data, size_t len, char out[65])
{
	uint8_t d[32];
	sha256(data, len, d);
	hex_encode(d, 32, out);
}

static void test_sha256_fips(void **state)
{
	(void)state;
	char h[65];
	hex_of("abc", 3, h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of("", 0, h);
	assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	hex_of(two, strlen(two), h);
	assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");

	/* one million 'a', fed in uneven pieces */
	char *a = malloc(1000000);
	memset(a, 'a', 1000000);
	struct sha256_ctx c;
	sha256_init(&c);
	size_t off = 0, step = 1;
	while (off < 1000000) {
		size_t n = step < 1000000 - off ? step : 1000000 - off;
		sha256_update(&c, a + off, n);
		off += n;
		step = step * 7 % 1031 + 1;
	}
	uint8_t d[32];
	sha256_final(&c, d);
	hex_encode(d, 32, h);
	assert_string_equal(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);

	/* every length around the padding boundary agrees with one-shot hashing */
	char buf[130];
	memset(buf, 'x', sizeof buf);
	for (size_t n = 50; n < sizeof buf; n++) {
		char one[65], two_h[65];
		hex_of(buf, n, one);
		sha256_init(&c);
		sha256_update(&c, buf, n / 2);
		sha256_update(&c, buf + n / 2, n - n / 2);
		sha256_final(&c, d);
		hex_encode(d, 32, two_h);
		assert_string_equal(one, two_h);
	}
}

static void check_hmac(const void *key, size_t kl, const void *msg, size_t ml, const char *want)
{
	uint8_t d[32];
	char h[65];
	hmac_sha256(key, kl, msg, ml, d);
	hex_encode(d, 32, h);
	assert_string_equal(h, want);
}

static void test_hmac_rfc4231(void **state)
{
	(void)state;
	uint8_t k[131], m[50];
	memset(k, 0x0b, 20);
	check_hmac(k, 20, "Hi There", 8,
		   "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	check_hmac("Jefe", 4, "what do ya want for nothing?", 28,
		   "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	memset(k, 0xaa, 20);
	memset(m, 0xdd, 50);
	check_hmac(k, 20, m, 50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
	for (int i = 0; i < 25; i++)
		k[i] = (uint8_t)(i + 1);
	memset(m, 0xcd, 50);
	check_hmac(k, 25, m, 50, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
	memset(k, 0xaa, 131); /* keys longer than a block are hashed first */
	const char *t6 = "Test Using Larger Than Block-Size Key - Hash Key First";
	check_hmac(k, 131, t6, strlen(t6),
		   "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	const char *t7 = "This is a test using a larger than block-size key and a larger than "
			 "block-size data. The key needs to be hashed before being used by the "
			 "HMAC algorithm.";
	check_hmac(k, 131, t7, strlen(t7),
		   "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

static const char *header(const struct http_request *r, const char *name)
{
	size_t n = strlen(name);
	const char *found = NULL;
	for (size_t i = 0; i < r->n_headers; i++)
		if (!strncasecmp(r->headers[i], name, n) && r->headers[i][n] == ':') {
			assert_null(found); /* never twice */
			found = r->headers[i] + n + 2;
		}
	return found;
}

static struct sigv4_params example(const char *service)
{
	return (struct sigv4_params){ .access_key = AKID, .secret_key = SECRET,
				      .region = "us-east-1", .service = service,
				      .now = T20150830 };
}

/* AWS General Reference, "Signature Version 4 signing process": GET
 * https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08 */
static void test_aws_iam_example(void **state)
{
	(void)state;
	uint8_t key[32];
	char hex[65];
	sigv4_signing_key(SECRET, "20150830", "us-east-1", "iam", key);
	hex_encode(key, 32, hex);
	assert_string_equal(hex, "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");

	struct http_request r = { .method = strdup("GET"),
				  .url = strdup("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08") };
	http_request_add_header(&r, "Content-Type: application/x-www-form-urlencoded; charset=utf-8");
	struct sigv4_params p = example("iam");
	struct sigv4_trace tr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(sigv4_sign(&r, &p, &tr, &err), 0);
	assert_string_equal(tr.canonical_request,
			    "GET\n"
			    "/\n"
			    "Action=ListUsers&Version=2010-05-08\n"
			    "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
			    "host:iam.amazonaws.com\n"
			    "x-amz-date:20150830T123600Z\n"
			    "\n"
			    "content-type;host;x-amz-date\n"
			    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of(tr.canonical_request, strlen(tr.canonical_request), hex);
	assert_string_equal(hex, "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
	assert_string_equal(tr.string_to_sign,
			    "AWS4-HMAC-SHA256\n"
			    "20150830T123600Z\n"
			    "20150830/us-east-1/iam/aws4_request\n"
			    "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
	assert_string_equal(tr.signature,
			    "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
	assert_string_equal(header(&r, "Authorization"),
			    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
			    "SignedHeaders=content-type;host;x-amz-date, "
			    "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
	assert_string_equal(header(&r, "X-Amz-Date"), "20150830T123600Z");
	assert_string_equal(header(&r, "Host"), "iam.amazonaws.com");
	assert_null(header(&r, "X-Amz-Security-Token"));
	assert_null(header(&r, "X-Amz-Content-Sha256"));

	/* signing again replaces, never doubles, the signing headers */
	size_t n = r.n_headers;
	assert_int_equal(sigv4_sign(&r, &p, NULL, &err), 0);
	assert_int_equal(r.n_headers, n);
	assert_non_null(strstr(header(&r, "Authorization"), "Signature=5d672d79c15b"));
	sigv4_trace_free(&tr);
	http_request_free(&r);
}

/* Cases of AWS's aws-sig-v4-test-suite (service "service", us-east-1). */
static void suite_case(const char *method, const char *url, const char *hdr, const char *body,
		       const char *token, const char *want_auth)
{
	struct http_request r = { .method = strdup(method), .url = strdup(url) };
	if (hdr)
		http_request_add_header(&r, "%s", hdr);
	if (body) {
		r.body = strdup(body);
		r.body_len = strlen(body);
	}
	struct sigv4_params p = example("service");
	p.session_token = token;
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(sigv4_sign(&r, &p, NULL, &err), 0);
	assert_string_equal(header(&r, "Authorization"), want_auth);
	http_request_free(&r);
}

static void test_aws_suite(void **state)
{
	(void)state;
	suite_case("GET", "https://example.amazonaws.com/?Param2=value2&Param1=value1", NULL, NULL,
		   NULL,
		   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
		   "SignedHeaders=host;x-amz-date, "
		   "Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
	suite_case("POST", "https://example.amazonaws.com/", NULL, NULL, NULL,
		   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
		   "SignedHeaders=host;x-amz-date, "
		   "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
	suite_case("POST", "https://example.amazonaws.com/",
		   "Content-Type: application/x-www-form-urlencoded", "Param1=value1", NULL,
		   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
		   "SignedHeaders=content-type;host;x-amz-date, "
		   "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
	/* post-sts-header-before: the session token is a signed header */
	suite_case("POST", "https://example.amazonaws.com/", NULL, NULL,
		   "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==",
		   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
		   "SignedHeaders=host;x-amz-date;x-amz-security-token, "
		   "Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead");
	/* header values are trimmed and runs of spaces folded */
	suite_case("POST", "https://example.amazonaws.com/", "My-Header1:    VALUE1   ", NULL, NULL,
		   "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
		   "SignedHeaders=host;my-header1;x-amz-date, "
		   "Signature=cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d");
}

/* Bedrock model ids hold ':': sent as %3A, canonical as %253A. */
static void test_double_encoded_path(void **state)
{
	(void)state;
	struct buf seg = { 0 };
	sigv4_uri_encode(&seg, "anthropic.claude-haiku-4-5-20251001-v1:0", 40, false);
	assert_string_equal(seg.data, "anthropic.claude-haiku-4-5-20251001-v1%3A0");
	buf_reset(&seg);
	sigv4_uri_encode(&seg, "a b/c~d+é", strlen("a b/c~d+é"), true);
	assert_string_equal(seg.data, "a%20b/c~d%2B%C3%A9");
	buf_free(&seg);

	struct http_request r = {
		.method = strdup("POST"),
		.url = strdup("http://127.0.0.1:8123/model/anthropic.claude-v1%3A0/converse?x=a%20b&a=1"),
		.body = strdup("{}"), .body_len = 2,
	};
	http_request_add_header(&r, "Content-Type: application/json");
	struct sigv4_params p = example("bedrock");
	p.region = "eu-west-3";
	p.session_token = "TOKEN/+=";
	p.content_sha256 = true;
	struct sigv4_trace tr = { 0 };
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(sigv4_sign(&r, &p, &tr, &err), 0);
	assert_string_equal(tr.canonical_request,
			    "POST\n"
			    "/model/anthropic.claude-v1%253A0/converse\n"
			    "a=1&x=a%20b\n"
			    "content-type:application/json\n"
			    "host:127.0.0.1:8123\n"
			    "x-amz-content-sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\n"
			    "x-amz-date:20150830T123600Z\n"
			    "x-amz-security-token:TOKEN/+=\n"
			    "\n"
			    "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token\n"
			    "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
	assert_string_equal(header(&r, "Host"), "127.0.0.1:8123");
	assert_string_equal(header(&r, "X-Amz-Security-Token"), "TOKEN/+=");
	assert_non_null(strstr(header(&r, "Authorization"),
			       "Credential=AKIDEXAMPLE/20150830/eu-west-3/bedrock/aws4_request, "));
	assert_non_null(strstr(tr.string_to_sign, "20150830/eu-west-3/bedrock/aws4_request"));
	sigv4_trace_free(&tr);
	http_request_free(&r);
}

static void test_hosts_and_errors(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "https://h.example:443/x", "h.example" },
		{ "http://h.example:80", "h.example" },
		{ "https://user:pw@h.example:8443/", "h.example:8443" },
		{ "http://[::1]:9000/a", "[::1]:9000" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct http_request r = { .method = strdup("GET"), .url = strdup(cases[i][0]) };
		struct sigv4_params p = example("s3");
		struct clude_err err;
		err_clear(&err);
		assert_int_equal(sigv4_sign(&r, &p, NULL, &err), 0);
		assert_string_equal(header(&r, "Host"), cases[i][1]);
		http_request_free(&r);
	}
	struct http_request r = { .method = strdup("GET"), .url = strdup("not a url") };
	struct sigv4_params p = example("s3");
	struct clude_err err;
	err_clear(&err);
	assert_int_equal(sigv4_sign(&r, &p, NULL, &err), -1);
	free(r.url);
	r.url = strdup("https://h.example/");
	p.secret_key = "";
	assert_int_equal(sigv4_sign(&r, &p, NULL, &err), -1);
	assert_int_equal(err.code, CLUDE_ECONFIG);
	assert_null(header(&r, "Authorization"));
	http_request_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_fips),
		cmocka_unit_test(test_hmac_rfc4231),
		cmocka_unit_test(test_aws_iam_example),
		cmocka_unit_test(test_aws_suite),
		cmocka_unit_test(test_double_encoded_path),
		cmocka_unit_test(test_hosts_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
