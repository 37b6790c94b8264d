// SPDX-License-Identifier: GPL-2.0-only
/*
 * SNP_GUEST_REQUEST in the firmware model (fw/guest_msg.c), checked with
 * an independent implementation (OpenSSL's libcrypto): the guest's side
 * of the message protocol is written here from the header table (AES-256-
 * GCM under VMPCKn, IV = the sequence number, AAD = header bytes
 * 0x30-0x5F), the response is decrypted and its report parsed at the
 * ABI's offsets, and the report's ECDSA P-384 signature (R, S
 * little-endian) is verified with OpenSSL over SHA-384 of bytes
 * 0-0x29F. Then each refusal: replay, skip, bad tag, wrong VMPCK, header
 * fields, unknown type, response page state. MSG_KEY_REQ: the key is
 * recomputed with OpenSSL's HKDF from the derivation docs/firmware.md
 * gives; each selected field changes it, unselected fields do not, and
 * every bad field gets its STATUS.
 *
 * Then the VCEK file (fw/vcek.c) with a key and certificate made here
 * with OpenSSL: a good file is taken, each malformed one refused with a
 * reason, and a model given the file signs with its key (verified with
 * OpenSSL's copy of the key, not the model's), reports its CHIP_ID and
 * its TCB.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdlib.h>
#include <string.h>

#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/obj_mac.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include "fw/model.h"
#include "tests/lib/tap.h"

#define RAM_SIZE SZ_2M
#define FWA_SIZE (8 * SZ_4K)
#define ASID	 3u

static uint8_t *ram, *fwa;
static uint64_t ram_table[RAM_SIZE >> 12], fwa_table[FWA_SIZE >> 12];
static struct rmp rmp_ram, rmp_fwa;
static struct fw_model m;
static uint64_t gctx;
static uint8_t *req, *resp; /* fwa pages 1 and 2 */

static uint64_t spa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void fw_page(struct rmp *r, uint64_t p)
{
	struct rmp_state st = { .assigned = true, .immutable = true };

	rmp_update(r, p, &st);
}

static enum sev_status cmd(enum sev_cmd c, void *b)
{
	return fw_cmd(&m.fw, c, b);
}

/* A RUNNING guest with one launched NORMAL page and HOST_DATA; the
 * model signs with vcek when it is not NULL. */
static void setup(const struct fw_vcek *vcek)
{
	struct fw_model_config cfg = {
		.rmps = { &rmp_ram, &rmp_fwa },
		.nr_rmps = 2,
		.max_asid = 15,
		.fms = 0x00a10f11,
		.vcek = vcek,
	};
	struct snp_addr a;
	struct snp_launch_start ls = { .policy = SNP_POLICY_DEFAULT };
	struct snp_activate act = { .asid = ASID };
	struct snp_launch_update lu = { .flags = SNP_LU_PAGE_TYPE(1) };
	struct snp_launch_finish lf;
	struct rmp_state pre = {
		.assigned = true, .immutable = true, .asid = ASID, .gpa = 0
	};

	memset(cfg.seed, 7, sizeof(cfg.seed));
	memset(ram_table, 0, sizeof(ram_table));
	memset(fwa_table, 0, sizeof(fwa_table));
	rmp_sw_init(&rmp_ram, spa(ram), RAM_SIZE, ram_table);
	rmp_sw_init(&rmp_fwa, spa(fwa), FWA_SIZE, fwa_table);
	fw_model_init(&m, &cfg);
	cmd(SEV_CMD_SNP_INIT, NULL);
	gctx = spa(fwa);
	fw_page(&rmp_fwa, gctx);
	a.address = gctx;
	cmd(SEV_CMD_SNP_GCTX_CREATE, &a);
	ls.gctx_paddr = act.gctx_paddr = lu.gctx_paddr = gctx;
	cmd(SEV_CMD_SNP_LAUNCH_START, &ls);
	cmd(SEV_CMD_SNP_ACTIVATE, &act);
	memset(ram, 0x3c, SZ_4K);
	rmp_update(&rmp_ram, spa(ram), &pre);
	lu.address = spa(ram);
	cmd(SEV_CMD_SNP_LAUNCH_UPDATE, &lu);
	memset(&lf, 0, sizeof(lf));
	lf.gctx_paddr = gctx;
	memset(lf.host_data, 0x44, sizeof(lf.host_data));
	tap_eq(cmd(SEV_CMD_SNP_LAUNCH_FINISH, &lf), SEV_STATUS_SUCCESS,
	       "set-up: a RUNNING guest");
	req = fwa + SZ_4K;
	resp = fwa + 2 * SZ_4K;
	fw_page(&rmp_fwa, spa(resp));
}

