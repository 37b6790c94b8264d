// SPDX-License-Identifier: GPL-2.0-only
/*
 * SNP_GUEST_REQUEST in the firmware model (fw/model.h, docs/firmware.md):
 * the guest message protocol (SNP FW ABI "Guest Messages", "Message
 * Header") and MSG_REPORT_REQ (SNP FW ABI "MSG_REPORT_REQ", "ATTESTATION
 * _REPORT Structure"), over BearSSL: AES-256-GCM with the VMPCK the
 * header names, SHA-384 and ECDSA P-384 with RFC 6979 nonces.
 *
 * A request is refused, and no response written, when the header is not
 * version 1 / 0x60 bytes / AES-256-GCM, the VMPCK index is above 3, the
 * payload does not fit, the sequence number is not the next one for that
 * VMPCK (a replay or a skip), or the tag does not verify. The status for
 * all of these is INVALID_PARAM: model's choice. The ABI text was not
 * reachable when this was checked, and the guest side does not tell
 * codes apart: Linux's sev-guest wipes the VMPCK on any firmware error
 * and passes the code up unread. An unknown message type is the same. A
 * sequence number about to wrap is AEAD_OFLOW, the code named for it.
 * Messages: MSG_REPORT_REQ and MSG_KEY_REQ. NOT IMPLEMENTED: the other
 * message types (CPUID, export, import, absorb, VMRK: refused as
 * unknown), VLEK, ID blocks (FAMILY_ID, IMAGE_ID, GUEST_SVN zero). The
 * TCB fields are those of the VCEK file (fw/vcek.c), zero without one.
 */
#include <string.h>

#include <bearssl_aead.h>
#include <bearssl_block.h>
#include <bearssl_ec.h>
#include <bearssl_hash.h>
#include <bearssl_kdf.h>
#include <bearssl_rand.h>

#include "fw/model.h"
#include "include/sizes.h"

#define HDR_SZ 0x60u

struct msg_hdr {
	uint8_t authtag[32];
	uint64_t msg_seqno;
	uint8_t rsvd1[8];
	uint8_t algo;
	uint8_t hdr_version;
	uint16_t hdr_sz;
	uint8_t msg_type;
	uint8_t msg_version;
	uint16_t msg_sz;
	uint32_t rsvd2;
	uint8_t msg_vmpck;
	uint8_t rsvd3[35];
} __attribute__((packed));
_Static_assert(sizeof(struct msg_hdr) == HDR_SZ, "message header");

static void gcm(const uint8_t key[32], uint64_t seqno, const uint8_t *aad,
		uint8_t *data, size_t len, int encrypt, uint8_t tag[16],
		bool *ok)
{
	br_aes_ct64_ctr_keys aes;
	br_gcm_context gc;
	uint8_t iv[12] = { 0 };

	memcpy(iv, &seqno, 8); /* the sequence number, little-endian */
	br_aes_ct64_ctr_init(&aes, key, 32);
	br_gcm_init(&gc, &aes.vtable, br_ghash_ctmul64);
	br_gcm_reset(&gc, iv, sizeof(iv));
	br_gcm_aad_inject(&gc, aad, HDR_SZ - 0x30);
	br_gcm_flip(&gc);
	br_gcm_run(&gc, encrypt, data, len);
	if (encrypt)
		br_gcm_get_tag(&gc, tag);
	else
		*ok = br_gcm_check_tag(&gc, tag);
}

/* The VCEK: the VCEK file's (fw_model_init), else a stand-in P-384 key
 * from the boot seed (HMAC_DRBG), made once, that nothing certifies.
 * Neither is AMD's. */
_Static_assert(sizeof(((struct fw_model *)0)->vcek) >= BR_EC_KBUF_PRIV_MAX_SIZE,
	       "room for a P-384 secret");

static const br_ec_private_key *vcek(struct fw_model *m, br_ec_private_key *sk)
{
	if (!m->vcek_ready) {
		br_hmac_drbg_context rng;

		br_hmac_drbg_init(&rng, &br_sha384_vtable, m->cfg.seed,
				  sizeof(m->cfg.seed));
		br_hmac_drbg_update(&rng, "vcek", 4);
		m->vcek_len = (unsigned)br_ec_keygen(&rng.vtable,
						     &br_ec_prime_i31, sk,
						     m->vcek, BR_EC_secp384r1);
		m->vcek_ready = true;
	}
	sk->curve = BR_EC_secp384r1;
	sk->x = m->vcek;
	sk->xlen = m->vcek_len;
	return sk;
}

