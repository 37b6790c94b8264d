// SPDX-License-Identifier: GPL-2.0-only
/*
 * snp-guest-request: the guest's side of SNP Guest Request (GHCB spec
 * "SNP Guest Request", NAE 0x8000_0011) and of the SEV firmware's message
 * protocol (SNP FW ABI "Guest Messages"), written here from the
 * specifications with AES-256-GCM from BearSSL (the library hv.efi links,
 * built with the same freestanding flags). VMPCK0 comes from the secrets
 * page the firmware wrote at launch (guest_boot.snp_secrets_gpa, SNP FW
 * ABI "PAGE_TYPE_SECRETS").
 *
 * As an emulated SNP guest:
 *  - MSG_REPORT_REQ: SW_EXITINFO2 0; the response authenticates under
 *    VMPCK0 with seqno 2, MSG_REPORT_RSP, STATUS 0; the report's VERSION,
 *    POLICY, VMPL, SIGNATURE_ALGO, REPORT_DATA, MEASUREMENT and signature;
 *  - MSG_KEY_REQ twice: STATUS 0, the same non-zero key;
 *  - refused by the firmware with INVALID_PARAM in SW_EXITINFO2 and the
 *    response page untouched: a bad GCM tag, a replayed sequence number,
 *    VMPCK index 4, a header naming VMPCK1 over a VMPCK0 message, an
 *    unknown message type;
 *  - refused by the hypervisor with the GHCB's INVALID_INPUT
 *    (SW_EXITINFO1 2, SW_EXITINFO2 5) and nothing written: the request or
 *    the response page private, or outside guest memory;
 *  - a request after all of these still succeeds with the next sequence
 *    number: the refusals used none.
 * As a guest without SNP (snp=off): the GHCB MSR #GPs and VMGEXIT is a
 * VMMCALL with an unknown number, -ENOSYS (APM "VMGEXIT").
 * The run's next guest proves the hypervisor is still up.
 */
#include <bearssl_aead.h>
#include <bearssl_block.h>

#include "snp.h"

#define SEV_INVALID_PARAM 0x16u
#define HDR		  0x60u

static uint8_t vmpck[4][32];
static uint64_t last_seq; /* VMPCK0's */
static uint8_t private_page[4096] __attribute__((aligned(4096)));
static uint8_t *req, *resp;

static void seal(const uint8_t *key, uint64_t seq, uint8_t *msg, size_t len,
		 uint8_t tag[16], bool enc, bool *ok)
{
	br_aes_ct64_ctr_keys aes;
	br_gcm_context gc;
	uint8_t iv[12] = { 0 };

	memcpy(iv, &seq, 8); /* IV: MSG_SEQNO little-endian, zero-padded */
	br_aes_ct64_ctr_init(&aes, key, 32);
	br_gcm_init(&gc, &aes.vtable, br_ghash_ctmul64);
	br_gcm_reset(&gc, iv, sizeof(iv));
	br_gcm_aad_inject(&gc, msg + 0x30, 0x30); /* AAD: header 0x30-0x5F */
	br_gcm_flip(&gc);
	br_gcm_run(&gc, enc, msg + HDR, len);
	if (enc)
		br_gcm_get_tag(&gc, tag);
	else
		*ok = br_gcm_check_tag(&gc, tag);
}

/* The message header (SNP FW ABI "Message Header") and sealed payload. */
static void build(uint64_t seq, unsigned hdr_vmpck, unsigned key, uint8_t type,
		  const void *payload, uint16_t sz)
{
	uint16_t hdr_sz = HDR;

	memset(req, 0, SZ_4K);
	memcpy(req + 0x20, &seq, 8);
	req[0x30] = 1; /* ALGO: AES-256-GCM */
	req[0x31] = 1; /* HDR_VERSION */
	memcpy(req + 0x32, &hdr_sz, 2);
	req[0x34] = type;
	req[0x35] = 1; /* MSG_VERSION */
	memcpy(req + 0x36, &sz, 2);
	req[0x3c] = (uint8_t)hdr_vmpck;
	memcpy(req + HDR, payload, sz);
	seal(vmpck[key & 3], seq, req, sz, req, true, NULL);
}

static uint64_t call(uint64_t req_gpa, uint64_t resp_gpa, uint64_t *info1)
{
	return ghcb_call(snp.ghcb_gpa, SVM_VMGEXIT_GUEST_REQUEST, req_gpa,
			 resp_gpa, 0, info1);
}