static int aes_gcm(int enc, const uint8_t key[32], uint64_t seq,
		   const uint8_t *aad, uint8_t *buf, int len, uint8_t tag[16])
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	uint8_t iv[12] = { 0 };
	int n, ok;

	for (int i = 0; i < 8; i++)
		iv[i] = (uint8_t)(seq >> (8 * i));
	ok = EVP_CipherInit_ex(c, EVP_aes_256_gcm(), NULL, key, iv, enc) &&
	     EVP_CipherUpdate(c, NULL, &n, aad, 48) &&
	     EVP_CipherUpdate(c, buf, &n, buf, len);
	if (ok && !enc)
		ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, tag);
	ok = ok && EVP_CipherFinal_ex(c, buf + len, &n);
	if (ok && enc)
		ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag);
	EVP_CIPHER_CTX_free(c);
	return ok;
}

/* The guest's request: header at the ABI's offsets, payload encrypted. */
static void make_req(uint64_t seq, unsigned vmpck, unsigned key_idx,
		     unsigned type, const uint8_t data[64], uint32_t vmpl)
{
	uint8_t *p = req;
	uint16_t hdr_sz = 0x60, sz = 96;

	memset(req, 0, SZ_4K);
	memcpy(p + 0x20, &seq, 8);
	p[0x30] = 1; /* AES-256-GCM */
	p[0x31] = 1; /* header version */
	memcpy(p + 0x32, &hdr_sz, 2);
	p[0x34] = (uint8_t)type;
	p[0x35] = 1;
	memcpy(p + 0x36, &sz, 2);
	p[0x3c] = (uint8_t)vmpck;
	memcpy(p + 0x60, data, 64);
	memcpy(p + 0x60 + 64, &vmpl, 4);
	aes_gcm(1, fw_model_guest(&m, gctx)->vmpck[key_idx], seq, p + 0x30,
		p + 0x60, sz, p);
}

static enum sev_status send(void)
{
	struct snp_guest_request b = { .gctx_paddr = gctx,
				       .req_paddr = spa(req),
				       .res_paddr = spa(resp) };

	memset(resp, 0xab, SZ_4K);
	return cmd(SEV_CMD_SNP_GUEST_REQUEST, &b);
}

static bool resp_untouched(void)
{
	for (unsigned i = 0; i < SZ_4K; i++)
		if (resp[i] != 0xab)
			return false;
	return true;
}

/* OpenSSL's ECDSA verify of a report with key, or the model's public
 * key when key is NULL. */
static bool verify_report_with(const uint8_t *rep, const EC_KEY *key)
{
	uint8_t pub[97], be[48], hash[48];
	EC_KEY *k = EC_KEY_new_by_curve_name(NID_secp384r1);
	const EC_GROUP *grp = EC_KEY_get0_group(k);
	EC_POINT *pt = EC_POINT_new(grp);
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r, *s;
	bool ok;

	if (key) {
		EC_POINT_copy(pt, EC_KEY_get0_public_key(key));
	} else {
		fw_model_vcek_pub(&m, pub);
		EC_POINT_oct2point(grp, pt, pub, sizeof(pub), NULL);
	}
	EC_KEY_set_public_key(k, pt);
	for (int i = 0; i < 48; i++)
		be[i] = rep[0x2a0 + 47 - i];
	r = BN_bin2bn(be, 48, NULL);
	for (int i = 0; i < 48; i++)
		be[i] = rep[0x2e8 + 47 - i];
	s = BN_bin2bn(be, 48, NULL);
	ECDSA_SIG_set0(sig, r, s);
	SHA384(rep, 0x2a0, hash);
	ok = ECDSA_do_verify(hash, 48, sig, k) == 1;
	ECDSA_SIG_free(sig);
	EC_POINT_free(pt);
	EC_KEY_free(k);
	return ok;
}

static bool verify_report(const uint8_t *rep)
{
	return verify_report_with(rep, NULL);
}

