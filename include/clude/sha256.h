/* sha256.h — SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), self-contained
 * so that AWS Signature Version 4 needs no crypto library. */
#ifndef CLUDE_SHA256_H
#define CLUDE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32

struct sha256_ctx {
	uint32_t h[8];
	uint64_t total; /* bytes hashed so far */
	uint8_t block[64];
	size_t used;    /* bytes waiting in block */
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_LEN]);

/* One-shot digest of data. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);
void hmac_sha256(const void *key, size_t key_len, const void *msg, size_t msg_len,
		 uint8_t out[SHA256_LEN]);
/* Lowercase hex of n bytes into out (2n + 1 bytes). */
void hex_encode(const uint8_t *bytes, size_t n, char *out);

#endif