static bool untouched(const uint8_t *p, uint8_t v)
{
	for (unsigned i = 0; i < SZ_4K; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* One request through the shared pages; true when the firmware refused
 * it with INVALID_PARAM and the response page stayed as it was. */
static bool refused(const char *what)
{
	uint64_t info1 = ~0ull, r;
	bool ok;

	memset(resp, 0xab, SZ_4K);
	r = call((uint64_t)(uintptr_t)req, (uint64_t)(uintptr_t)resp, &info1);
	ok = info1 == 0 && r == SEV_INVALID_PARAM && untouched(resp, 0xab);
	report(ok,
	       "%s: SW_EXITINFO2 0x%llx (INVALID_PARAM 0x16), response page untouched",
	       what, (unsigned long long)r);
	return ok;
}

/* A good response under VMPCK0: header checks, then decrypted in place. */
static bool open_resp(uint8_t type, uint16_t *sz)
{
	uint64_t seq;
	bool ok = false;

	memcpy(&seq, resp + 0x20, 8);
	memcpy(sz, resp + 0x36, 2);
	if (seq != last_seq + 2 || resp[0x34] != type || resp[0x3c] != 0 ||
	    *sz > SZ_4K - HDR)
		return false;
	seal(vmpck[0], seq, resp, *sz, resp, false, &ok);
	return ok;
}

static bool good(uint8_t type, const void *payload, uint16_t sz, uint16_t *rsz)
{
	uint64_t info1 = ~0ull, r;

	build(last_seq + 1, 0, 0, type, payload, sz);
	memset(resp, 0xab, SZ_4K);
	r = call((uint64_t)(uintptr_t)req, (uint64_t)(uintptr_t)resp, &info1);
	if (info1 != 0 || r != 0) {
		report(false,
		       "message type %u: SW_EXITINFO1 0x%llx SW_EXITINFO2 0x%llx",
		       type, (unsigned long long)info1, (unsigned long long)r);
		return false;
	}
	if (!open_resp(type + 1, rsz)) {
		report(false,
		       "message type %u: the response does not authenticate under VMPCK0 with seqno %llu",
		       type, (unsigned long long)last_seq + 2);
		return false;
	}
	last_seq += 2;
	return true;
}

static void report_req(void)
{
	uint8_t payload[96] = { 0 }, *rep = resp + HDR + 0x20, z[48] = { 0 };
	uint32_t v, st, size;
	uint64_t pol;
	uint16_t sz;

	for (unsigned i = 0; i < 64; i++)
		payload[i] = (uint8_t)(0xa0 ^ i);
	if (!report(good(5, payload, sizeof(payload), &sz) &&
			    sz == 0x20 + 0x4a0,
		    "MSG_REPORT_REQ: SUCCESS, MSG_REPORT_RSP of 0x4c0 bytes authenticates under VMPCK0, seqno 2"))
		return;
	memcpy(&st, resp + HDR, 4);
	memcpy(&size, resp + HDR + 4, 4);
	report(st == 0 && size == 0x4a0, "STATUS 0, REPORT_SIZE 0x4a0");
	memcpy(&v, rep, 4);
	report(v == 3, "report VERSION %u", v);
	memcpy(&pol, rep + 0x08, 8);
	report(pol == 0x30000, "report POLICY 0x%llx", (unsigned long long)pol);
	memcpy(&v, rep + 0x30, 4);
	report(v == 0, "report VMPL %u", v);
	memcpy(&v, rep + 0x34, 4);
	report(v == 1, "report SIGNATURE_ALGO %u (ECDSA P-384 with SHA-384)",
	       v);
	report(!memcmp(rep + 0x50, payload, 64),
	       "report REPORT_DATA is what I sent");
	report(memcmp(rep + 0x90, z, 48) != 0, "report MEASUREMENT non-zero");
	printf("MEASUREMENT ");
	for (unsigned i = 0; i < 48; i++)
		printf("%02x", rep[0x90 + i]);
	printf("\n");
	report(memcmp(rep + 0x2a0, z, 48) && memcmp(rep + 0x2e8, z, 48),
	       "report signature R and S non-zero");
}

static void key_req(void)
{
	/* SNP FW ABI "MSG_KEY_REQ": VCEK root, POLICY and MEASUREMENT. */
	uint8_t k[32] = { 0 }, first[32], z[32] = { 0 };
	uint32_t st;
	uint16_t sz;

	k[8] = 0x09;
	if (!report(good(3, k, sizeof(k), &sz) && sz == 0x40,
		    "MSG_KEY_REQ: SUCCESS, MSG_KEY_RSP of 0x40 bytes"))
		return;
	memcpy(&st, resp + HDR, 4);
	memcpy(first, resp + HDR + 0x20, 32);
	report(st == 0 && memcmp(first, z, 32), "STATUS 0, a non-zero key");
	if (good(3, k, sizeof(k), &sz))
		report(!memcmp(first, resp + HDR + 0x20, 32),
		       "the same MSG_KEY_REQ again: the same key");
}

static void hv_refusal(const char *what, uint64_t rq, uint64_t rs,
		       uint8_t *watch)
{
	uint64_t info1 = 0, r;

	build(last_seq + 1, 0, 0, 5, (uint8_t[96]){ 0 }, 96);
	memset(resp, 0xab, SZ_4K);
	memset(private_page, 0xcd, SZ_4K);
	r = call(rq, rs, &info1);
	report(info1 == 2 && r == GHCB_ERR_INVALID_INPUT &&
		       untouched(resp, 0xab) &&
		       (!watch || untouched(watch, 0xcd)),
	       "%s: SW_EXITINFO1 %llu, SW_EXITINFO2 %llu (INVALID_INPUT 5), nothing written",
	       what, (unsigned long long)info1, (unsigned long long)r);
}

static void negatives(void)
{
	uint8_t p[96] = { 0 };
	uint64_t rq = (uint64_t)(uintptr_t)req, rs = (uint64_t)(uintptr_t)resp;
	uint64_t priv = (uint64_t)(uintptr_t)private_page, outside = 1ull << 40;

	build(last_seq + 1, 0, 0, 5, p, sizeof(p));
	req[3] ^= 0x01;
	refused("bad GCM tag");
	build(last_seq - 1, 0, 0, 5, p, sizeof(p));
	refused("replayed sequence number");
	build(last_seq + 1, 4, 0, 5, p, sizeof(p));
	refused("VMPCK index 4");
	build(last_seq + 1, 1, 0, 5, p, sizeof(p));
	refused("header names VMPCK1, sealed under VMPCK0");
	build(last_seq + 1, 0, 0, 0x42, p, sizeof(p));
	refused("unknown message type 0x42");
	memcpy(private_page, req, SZ_4K);
	hv_refusal("request page private", priv, rs, NULL);
	hv_refusal("response page private", rq, priv, private_page);
	hv_refusal("request page outside guest memory", outside, rs, NULL);
	hv_refusal("response page outside guest memory", rq, outside, NULL);
	hv_refusal("request and response the same page", rq, rq, NULL);
}

static void not_snp(void)
{
	uint64_t v = 0, r;

	report(wrmsr_safe(MSR_GHCB, 0x1000 | GHCB_MSR_REG_GPA_REQ) == 13,
	       "not an SNP guest: WRMSR of the GHCB MSR #GP");
	report(rdmsr_safe(MSR_GHCB, &v) == 13,
	       "not an SNP guest: RDMSR of the GHCB MSR #GP");
	__asm__ volatile("rep; vmmcall"
			 : "=a"(r)
			 : "a"((uint64_t)SVM_VMGEXIT_GUEST_REQUEST)
			 : "memory");
	report(r == (uint64_t) - (int64_t)HC_ENOSYS,
	       "not an SNP guest: VMGEXIT is a VMMCALL, unknown number 0x%x: -ENOSYS (0x%llx)",
	       SVM_VMGEXIT_GUEST_REQUEST, (unsigned long long)r);
}

int guest_main(const struct guest_boot *boot)
{
	const uint8_t *secrets;
	uint8_t z[32] = { 0 };
	uint32_t version;

	if (!boot->snp_cbit) {
		not_snp();
		return report_summary();
	}
	if (!snp_init(boot))
		return report_summary();
	if (!report(boot->snp_secrets_gpa != 0, "secrets page at GPA 0x%x",
		    boot->snp_secrets_gpa))
		return report_summary();
	secrets = (const uint8_t *)(uintptr_t)boot->snp_secrets_gpa;
	memcpy(&version, secrets, 4);
	memcpy(vmpck, secrets + 0x20, sizeof(vmpck));
	report(version == 2 && memcmp(vmpck[0], z, 32),
	       "secrets page VERSION %u, VMPCK0 non-zero", version);
	req = (uint8_t *)(uintptr_t)snp.free_gpa;
	resp = req + SZ_4K;
	report_req();
	key_req();
	negatives();
	{
		uint16_t sz;

		report(good(5, (uint8_t[96]){ 1 }, 96, &sz),
		       "after the refusals, seqno %llu: SUCCESS (they used no number)",
		       (unsigned long long)last_seq - 1);
	}
	return report_summary();
}