static void report(void)
{
	const struct fw_model_guest *g = fw_model_guest(&m, gctx);
	uint8_t data[64], *rep = resp + 0x60 + 0x20, z[24] = { 0 };
	uint64_t seq, pol;
	uint32_t v, st, size;
	uint16_t sz;

	for (int i = 0; i < 64; i++)
		data[i] = (uint8_t)(i * 7 + 1);
	make_req(1, 0, 0, SNP_MSG_REPORT_REQ, data, 0);
	tap_eq(send(), SEV_STATUS_SUCCESS, "MSG_REPORT_REQ, seqno 1: SUCCESS");
	memcpy(&seq, resp + 0x20, 8);
	memcpy(&sz, resp + 0x36, 2);
	tap_check(seq == 2 && resp[0x34] == SNP_MSG_REPORT_RSP &&
			  resp[0x35] == 1 && resp[0x3c] == 0 &&
			  resp[0x30] == 1 && resp[0x31] == 1 &&
			  sz == 0x20 + SNP_REPORT_SIZE,
		  "response header: seqno 2, MSG_REPORT_RSP, version 1, VMPCK0, size 0x4c0");
	tap_check(aes_gcm(0, g->vmpck[0], 2, resp + 0x30, resp + 0x60, sz,
			  resp),
		  "the response decrypts and its tag verifies under VMPCK0 (OpenSSL)");
	memcpy(&st, resp + 0x60, 4);
	memcpy(&size, resp + 0x64, 4);
	tap_check(st == 0 && size == SNP_REPORT_SIZE &&
			  !memcmp(resp + 0x68, z, 24),
		  "MSG_REPORT_RSP: status 0, report size 0x4a0");
	memcpy(&v, rep, 4);
	tap_eq(v, 3, "report VERSION 3");
	memcpy(&pol, rep + 0x08, 8);
	tap_eq(pol, SNP_POLICY_DEFAULT, "report POLICY");
	memcpy(&v, rep + 0x30, 4);
	tap_eq(v, 0, "report VMPL 0");
	memcpy(&v, rep + 0x34, 4);
	tap_eq(v, 1, "report SIGNATURE_ALGO 1 (ECDSA P-384 with SHA-384)");
	tap_check(!memcmp(rep + 0x50, data, 64),
		  "report REPORT_DATA = the request's");
	tap_check(!memcmp(rep + 0x90, g->digest, 48),
		  "report MEASUREMENT = the launch digest");
	tap_check(rep[0xc0] == 0x44 && rep[0xdf] == 0x44, "report HOST_DATA");
	tap_check(!memcmp(rep + 0x140, g->report_id, 32), "report REPORT_ID");
	tap_check(!memcmp(rep + 0x1a0, m.chip_id, 64), "report CHIP_ID");
	tap_check(rep[0x188] == 0x19 && rep[0x189] == 0x11 &&
			  rep[0x18a] == 0x01,
		  "report CPUID family 0x19, model 0x11, stepping 1 (from FMS 0x00a10f11)");
	tap_check(verify_report(rep),
		  "report signature verifies with OpenSSL (R, S little-endian)");
	rep[0x50] ^= 1;
	tap_check(!verify_report(rep),
		  "... and not once REPORT_DATA is changed");

	make_req(1, 0, 0, SNP_MSG_REPORT_REQ, data, 0);
	tap_eq(send(), SEV_STATUS_INVALID_PARAM,
	       "replayed seqno 1: INVALID_PARAM");
	tap_check(resp_untouched(), "... no response written");
	make_req(5, 0, 0, SNP_MSG_REPORT_REQ, data, 0);
	tap_eq(send(), SEV_STATUS_INVALID_PARAM,
	       "skipped seqno 5: INVALID_PARAM");
	tap_check(resp_untouched(), "... no response written");
	make_req(3, 0, 0, SNP_MSG_REPORT_REQ, data, 0);
	req[0] ^= 0x80;
	tap_eq(send(), SEV_STATUS_INVALID_PARAM, "bad GCM tag: INVALID_PARAM");
	tap_check(resp_untouched(), "... no response written");
	make_req(3, 1, 0, SNP_MSG_REPORT_REQ, data, 0);
	tap_eq(send(), SEV_STATUS_INVALID_PARAM,
	       "header names VMPCK1, encrypted under VMPCK0: INVALID_PARAM");
	make_req(3, 4, 0, SNP_MSG_REPORT_REQ, data, 0);
	tap_eq(send(), SEV_STATUS_INVALID_PARAM,
	       "VMPCK index 4: INVALID_PARAM");
	make_req(3, 0, 0, SNP_MSG_REPORT_REQ, data, 0);
	req[0x30] = 2;
	tap_eq(send(), SEV_STATUS_INVALID_PARAM, "algorithm 2: INVALID_PARAM");
	make_req(3, 0, 0, SNP_MSG_REPORT_REQ, data, 0);
	req[0x31] = 2;
	tap_eq(send(), SEV_STATUS_INVALID_PARAM,
	       "header version 2: INVALID_PARAM");
	make_req(3, 0, 0, 1 /* MSG_CPUID_REQ */, data, 0);
	tap_eq(send(), SEV_STATUS_INVALID_PARAM,
	       "MSG_CPUID_REQ (not implemented): INVALID_PARAM");
	tap_check(resp_untouched(), "... no response written");
	make_req(3, 0, 0, 0x42, data, 0);
	tap_eq(send(), SEV_STATUS_INVALID_PARAM,
	       "message type 0x42: INVALID_PARAM");
	tap_check(resp_untouched(), "... no response written");
	{
		struct snp_guest_request b = { .gctx_paddr = gctx,
					       .req_paddr = spa(req),
					       .res_paddr = spa(fwa +
								3 * SZ_4K) };

		make_req(3, 0, 0, SNP_MSG_REPORT_REQ, data, 0);
		tap_eq(cmd(SEV_CMD_SNP_GUEST_REQUEST, &b),
		       SEV_STATUS_INVALID_PAGE_STATE,
		       "response page not a Firmware page: INVALID_PAGE_STATE");
		b.res_paddr = spa(resp) + 8;
		tap_eq(cmd(SEV_CMD_SNP_GUEST_REQUEST, &b),
		       SEV_STATUS_INVALID_ADDRESS,
		       "unaligned response page: INVALID_ADDRESS");
	}
	make_req(3, 0, 0, SNP_MSG_REPORT_REQ, data, 7);
	tap_eq(send(), SEV_STATUS_SUCCESS,
	       "seqno 3 after the refusals (they used no number): SUCCESS");
	aes_gcm(0, g->vmpck[0], 4, resp + 0x30, resp + 0x60, 0x20, resp);
	memcpy(&st, resp + 0x60, 4);
	memcpy(&size, resp + 0x64, 4);
	tap_check(st == SEV_STATUS_INVALID_PARAM && size == 0,
		  "... a report for VMPL 7: status INVALID_PARAM inside the response, no report");
	make_req(5, 1, 1, SNP_MSG_REPORT_REQ, data, 1);
	tap_eq(send(), SEV_STATUS_INVALID_PARAM,
	       "VMPCK1's sequence is its own: seqno 5 is not its next");
	make_req(1, 1, 1, SNP_MSG_REPORT_REQ, data, 1);
	tap_eq(send(), SEV_STATUS_SUCCESS, "VMPCK1, seqno 1: SUCCESS");
	for (uint32_t ks = 2, seq1 = 3; ks <= 3; ks++, seq1 += 2) {
		make_req(seq1, 1, 1, SNP_MSG_REPORT_REQ, data, 0);
		memcpy(req + 0x60 + 0x44, &ks, 4);
		/* re-encrypt with KEY_SEL in place */
		{
			uint8_t clear[96];

			memcpy(clear, data, 64);
			memset(clear + 64, 0, 32);
			memcpy(clear + 0x44, &ks, 4);
			memcpy(req + 0x60, clear, 96);
			aes_gcm(1, g->vmpck[1], seq1, req + 0x30, req + 0x60,
				96, req);
		}
		tap_eq(send(), SEV_STATUS_SUCCESS, "report KEY_SEL %u: SUCCESS",
		       ks);
		aes_gcm(0, g->vmpck[1], seq1 + 1, resp + 0x30, resp + 0x60,
			0x20, resp);
		memcpy(&st, resp + 0x60, 4);
		memcpy(&size, resp + 0x64, 4);
		tap_check(st == (ks == 2 ? SEV_STATUS_INVALID_KEY :
					   SEV_STATUS_INVALID_PARAM) &&
				  size == 0,
			  "... STATUS %s inside, no report",
			  ks == 2 ? "INVALID_KEY (a VLEK, none loaded)" :
				    "INVALID_PARAM (KEY_SEL 3 is reserved)");
	}
}