size_t fw_model_vcek_pub(struct fw_model *m, uint8_t out[97])
{
	br_ec_public_key pk;
	br_ec_private_key sk;

	return br_ec_compute_pub(&br_ec_prime_i31, &pk, out, vcek(m, &sk));
}

/* Big-endian r||s (48 bytes each) to the report's little-endian,
 * zero-extended 72-byte R and S. */
static void put_sig(uint8_t *rep, const uint8_t *rs)
{
	for (unsigned i = 0; i < 48; i++) {
		rep[0x2a0 + i] = rs[47 - i];
		rep[0x2e8 + i] = rs[95 - i];
	}
}

static void build_report(struct fw_model *m, const struct fw_model_guest *g,
			 const uint8_t *req, uint8_t *rep)
{
	uint32_t version = SNP_REPORT_VERSION, vmpl, algo = 1;
	uint8_t hash[48], rs[96];
	br_sha384_context c;
	br_ec_private_key sk;

	memcpy(&vmpl, req + 64, 4);
	memset(rep, 0, SNP_REPORT_SIZE);
	memcpy(rep + 0x00, &version, 4);
	memcpy(rep + 0x08, &g->policy, 8);
	memcpy(rep + 0x30, &vmpl, 4);
	memcpy(rep + 0x34, &algo, 4);
	/* CURRENT_TCB, REPORTED_TCB, COMMITTED_TCB and LAUNCH_TCB: one TCB,
	 * the one the VCEK is for (SNP FW ABI "ATTESTATION_REPORT
	 * Structure"); zero without a VCEK file. */
	memcpy(rep + 0x38, &m->tcb, 8);
	memcpy(rep + 0x180, &m->tcb, 8);
	memcpy(rep + 0x1e0, &m->tcb, 8);
	memcpy(rep + 0x1f0, &m->tcb, 8);
	memcpy(rep + 0x50, req, 64); /* REPORT_DATA */
	memcpy(rep + 0x90, g->digest, 48);
	memcpy(rep + 0xc0, g->host_data, 32);
	memcpy(rep + 0x140, g->report_id, 32);
	/* CPUID Fn0000_0001 EAX as the APM decodes it ("CPUID Fn0000_0001
	 * EAX Family, Model, Stepping"): the extended fields count only when
	 * the base family is Fh. */
	{
		uint32_t f = m->cfg.fms, fam = (f >> 8) & 0xf,
			 mod = (f >> 4) & 0xf;

		if (fam == 0xf) {
			fam += (f >> 20) & 0xff;
			mod |= (f >> 12) & 0xf0;
		}
		rep[0x188] = (uint8_t)fam;
		rep[0x189] = (uint8_t)mod;
		rep[0x18a] = (uint8_t)(f & 0xf);
	}
	memcpy(rep + 0x1a0, m->chip_id, 64);
	rep[0x1e9] = FW_MODEL_API_MINOR;
	rep[0x1ea] = FW_MODEL_API_MAJOR;
	rep[0x1ed] = FW_MODEL_API_MINOR;
	rep[0x1ee] = FW_MODEL_API_MAJOR;
	br_sha384_init(&c);
	br_sha384_update(&c, rep, 0x2a0);
	br_sha384_out(&c, hash);
	br_ecdsa_i31_sign_raw(&br_ec_prime_i31, &br_sha384_vtable, hash,
			      vcek(m, &sk), rs);
	put_sig(rep, rs);
}

/*
 * SNP FW ABI "MSG_REPORT_REQ": REPORT_DATA (64), VMPL at 0x40, KEY_SEL at
 * 0x44 (bits 1:0: 0 VLEK if loaded else VCEK, 1 VCEK, 2 VLEK, 3
 * reserved). MSG_REPORT_RSP: STATUS, REPORT_SIZE, 24 reserved, the
 * report. A VMPL above 3 or the reserved KEY_SEL is INVALID_PARAM, a
 * VLEK asked for when none is loaded (this model never has one)
 * INVALID_KEY, the status Linux's sev-guest maps with INVALID_PARAM to
 * -EINVAL; either way no report.
 */
