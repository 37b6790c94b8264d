// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VCEK file (docs/firmware.md "The VCEK file"): what hv.efi needs to
 * sign reports with the VCEK of tools/snp-certs.py's self-made TEST chain
 * (NOT AMD's) and to serve that chain in the certificate table of SNP
 * Extended Guest Request (GHCB spec "SNP Extended Guest Request").
 *
 * Layout, little-endian: "SNPVCEK1", u32 version (1), u32 table length,
 * u64 REPORTED_TCB (SNP FW ABI "TCB_VERSION"), CHIP_ID (64), the VCEK's
 * P-384 secret scalar (48, big-endian), then the certificate table.
 *
 * Checked before use: the header, the table (entries in bounds, ended by
 * an all-zero entry, certificates inside the table after it, a VCEK
 * entry), the scalar (a valid P-384 secret) and that the VCEK
 * certificate's public key (BearSSL's X.509 decoder) is the scalar's.
 * The signatures of the chain are the verifier's business, not the
 * firmware's (tools/snp-attest.py).
 */
#include <string.h>

#include <bearssl_ec.h>
#include <bearssl_x509.h>

#include "fw/model.h"

#define HDR_LEN 0x88u

static const uint8_t guid_vcek[16] = { 0x63, 0xda, 0x75, 0x8d, 0xe6, 0x64,
				       0x45, 0x64, 0xad, 0xc5, 0xf4, 0xb9,
				       0x3b, 0xe8, 0xac, 0xcd };

static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* The table's VCEK certificate, or NULL (*why says what is wrong). */
static const uint8_t *walk_table(const uint8_t *t, size_t len,
				 uint32_t *vcek_len, const char **why)
{
	const uint8_t *vcek = NULL;
	size_t n, end;

	for (n = 0;; n++) {
		const uint8_t *e = t + 24 * n;
		uint32_t off, clen;
		static const uint8_t zero[24];

		if (24 * (n + 1) > len) {
			*why = "certificate table without its all-zero entry";
			return NULL;
		}
		if (!memcmp(e, zero, 24))
			break;
		off = le32(e + 16);
		clen = le32(e + 20);
		if (!clen || off > len || clen > len - off) {
			*why = "certificate outside the table";
			return NULL;
		}
		if (!memcmp(e, guid_vcek, 16)) {
			vcek = t + off;
			*vcek_len = clen;
		}
	}
	end = 24 * (n + 1);
	for (size_t i = 0; i < n; i++)
		if (le32(t + 24 * i + 16) < end) {
			*why = "certificate overlaps the table's entries";
			return NULL;
		}
	if (!vcek)
		*why = "no VCEK entry in the certificate table";
	return vcek;
}

int fw_vcek_parse(const void *file, size_t len, struct fw_vcek *out,
		  const char **why)
{
	static br_x509_decoder_context dc; /* large: not on hv's stack */
	const uint8_t *f = file, *cert;
	const br_x509_pkey *pk;
	br_ec_private_key sk;
	br_ec_public_key pub;
	uint8_t q[BR_EC_KBUF_PUB_MAX_SIZE];
	uint32_t tlen, clen = 0;
	size_t qlen;

	memset(out, 0, sizeof(*out));
	if (len < HDR_LEN || memcmp(f, "SNPVCEK1", 8) || le32(f + 8) != 1) {
		*why = "not a version 1 VCEK file";
		return -1;
	}
	tlen = le32(f + 12);
	if (tlen != len - HDR_LEN || tlen > FW_VCEK_MAX_TABLE) {
		*why = "certificate table length does not match the file";
		return -1;
	}
	cert = walk_table(f + HDR_LEN, tlen, &clen, why);
	if (!cert)
		return -1;
	memcpy(&out->reported_tcb, f + 16, 8);
	memcpy(out->chip_id, f + 24, 64);
	memcpy(out->d, f + 88, 48);
	sk = (br_ec_private_key){ .curve = BR_EC_secp384r1,
				  .x = out->d,
				  .xlen = 48 };
	qlen = br_ec_compute_pub(&br_ec_prime_i31, &pub, q, &sk);
	if (!qlen) {
		*why = "the VCEK secret is not a P-384 key";
		return -1;
	}
	br_x509_decoder_init(&dc, NULL, NULL);
	br_x509_decoder_push(&dc, cert, clen);
	pk = br_x509_decoder_get_pkey(&dc);
	if (!pk || pk->key_type != BR_KEYTYPE_EC ||
	    pk->key.ec.curve != BR_EC_secp384r1 || pk->key.ec.qlen != qlen ||
	    memcmp(pk->key.ec.q, q, qlen)) {
		*why = "the VCEK certificate's key is not the file's VCEK secret";
		return -1;
	}
	out->certs = f + HDR_LEN;
	out->certs_len = tlen;
	return 0;
}