/* ---- MSG_KEY_REQ, on VMPCK2 ------------------------------------------- */

static uint64_t key_seq; /* VMPCK2's last sequence number */

/* Sends a MSG_KEY_REQ of sz bytes; the response's STATUS and key. */
static enum sev_status key_req(const struct snp_msg_key_req *k, unsigned sz,
			       uint32_t *status, uint8_t key[32])
{
	const struct fw_model_guest *g = fw_model_guest(&m, gctx);
	uint16_t hdr_sz = 0x60, msz = (uint16_t)sz, rsz;
	uint64_t seq = key_seq + 1, rseq;
	enum sev_status st;
	uint8_t z[28] = { 0 };

	memset(req, 0, SZ_4K);
	memcpy(req + 0x20, &seq, 8);
	req[0x30] = 1;
	req[0x31] = 1;
	memcpy(req + 0x32, &hdr_sz, 2);
	req[0x34] = SNP_MSG_KEY_REQ;
	req[0x35] = 1;
	memcpy(req + 0x36, &msz, 2);
	req[0x3c] = 2;
	memcpy(req + 0x60, k, sizeof(*k));
	aes_gcm(1, g->vmpck[2], seq, req + 0x30, req + 0x60, sz, req);
	st = send();
	if (st)
		return st;
	key_seq = seq + 1;
	memcpy(&rseq, resp + 0x20, 8);
	memcpy(&rsz, resp + 0x36, 2);
	if (rseq != seq + 1 || resp[0x34] != SNP_MSG_KEY_RSP || rsz != 0x40 ||
	    !aes_gcm(0, g->vmpck[2], rseq, resp + 0x30, resp + 0x60, rsz,
		     resp) ||
	    memcmp(resp + 0x64, z, sizeof(z)))
		return (enum sev_status)0xbad; /* a malformed response */
	memcpy(status, resp + 0x60, 4);
	memcpy(key, resp + 0x80, 32);
	return st;
}