static size_t report_msg(struct fw_model *m, const struct fw_model_guest *g,
			 const uint8_t *req, uint8_t *out)
{
	uint32_t vmpl, key_sel, st = SEV_STATUS_SUCCESS, size = SNP_REPORT_SIZE;

	memcpy(&vmpl, req + 0x40, 4);
	memcpy(&key_sel, req + 0x44, 4);
	memset(out, 0, 0x20 + SNP_REPORT_SIZE);
	if (vmpl > 3 || (key_sel & 3) == SNP_KEY_SEL_RSVD)
		st = SEV_STATUS_INVALID_PARAM;
	else if ((key_sel & 3) == SNP_KEY_SEL_VLEK)
		st = SEV_STATUS_INVALID_KEY;
	if (st)
		size = 0;
	else
		build_report(m, g, req, out + 0x20);
	memcpy(out, &st, 4);
	memcpy(out + 4, &size, 4);
	return 0x20 + size;
}

/* TCB_VERSION's components (SNP FW ABI "TCB_VERSION"): BOOT_LOADER byte
 * 0, TEE 1, SNP 6, MICROCODE 7; bytes 2-5 are reserved. */
static bool tcb_le(uint64_t tcb, uint64_t limit)
{
	static const unsigned comp[] = { 0, 1, 6, 7 };

	if (tcb & 0x0000ffffffff0000ull)
		return false;
	for (unsigned i = 0; i < 4; i++)
		if (((tcb >> (8 * comp[i])) & 0xff) >
		    ((limit >> (8 * comp[i])) & 0xff))
			return false;
	return true;
}

/*
 * SNP FW ABI "MSG_KEY_REQ" and "Key Derivation": a 32-byte key derived
 * from the root key chosen (the VCEK's derivation secret or the guest's
 * VMRK), bound to VMPL and to exactly the guest fields GUEST_FIELD_SELECT
 * names. The firmware's own KDF is not published, so the model's is
 * HKDF-SHA-384 (RFC 5869; docs/firmware.md "MSG_KEY_REQ"):
 *   IKM  = the root key, salt = "snpvisor-fw-key",
 *   info = "msg-key" || GUEST_FIELD_SELECT (u64) || VMPL (u32) || the
 *          selected fields in bit order: POLICY (u64), IMAGE_ID (16),
 *          FAMILY_ID (16), MEASUREMENT (48), GUEST_SVN (u32),
 *          TCB_VERSION (u64); all little-endian.
 * GUEST_SVN and TCB_VERSION are the request's, once checked.
 * Refused in STATUS (no key): reserved bits of ROOT_KEY_SELECT, KEY_SEL
 * 3, the reserved word or GUEST_FIELD_SELECT bits 63:6 (INVALID_PARAM);
 * a VMPL above 3 or below the requester's, which under emulation is
 * VMPL0, so only above 3 (INVALID_PARAM); GUEST_SVN above the guest's
 * (0: no ID block) or TCB_VERSION above the committed TCB (INVALID_PARAM);
 * KEY_SEL 2, a VLEK, which this model never has loaded (INVALID_KEY).
 */
static size_t key_msg(struct fw_model *m, const struct fw_model_guest *g,
		      const uint8_t *req, uint8_t *out)
{
	struct snp_msg_key_req k;
	struct snp_msg_key_rsp r;
	br_hkdf_context hc;
	uint8_t info[7 + 8 + 4 + 8 + 16 + 16 + 48 + 4 + 8];
	size_t n = 0;

	memcpy(&k, req, sizeof(k));
	memset(&r, 0, sizeof(r));
	if ((k.root_key_select & ~7u) ||
	    SNP_KEY_SEL(k.root_key_select) == SNP_KEY_SEL_RSVD || k.rsvd ||
	    (k.guest_field_select & ~SNP_GFS_ALL) || k.vmpl > 3 ||
	    k.guest_svn > g->guest_svn ||
	    !tcb_le(k.tcb_version, m->tcb))
		r.status = SEV_STATUS_INVALID_PARAM;
	else if (!(k.root_key_select & SNP_KEY_ROOT_VMRK) &&
		 SNP_KEY_SEL(k.root_key_select) == SNP_KEY_SEL_VLEK)
		r.status = SEV_STATUS_INVALID_KEY;
	if (r.status) {
		memcpy(out, &r, sizeof(r));
		return sizeof(r);
	}
#define PUT(p, len)                           \
	do {                                  \
		memcpy(info + n, (p), (len)); \
		n += (len);                   \
	} while (0)
	PUT("msg-key", 7);
	PUT(&k.guest_field_select, 8);
	PUT(&k.vmpl, 4);
	if (k.guest_field_select & SNP_GFS_POLICY)
		PUT(&g->policy, 8);
	if (k.guest_field_select & SNP_GFS_IMAGE_ID)
		PUT(g->image_id, 16);
	if (k.guest_field_select & SNP_GFS_FAMILY_ID)
		PUT(g->family_id, 16);
	if (k.guest_field_select & SNP_GFS_MEASUREMENT)
		PUT(g->digest, 48);
	if (k.guest_field_select & SNP_GFS_GUEST_SVN)
		PUT(&k.guest_svn, 4);
	if (k.guest_field_select & SNP_GFS_TCB_VERSION)
		PUT(&k.tcb_version, 8);
#undef PUT
	br_hkdf_init(&hc, &br_sha384_vtable, "snpvisor-fw-key", 15);
	if (k.root_key_select & SNP_KEY_ROOT_VMRK)
		br_hkdf_inject(&hc, g->vmrk, sizeof(g->vmrk));
	else
		br_hkdf_inject(&hc, m->vcek_kdf_root, sizeof(m->vcek_kdf_root));
	br_hkdf_flip(&hc);
	br_hkdf_produce(&hc, info, n, r.derived_key, sizeof(r.derived_key));
	memcpy(out, &r, sizeof(r));
	return sizeof(r);
}