/* The derivation of docs/firmware.md, written again on OpenSSL. */
static void expect_key(const uint8_t *ikm, size_t ikm_len,
		       const struct snp_msg_key_req *k,
		       const struct fw_model_guest *g, uint8_t out[32])
{
	uint8_t info[256];
	size_t n = 0, olen = 32;
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL);

#define ADD(p, l) (memcpy(info + n, (p), (l)), n += (l))
	ADD("msg-key", 7);
	ADD(&k->guest_field_select, 8);
	ADD(&k->vmpl, 4);
	if (k->guest_field_select & 1)
		ADD(&g->policy, 8);
	if (k->guest_field_select & 2)
		ADD(g->image_id, 16);
	if (k->guest_field_select & 4)
		ADD(g->family_id, 16);
	if (k->guest_field_select & 8)
		ADD(g->digest, 48);
	if (k->guest_field_select & 16)
		ADD(&k->guest_svn, 4);
	if (k->guest_field_select & 32)
		ADD(&k->tcb_version, 8);
#undef ADD
	if (EVP_PKEY_derive_init(c) <= 0 ||
	    EVP_PKEY_CTX_set_hkdf_md(c, EVP_sha384()) <= 0 ||
	    EVP_PKEY_CTX_set1_hkdf_salt(c, (const uint8_t *)"snpvisor-fw-key",
					15) <= 0 ||
	    EVP_PKEY_CTX_set1_hkdf_key(c, ikm, (int)ikm_len) <= 0 ||
	    EVP_PKEY_CTX_add1_hkdf_info(c, info, (int)n) <= 0 ||
	    EVP_PKEY_derive(c, out, &olen) <= 0)
		memset(out, 0, 32);
	EVP_PKEY_CTX_free(c);
}

static bool key_of(const struct snp_msg_key_req *k, uint8_t key[32])
{
	uint32_t st = 0xff;

	return key_req(k, sizeof(*k), &st, key) == SEV_STATUS_SUCCESS &&
	       st == 0;
}

static void keys(void)
{
	struct fw_model_guest *g = (struct fw_model_guest *)
		fw_model_guest(&m, gctx);
	struct snp_msg_key_req k = { .guest_field_select = SNP_GFS_ALL };
	uint8_t a[32], b[32], want[32], z[32] = { 0 };
	uint32_t st;
	static const struct {
		uint64_t bit;
		const char *name;
	} fields[] = {
		{ SNP_GFS_POLICY, "POLICY" },
		{ SNP_GFS_IMAGE_ID, "IMAGE_ID" },
		{ SNP_GFS_FAMILY_ID, "FAMILY_ID" },
		{ SNP_GFS_MEASUREMENT, "MEASUREMENT" },
		{ SNP_GFS_GUEST_SVN, "GUEST_SVN" },
		{ SNP_GFS_TCB_VERSION, "TCB_VERSION" },
	};

	tap_check(key_of(&k, a),
		  "MSG_KEY_REQ, VCEK root, every field: SUCCESS, MSG_KEY_RSP (type 4, 0x40 bytes) under VMPCK2, STATUS 0");
	expect_key(m.vcek_kdf_root, sizeof(m.vcek_kdf_root), &k, g, want);
	tap_check(!memcmp(a, want, 32) && memcmp(a, z, 32),
		  "... the key is HKDF-SHA-384 of the documented inputs (OpenSSL)");
	tap_check(key_of(&k, b) && !memcmp(a, b, 32),
		  "the same request again (next seqno): the same key");
	k.root_key_select = SNP_KEY_ROOT_VMRK;
	tap_check(key_of(&k, b) && memcmp(a, b, 32),
		  "ROOT_KEY_SELECT VMRK: SUCCESS, another key");
	expect_key(g->vmrk, sizeof(g->vmrk), &k, g, want);
	tap_check(!memcmp(b, want, 32),
		  "... HKDF-SHA-384 from the guest's VMRK (OpenSSL)");
	k.root_key_select = 1u << 1; /* KEY_SEL 1: the VCEK by name */
	tap_check(key_of(&k, b) && !memcmp(a, b, 32),
		  "KEY_SEL 1 (VCEK): the same key as KEY_SEL 0 without a VLEK");
	k.root_key_select = 0;
	k.vmpl = 1;
	tap_check(key_of(&k, b) && memcmp(a, b, 32),
		  "VMPL 1 instead of 0: another key (VMPL is always mixed)");
	k.vmpl = 0;

	/* A guest with an ID block's SVN and a committed TCB above 0, so
	 * that GUEST_SVN and TCB_VERSION may take more than one value. */
	g->guest_svn = 9;
	m.tcb = 0x0505000000000505ull;
	for (unsigned i = 0; i < 6; i++) {
		struct snp_msg_key_req k0 = {
			.guest_field_select = fields[i].bit
		};
		struct snp_msg_key_req kn = {
			.guest_field_select = SNP_GFS_ALL & ~fields[i].bit
		};
		uint8_t sel0[32], sel1[32], un0[32], un1[32];
		uint64_t pol = g->policy;
		uint8_t save[48];

		memcpy(save, g->digest, 48);
		tap_check(key_of(&k0, sel0) && key_of(&kn, un0),
			  "%s selected / all but %s: SUCCESS", fields[i].name,
			  fields[i].name);
		/* Change the one field. */
		switch (i) {
		case 0:
			g->policy ^= SNP_POLICY_DEBUG;
			break;
		case 1:
			g->image_id[3] ^= 1;
			break;
		case 2:
			g->family_id[15] ^= 1;
			break;
		case 3:
			g->digest[47] ^= 1;
			break;
		case 4:
			k0.guest_svn = kn.guest_svn = 3;
			break;
		case 5:
			k0.tcb_version = kn.tcb_version = 0x0100000000000203ull;
			break;
		}
		tap_check(key_of(&k0, sel1) && memcmp(sel0, sel1, 32),
			  "... %s changed: the key that selects it changes",
			  fields[i].name);
		tap_check(key_of(&kn, un1) && !memcmp(un0, un1, 32),
			  "... and the key that does not select it stays");
		expect_key(m.vcek_kdf_root, 48, &k0, g, want);
		tap_check(!memcmp(sel1, want, 32),
			  "... OpenSSL agrees with the changed key");
		g->policy = pol;
		memcpy(g->digest, save, 48);
		memset(g->image_id, 0, 16);
		memset(g->family_id, 0, 16);
	}

	/* Bad fields: STATUS in MSG_KEY_RSP, no key, the seqno moves on. */
	{
		static const struct {
			struct snp_msg_key_req k;
			uint32_t st;
			const char *what;
		} bad[] = {
			{ { .root_key_select = 1u << 3 },
			  SEV_STATUS_INVALID_PARAM,
			  "a reserved ROOT_KEY_SELECT bit" },
			{ { .root_key_select = 3u << 1 },
			  SEV_STATUS_INVALID_PARAM,
			  "KEY_SEL 3 (reserved)" },
			{ { .root_key_select = 2u << 1 },
			  SEV_STATUS_INVALID_KEY,
			  "KEY_SEL 2 (VLEK), none loaded" },
			{ { .rsvd = 1 },
			  SEV_STATUS_INVALID_PARAM,
			  "the reserved word at 0x04" },
			{ { .guest_field_select = 1ull << 6 },
			  SEV_STATUS_INVALID_PARAM,
			  "GUEST_FIELD_SELECT bit 6 (reserved in ABI 1.55)" },
			{ { .vmpl = 4 }, SEV_STATUS_INVALID_PARAM, "VMPL 4" },
			{ { .guest_svn = 10 },
			  SEV_STATUS_INVALID_PARAM,
			  "GUEST_SVN 10 above the guest's 9" },
			{ { .tcb_version = 0x0600000000000000ull },
			  SEV_STATUS_INVALID_PARAM,
			  "TCB_VERSION microcode 6 above the committed 5" },
			{ { .tcb_version = 0x0000000000000600ull },
			  SEV_STATUS_INVALID_PARAM,
			  "TCB_VERSION TEE 6 above the committed 5" },
			{ { .tcb_version = 0x0000000100000000ull },
			  SEV_STATUS_INVALID_PARAM,
			  "TCB_VERSION reserved byte 4 set" },
		};

		for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			uint64_t before = key_seq;

			memset(b, 0xee, 32);
			st = 0;
			tap_check(key_req(&bad[i].k, sizeof(bad[i].k), &st,
					  b) == SEV_STATUS_SUCCESS &&
					  st == bad[i].st &&
					  !memcmp(b, z, 32) &&
					  key_seq == before + 2,
				  "MSG_KEY_REQ with %s: STATUS %s, no key, seqno used",
				  bad[i].what, sev_status_name(bad[i].st));
		}
	}
	{
		uint64_t before = key_seq;

		tap_eq(key_req(&k, 0x1f, &st, b), SEV_STATUS_INVALID_PARAM,
		       "MSG_KEY_REQ of 0x1f bytes (short): INVALID_PARAM");
		tap_check(resp_untouched() && key_seq == before,
			  "... no response written, no seqno used");
	}
	g->guest_svn = 0;
	m.tcb = 0;
	k = (struct snp_msg_key_req){ .guest_field_select = SNP_GFS_GUEST_SVN,
				      .guest_svn = 1 };
	tap_check(key_req(&k, sizeof(k), &st, b) == SEV_STATUS_SUCCESS &&
			  st == SEV_STATUS_INVALID_PARAM,
		  "without an ID block (guest SVN 0): GUEST_SVN 1 is INVALID_PARAM");
	k = (struct snp_msg_key_req){ .tcb_version = 1 };
	tap_check(key_req(&k, sizeof(k), &st, b) == SEV_STATUS_SUCCESS &&
			  st == SEV_STATUS_INVALID_PARAM,
		  "committed TCB 0: TCB_VERSION 1 is INVALID_PARAM");
}