/*
 * The payload size each request type needs, 0 for a type this model
 * does not answer (SNP FW ABI "Guest Messages": CPUID, export, import,
 * absorb and VMRK messages are NOT IMPLEMENTED; they are refused like an
 * unknown type).
 */
static size_t req_size(uint8_t type)
{
	switch (type) {
	case SNP_MSG_KEY_REQ:
		return sizeof(struct snp_msg_key_req);
	case SNP_MSG_REPORT_REQ:
		return 0x60;
	default:
		return 0;
	}
}

enum sev_status fw_model_guest_msg(struct fw_model *m, struct fw_model_guest *g,
				   const uint8_t *req_page, uint8_t *resp_page)
{
	static uint8_t payload[SZ_4K], out[SZ_4K];
	const struct msg_hdr *rq = (const void *)req_page;
	struct msg_hdr rs;
	uint64_t seq;
	bool ok = false;
	size_t out_len, need;

	if (rq->algo != 1 || rq->hdr_version != 1 || rq->hdr_sz != HDR_SZ ||
	    rq->msg_vmpck > 3 || rq->msg_sz > SZ_4K - HDR_SZ)
		return SEV_STATUS_INVALID_PARAM;
	seq = g->msg_seqno[rq->msg_vmpck];
	if (seq >= UINT64_MAX - 2)
		return SEV_STATUS_AEAD_OFLOW;
	if (rq->msg_seqno != seq + 1)
		return SEV_STATUS_INVALID_PARAM; /* replayed or skipped */
	memcpy(payload, req_page + HDR_SZ, rq->msg_sz);
	gcm(g->vmpck[rq->msg_vmpck], rq->msg_seqno, req_page + 0x30, payload,
	    rq->msg_sz, 0, (uint8_t *)rq->authtag, &ok);
	if (!ok)
		return SEV_STATUS_INVALID_PARAM;
	need = req_size(rq->msg_type);
	if (!need || rq->msg_sz < need)
		return SEV_STATUS_INVALID_PARAM;
	if (rq->msg_type == SNP_MSG_KEY_REQ)
		out_len = key_msg(m, g, payload, out);
	else
		out_len = report_msg(m, g, payload, out);

	memset(&rs, 0, sizeof(rs));
	rs.msg_seqno = rq->msg_seqno + 1;
	rs.algo = 1;
	rs.hdr_version = 1;
	rs.hdr_sz = HDR_SZ;
	rs.msg_type = rq->msg_type + 1; /* the matching response type */
	rs.msg_version = rq->msg_version;
	rs.msg_sz = (uint16_t)out_len;
	rs.msg_vmpck = rq->msg_vmpck;
	gcm(g->vmpck[rq->msg_vmpck], rs.msg_seqno, (const uint8_t *)&rs + 0x30,
	    out, out_len, 1, rs.authtag, &ok);
	memset(resp_page, 0, SZ_4K);
	memcpy(resp_page, &rs, HDR_SZ);
	memcpy(resp_page + HDR_SZ, out, out_len);
	g->msg_seqno[rq->msg_vmpck] = rs.msg_seqno;
	return SEV_STATUS_SUCCESS;
}