/* A P-384 key and a self-signed certificate of it (DER, in *der). */
static EC_KEY *make_key(uint8_t **der, int *der_len)
{
	EC_KEY *k = EC_KEY_new_by_curve_name(NID_secp384r1);
	EVP_PKEY *pk = EVP_PKEY_new();
	X509 *x = X509_new();

	EC_KEY_generate_key(k);
	EVP_PKEY_set1_EC_KEY(pk, k);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, pk);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
				   (const unsigned char *)"test VCEK", -1, -1,
				   0);
	X509_set_issuer_name(x, X509_get_subject_name(x));
	X509_sign(x, pk, EVP_sha384());
	*der = NULL;
	*der_len = i2d_X509(x, der);
	X509_free(x);
	EVP_PKEY_free(pk);
	return k;
}

static const uint8_t guid_ark[16] = { 0xc0, 0xb4, 0x06, 0xa4, 0xa8, 0x03,
				      0x49, 0x52, 0x97, 0x43, 0x3f, 0xb6,
				      0x01, 0x4c, 0xd0, 0xae };
static const uint8_t guid_vcek[16] = { 0x63, 0xda, 0x75, 0x8d, 0xe6, 0x64,
				       0x45, 0x64, 0xad, 0xc5, 0xf4, 0xb9,
				       0x3b, 0xe8, 0xac, 0xcd };

/* The VCEK file of docs/firmware.md: header, then a table with an ARK
 * entry (any bytes) and the VCEK entry. Returns its length. */
static size_t vcek_file(uint8_t *f, const EC_KEY *k, const uint8_t *der,
			int der_len, uint64_t tcb)
{
	uint32_t v = 1, off, len, tlen = 3 * 24 + 16 + (uint32_t)der_len;

	memset(f, 0, 0x88 + tlen);
	memcpy(f, "SNPVCEK1", 8);
	memcpy(f + 8, &v, 4);
	memcpy(f + 12, &tlen, 4);
	memcpy(f + 16, &tcb, 8);
	for (int i = 0; i < 64; i++)
		f[24 + i] = (uint8_t)(0xc0 + i);
	BN_bn2binpad(EC_KEY_get0_private_key(k), f + 88, 48);
	memcpy(f + 0x88, guid_ark, 16);
	off = 72;
	len = 16;
	memcpy(f + 0x88 + 16, &off, 4);
	memcpy(f + 0x88 + 20, &len, 4);
	memcpy(f + 0x88 + 24, guid_vcek, 16);
	off = 88;
	len = (uint32_t)der_len;
	memcpy(f + 0x88 + 40, &off, 4);
	memcpy(f + 0x88 + 44, &len, 4);
	memcpy(f + 0x88 + 88, der, (size_t)der_len);
	return 0x88 + tlen;
}

static void vcek_files(void)
{
	static uint8_t f[8192], bad[8192];
	const uint64_t tcb = 0x7308000000000003ull;
	struct fw_vcek v;
	const char *why = NULL;
	uint8_t *der, *der2, *rep = resp + 0x60 + 0x20, data[64] = { 1 };
	int der_len, der2_len;
	EC_KEY *k = make_key(&der, &der_len), *k2 = make_key(&der2, &der2_len);
	size_t n = vcek_file(f, k, der, der_len, tcb);
	uint64_t t;
	uint16_t sz;
	const struct fw_model_guest *g;

	tap_eq(fw_vcek_parse(f, n, &v, &why), 0, "VCEK file: accepted");
	tap_check(v.reported_tcb == tcb && v.chip_id[0] == 0xc0 &&
			  v.chip_id[63] == 0xc0 + 63 && v.certs == f + 0x88 &&
			  v.certs_len == n - 0x88,
		  "... its TCB, CHIP_ID and certificate table");
#define REFUSED(what, ...)                                                     \
	do {                                                                   \
		memcpy(bad, f, n);                                             \
		__VA_ARGS__;                                                   \
		why = NULL;                                                    \
		rc = fw_vcek_parse(bad, bad_n, &v, &why);                      \
		tap_check(rc == -1 && why, "VCEK file refused: %s (%s)", what, \
			  why ? why : "-");                                    \
	} while (0)
	size_t bad_n = n;
	int rc;

	REFUSED("bad magic", bad[0] = 'X');
	REFUSED("version 2", bad[8] = 2);
	REFUSED("one byte short", bad_n = n - 1);
	bad_n = n;
	REFUSED("a certificate past the table's end", bad[0x88 + 44] += 1);
	REFUSED("a non-zero entry where the end should be",
		memset(bad + 0x88 + 48, 0xff, 16);
		bad_n = 0x88 + 72; memcpy(bad + 12, &(uint32_t){ 72 }, 4));
	bad_n = n;
	REFUSED("no VCEK entry", bad[0x88 + 24] ^= 1);
	REFUSED("an offset into the entries", bad[0x88 + 16] = 8);
	REFUSED("a secret of zero", memset(bad + 88, 0, 48));
	REFUSED("the certificate of another key", memcpy(bad + 88, f + 88, 48);
		vcek_file(bad, k2, der, der_len, tcb); (void)der2_len);
	REFUSED("a secret not matching its certificate", bad[88 + 47] ^= 1);
#undef REFUSED

	fw_vcek_parse(f, n, &v, &why);
	setup(&v);
	memset(v.d, 0, sizeof(v.d)); /* the model keeps its own copy */
	g = fw_model_guest(&m, gctx);
	make_req(1, 0, 0, SNP_MSG_REPORT_REQ, data, 0);
	tap_eq(send(), SEV_STATUS_SUCCESS,
	       "a model with the VCEK file: MSG_REPORT_REQ SUCCESS");
	memcpy(&sz, resp + 0x36, 2);
	aes_gcm(0, g->vmpck[0], 2, resp + 0x30, resp + 0x60, sz, resp);
	tap_check(verify_report_with(rep, k),
		  "... the report verifies with the file's key (OpenSSL's copy)");
	tap_check(!verify_report_with(rep, k2), "... and not with another key");
	tap_check(!memcmp(rep + 0x1a0, f + 24, 64), "... CHIP_ID = the file's");
	memcpy(&t, rep + 0x38, 8);
	tap_eq(t, tcb, "... CURRENT_TCB = the file's TCB");
	memcpy(&t, rep + 0x180, 8);
	tap_eq(t, tcb, "... REPORTED_TCB = the file's TCB");
	memcpy(&t, rep + 0x1e0, 8);
	tap_eq(t, tcb, "... COMMITTED_TCB = the file's TCB");
	memcpy(&t, rep + 0x1f0, 8);
	tap_eq(t, tcb, "... LAUNCH_TCB = the file's TCB");
	OPENSSL_free(der);
	OPENSSL_free(der2);
	EC_KEY_free(k);
	EC_KEY_free(k2);
}

int main(void)
{
	ram = aligned_alloc(SZ_2M, RAM_SIZE);
	fwa = aligned_alloc(SZ_4K, FWA_SIZE);
	if (!ram || !fwa)
		return 2;
	setup(NULL);
	report();
	keys();
	vcek_files();
	free(ram);
	free(fwa);
	return tap_done();
}
