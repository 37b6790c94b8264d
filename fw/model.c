// SPDX-License-Identifier: GPL-2.0-only
/*
 * The software SNP firmware (fw/model.h, docs/firmware.md).
 *
 * Page states (SNP FW ABI "Page States") as RMP entries:
 *   Hypervisor  not assigned
 *   Firmware    assigned, ASID 0, Immutable, not Validated
 *   Context     a Firmware page the firmware keeps a guest context in
 *               (this model tells the two apart by its guest table)
 *   Reclaim     assigned, ASID 0, not Immutable, not Validated
 *   Pre-Guest   assigned to the guest's ASID, Immutable, not Validated
 *   Guest-Valid assigned to the guest's ASID, Validated, not Immutable
 * The hypervisor makes Firmware and Pre-Guest pages with RMPUPDATE; the
 * firmware alone moves them on (rmp_ops.fw_write).
 *
 * Where the ABI leaves a choice to the reader, or this model is not sure
 * of silicon's exact answer, the comment says "model's choice".
 */
#include <string.h>

#include <bearssl_hash.h>
#include <bearssl_kdf.h>

#include "fw/model.h"
#include "include/log.h"
#include "include/sizes.h"

enum pstate {
	PS_OUTSIDE, /* no RMP covers it */
	PS_HYPERVISOR,
	PS_FIRMWARE,
	PS_RECLAIM,
	PS_PRE_GUEST,
	PS_GUEST_VALID,
	PS_OTHER, /* any other combination (e.g. a guest's invalid page) */
};

static struct rmp *rmp_of(struct fw_model *m, uint64_t spa)
{
	for (unsigned i = 0; i < m->cfg.nr_rmps; i++)
		if (rmp_covers(m->cfg.rmps[i], spa))
			return m->cfg.rmps[i];
	return NULL;
}

static enum pstate page_state(struct fw_model *m, uint64_t spa,
			      struct rmp_entry *e)
{
	struct rmp *r = rmp_of(m, spa);

	memset(e, 0, sizeof(*e));
	if (!r || rmp_read(r, spa, e) != RMP_OK)
		return PS_OUTSIDE;
	if (!e->assigned)
		return PS_HYPERVISOR;
	if (e->asid == 0 && !e->validated && !e->vmsa)
		return e->immutable ? PS_FIRMWARE : PS_RECLAIM;
	if (e->asid && e->immutable && !e->validated)
		return PS_PRE_GUEST;
	if (e->asid && e->validated && !e->immutable)
		return PS_GUEST_VALID;
	return PS_OTHER;
}

static enum sev_status fw_set(struct fw_model *m, uint64_t spa,
			      const struct rmp_entry *e)
{
	struct rmp *r = rmp_of(m, spa);

	if (!r || !r->ops->fw_write || r->ops->fw_write(r, spa, e) != RMP_OK)
		return SEV_STATUS_HWERROR_PLATFORM; /* our own bug */
	return SEV_STATUS_SUCCESS;
}

/* The firmware reads and writes its pages at their SPA (identity). */
static void *at(uint64_t spa)
{
	return (void *)(uintptr_t)spa;
}

static struct fw_model_guest *guest_of(struct fw_model *m, uint64_t gctx)
{
	for (unsigned i = 0; i < FW_MODEL_MAX_GUESTS; i++)
		if (m->guests[i].used && m->guests[i].gctx == gctx)
			return &m->guests[i];
	return NULL;
}

const struct fw_model_guest *fw_model_guest(const struct fw_model *m,
					    uint64_t gctx)
{
	return guest_of((struct fw_model *)m, gctx);
}

static unsigned guest_count(const struct fw_model *m)
{
	unsigned n = 0;

	for (unsigned i = 0; i < FW_MODEL_MAX_GUESTS; i++)
		n += m->guests[i].used;
	return n;
}

/* ---- platform commands ---------------------------------------------- */

/*
 * SNP FW ABI "SNP_INIT" / "SNP_INIT_EX": UNINIT -> INIT. The RMP is the
 * software one the hypervisor gave the model, already zero where it
 * holds no guest; INIT_RMP is accepted (the model has nothing more to
 * clear), a RANGES list of HV-Fixed pages is not modelled.
 */
static enum sev_status cmd_init(struct fw_model *m, const struct snp_init_ex *b)
{
	if (m->state != SNP_PLATFORM_UNINIT)
		return SEV_STATUS_INVALID_PLATFORM_STATE;
	if (b) {
		if (b->flags & ~(SNP_INIT_EX_INIT_RMP | SNP_INIT_EX_LIST_PADDR_EN))
			return SEV_STATUS_INVALID_PARAM;
		if (b->flags & SNP_INIT_EX_LIST_PADDR_EN)
			return SEV_STATUS_UNSUPPORTED; /* not modelled */
	}
	if (!m->cfg.nr_rmps)
		return SEV_STATUS_RMP_INIT_REQUIRED;
	m->state = SNP_PLATFORM_INIT;
	return SEV_STATUS_SUCCESS;
}

/*
 * SNP FW ABI "SNP_SHUTDOWN": INIT -> UNINIT. An ASID decommissioned since
 * the last SNP_DF_FLUSH makes it DFFLUSH_REQUIRED: the answer Linux's
 * PSP driver (sev-dev.c, SNP_SHUTDOWN_EX) handles by issuing
 * SNP_DF_FLUSH and the shutdown again. Model's choice: refused with
 * ACTIVE (the platform state left as it is) while a guest context
 * lives; no host code reachable here shows silicon's answer, since
 * Linux and KVM decommission every guest first.
 */
static enum sev_status cmd_shutdown(struct fw_model *m)
{
	if (m->state != SNP_PLATFORM_INIT)
		return SEV_STATUS_INVALID_PLATFORM_STATE;
	if (guest_count(m))
		return SEV_STATUS_ACTIVE;
	for (unsigned a = 0; a <= FW_MODEL_MAX_ASID; a++)
		if (m->asid_dirty[a])
			return SEV_STATUS_DFFLUSH_REQUIRED;
	m->state = SNP_PLATFORM_UNINIT;
	memset(m->asid_dirty, 0, sizeof(m->asid_dirty));
	return SEV_STATUS_SUCCESS;
}

/* SNP FW ABI "SNP_PLATFORM_STATUS": the status is written to a page the
 * hypervisor made a Firmware page. */
static enum sev_status cmd_platform_status(struct fw_model *m,
					   const struct snp_addr *b)
{
	struct snp_platform_status st;
	struct rmp_entry e;

	if (b->address & (SZ_4K - 1))
		return SEV_STATUS_INVALID_ADDRESS;
	if (page_state(m, b->address, &e) != PS_FIRMWARE ||
	    guest_of(m, b->address))
		return SEV_STATUS_INVALID_PAGE_STATE;
	memset(&st, 0, sizeof(st));
	st.api_major = FW_MODEL_API_MAJOR;
	st.api_minor = FW_MODEL_API_MINOR;
	st.state = (uint8_t)m->state;
	st.is_rmp_init = m->state == SNP_PLATFORM_INIT;
	st.build_id = FW_MODEL_BUILD;
	st.guest_count = guest_count(m);
	st.current_tcb = m->tcb;
	st.reported_tcb = m->tcb;
	memcpy(at(b->address), &st, sizeof(st));
	return SEV_STATUS_SUCCESS;
}

/* SNP FW ABI "SNP_DF_FLUSH": the ASIDs of decommissioned guests become
 * usable again (WBINVD on every CPU first is the hypervisor's part; the
 * model cannot see caches and does not ask). */
static enum sev_status cmd_df_flush(struct fw_model *m)
{
	if (m->state != SNP_PLATFORM_INIT)
		return SEV_STATUS_INVALID_PLATFORM_STATE;
	memset(m->asid_dirty, 0, sizeof(m->asid_dirty));
	return SEV_STATUS_SUCCESS;
}

/* ---- guest commands ----------------------------------------------------- */

/* SNP FW ABI "SNP_GCTX_CREATE": a Firmware page becomes a guest context. */
static enum sev_status cmd_gctx_create(struct fw_model *m,
				       const struct snp_addr *b)
{
	struct fw_model_guest *g = NULL;
	struct rmp_entry e;

	if (m->state != SNP_PLATFORM_INIT)
		return SEV_STATUS_INVALID_PLATFORM_STATE;
	if (b->address & (SZ_4K - 1))
		return SEV_STATUS_INVALID_ADDRESS;
	if (page_state(m, b->address, &e) != PS_FIRMWARE ||
	    guest_of(m, b->address))
		return SEV_STATUS_INVALID_PAGE_STATE;
	if (e.pagesize != RMP_PG_4K)
		return SEV_STATUS_INVALID_PAGE_SIZE;
	for (unsigned i = 0; i < FW_MODEL_MAX_GUESTS && !g; i++)
		if (!m->guests[i].used)
			g = &m->guests[i];
	if (!g)
		return SEV_STATUS_RESOURCE_LIMIT;
	memset(g, 0, sizeof(*g));
	g->used = true;
	g->gctx = b->address;
	g->state = FW_GSTATE_INIT;
	/* The context's content is the firmware's own: the model keeps it in
	 * its table and leaves the page zeroed. */
	memset(at(b->address), 0, SZ_4K);
	return SEV_STATUS_SUCCESS;
}

static enum sev_status guest_in(struct fw_model *m, uint64_t gctx,
				struct fw_model_guest **gp)
{
	if (m->state != SNP_PLATFORM_INIT)
		return SEV_STATUS_INVALID_PLATFORM_STATE;
	*gp = guest_of(m, gctx);
	return *gp ? SEV_STATUS_SUCCESS : SEV_STATUS_INVALID_GUEST;
}

/* Per-guest secrets from the boot seed: HKDF-SHA-384 (RFC 5869) with the
 * seed as IKM, salt "snpvisor-fw", info = label || launch number. */
static void derive(const struct fw_model *m, uint64_t launch,
		   const char *label, void *out, size_t len)
{
	br_hkdf_context hc;
	uint8_t info[40];
	size_t n = strlen(label);

	br_hkdf_init(&hc, &br_sha384_vtable, "snpvisor-fw", 11);
	br_hkdf_inject(&hc, m->cfg.seed, sizeof(m->cfg.seed));
	br_hkdf_flip(&hc);
	memcpy(info, label, n);
	memcpy(info + n, &launch, sizeof(launch));
	br_hkdf_produce(&hc, info, n + sizeof(launch), out, len);
}

/*
 * SNP FW ABI "SNP_LAUNCH_START" with the "Guest Policy" checks: bit 17
 * must be one and bits 63:25 zero (INVALID_PARAM, model's choice of
 * code: KVM refuses such a policy itself with -EINVAL before the
 * command, so no host code shows the firmware's status, and the ABI text
 * was not reachable when this was checked), the ABI the policy asks for
 * must not be newer than this firmware's (POLICY_FAILURE). Migration
 * agents and IMI are not modelled.
 */
static enum sev_status cmd_launch_start(struct fw_model *m,
					const struct snp_launch_start *b)
{
	struct fw_model_guest *g;
	enum sev_status st = guest_in(m, b->gctx_paddr, &g);
	unsigned maj = SNP_POLICY_ABI_MAJOR(b->policy);
	unsigned min = SNP_POLICY_ABI_MINOR(b->policy);

	if (st)
		return st;
	if (g->state != FW_GSTATE_INIT)
		return SEV_STATUS_INVALID_GUEST_STATE;
	if (!(b->policy & SNP_POLICY_RSVD_MBO) ||
	    (b->policy & SNP_POLICY_RSVD_MBZ) || (b->flags & ~3u))
		return SEV_STATUS_INVALID_PARAM;
	if (maj > FW_MODEL_API_MAJOR ||
	    (maj == FW_MODEL_API_MAJOR && min > FW_MODEL_API_MINOR))
		return SEV_STATUS_POLICY_FAILURE;
	if (b->flags || b->ma_gctx_paddr || (b->policy & SNP_POLICY_MIGRATE_MA))
		return SEV_STATUS_UNSUPPORTED;
	g->policy = b->policy;
	memcpy(g->gosvw, b->gosvw, sizeof(g->gosvw));
	memset(g->digest, 0, sizeof(g->digest));
	m->launches++;
	derive(m, m->launches, "vmpck", g->vmpck, sizeof(g->vmpck));
	derive(m, m->launches, "report-id", g->report_id, sizeof(g->report_id));
	derive(m, m->launches, "vmrk", g->vmrk, sizeof(g->vmrk));
	g->state = FW_GSTATE_LAUNCH;
	return SEV_STATUS_SUCCESS;
}

/*
 * SNP FW ABI "SNP_ACTIVATE": bind the ASID. INVALID_ASID outside
 * 1..max_asid, ASID_OWNED when another context holds it, DFFLUSH_REQUIRED
 * when a decommissioned guest used it since the last SNP_DF_FLUSH.
 * Model's choice: a context already bound is INVALID_GUEST_STATE (KVM
 * activates a context once, at launch start, so no host code shows the
 * firmware's answer to a second SNP_ACTIVATE; the ABI text was not
 * reachable when this was checked).
 */
static enum sev_status cmd_activate(struct fw_model *m,
				    const struct snp_activate *b)
{
	struct fw_model_guest *g;
	enum sev_status st = guest_in(m, b->gctx_paddr, &g);

	if (st)
		return st;
	if (g->state == FW_GSTATE_INIT)
		return SEV_STATUS_INVALID_GUEST_STATE;
	if (b->asid == 0 || b->asid > m->cfg.max_asid ||
	    b->asid > FW_MODEL_MAX_ASID)
		return SEV_STATUS_INVALID_ASID;
	for (unsigned i = 0; i < FW_MODEL_MAX_GUESTS; i++)
		if (m->guests[i].used && &m->guests[i] != g &&
		    m->guests[i].asid == b->asid)
			return SEV_STATUS_ASID_OWNED;
	if (g->asid)
		return SEV_STATUS_INVALID_GUEST_STATE;
	if (m->asid_dirty[b->asid])
		return SEV_STATUS_DFFLUSH_REQUIRED;
	g->asid = b->asid;
	return SEV_STATUS_SUCCESS;
}

static void sha384(const void *p, size_t n, uint8_t out[48])
{
	br_sha384_context c;

	br_sha384_init(&c);
	br_sha384_update(&c, p, n);
	br_sha384_out(&c, out);
}

/* One PAGE_INFO into the chain: digest = SHA-384(PAGE_INFO) (SNP FW ABI
 * "SNP_LAUNCH_UPDATE", PAGE_INFO). */
static void measure(struct fw_model_guest *g, enum snp_page_type type,
		    uint64_t gpa, const void *page)
{
	struct snp_page_info pi;

	memset(&pi, 0, sizeof(pi));
	memcpy(pi.digest_cur, g->digest, sizeof(pi.digest_cur));
	/* CONTENTS: the page's hash for NORMAL and VMSA, zero for the rest. */
	if (type == SNP_PAGE_TYPE_NORMAL || type == SNP_PAGE_TYPE_VMSA)
		sha384(page, SZ_4K, pi.contents);
	pi.length = sizeof(pi);
	pi.page_type = (uint8_t)type;
	pi.gpa = gpa;
	sha384(&pi, sizeof(pi), g->digest);
}

static void write_secrets(const struct fw_model *m,
			  const struct fw_model_guest *g, uint8_t *p)
{
	uint32_t v = SNP_SECRETS_VERSION;

	memset(p, 0, SZ_4K);
	memcpy(p + 0x00, &v, 4);
	/* 0x04 IMIEN: 0, no IMI. */
	memcpy(p + 0x08, &m->cfg.fms, 4);
	memcpy(p + 0x10, g->gosvw, sizeof(g->gosvw));
	memcpy(p + SNP_SECRETS_VMPCK(0), g->vmpck, sizeof(g->vmpck));
	/* 0xA0.. the OS area and the VMSA tweak bitmap: zero. */
}

/*
 * SNP FW ABI "CPUID Reporting": every entry must say no more than the
 * platform reports for its inputs. Model's rule: no register may set a
 * bit the platform's answer has clear (silicon's per-leaf rules are
 * finer and not modelled). On a mismatch the firmware writes the
 * corrected page back and fails with INVALID_PARAM.
 */
static enum sev_status check_cpuid(struct fw_model *m, uint8_t *page)
{
	struct snp_cpuid_page *cp = (struct snp_cpuid_page *)page;
	bool bad = false;

	if (cp->count == 0 || cp->count > SNP_CPUID_MAX) {
		cp->count = cp->count ? SNP_CPUID_MAX : 0;
		return SEV_STATUS_INVALID_PARAM;
	}
	for (unsigned i = 0; i < cp->count; i++) {
		struct snp_cpuid_entry *e = &cp->e[i];
		uint32_t r[4] = { 0, 0, 0, 0 };
		uint32_t *v[4] = { &e->eax, &e->ebx, &e->ecx, &e->edx };

		if (m->cfg.cpuid)
			m->cfg.cpuid(m->cfg.cpuid_ctx, e->eax_in, e->ecx_in,
				     e->xcr0_in, e->xss_in, r);
		for (unsigned k = 0; k < 4; k++) {
			if (*v[k] & ~r[k]) {
				*v[k] &= r[k];
				bad = true;
			}
		}
	}
	return bad ? SEV_STATUS_INVALID_PARAM : SEV_STATUS_SUCCESS;
}

/*
 * SNP FW ABI "SNP_LAUNCH_UPDATE": the page (4 KiB, or 2 MiB as its 512
 * 4 KiB pages in GPA order: model's choice, which keeps the digest that
 * of an all-4 KiB launch, what KVM 6.12 issues and measurement tools
 * compute; how silicon measures a 2 MiB update was not checked against
 * the ABI text) must be Pre-Guest, assigned
 * to this guest's ASID at the page size given; the firmware fills it as
 * its type says (ZERO zeroed, SECRETS written, CPUID checked), measures
 * it, and makes it Guest-Valid (VMSA pages with the RMP's VMSA bit).
 */
static enum sev_status cmd_launch_update(struct fw_model *m,
					 const struct snp_launch_update *b)
{
	struct fw_model_guest *g;
	enum sev_status st = guest_in(m, b->gctx_paddr, &g);
	enum snp_page_type type = SNP_LU_PAGE_TYPE_OF(b->flags);
	bool big = b->flags & SNP_LU_PAGE_SIZE_2M;
	uint64_t size = big ? SZ_2M : SZ_4K, spa = b->address;
	struct rmp_entry e;

	if (st)
		return st;
	if (g->state != FW_GSTATE_LAUNCH)
		return SEV_STATUS_INVALID_GUEST_STATE;
	if (!g->asid)
		return SEV_STATUS_INACTIVE;
	if ((b->flags & ~0x1fu) || b->rsvd || b->rsvd2 ||
	    (b->vmpl_perms & 0xff) || type < SNP_PAGE_TYPE_NORMAL ||
	    type > SNP_PAGE_TYPE_CPUID)
		return SEV_STATUS_INVALID_PARAM;
	if ((b->flags & SNP_LU_IMI_PAGE) || b->vmpl_perms)
		return SEV_STATUS_UNSUPPORTED; /* no IMI, no VMPLs modelled */
	if (spa & (size - 1))
		return SEV_STATUS_INVALID_ADDRESS;
	if (big && (type == SNP_PAGE_TYPE_VMSA ||
		    type == SNP_PAGE_TYPE_SECRETS || type == SNP_PAGE_TYPE_CPUID))
		return SEV_STATUS_INVALID_PAGE_SIZE;
	/* Every page first: a refused update changes nothing. */
	for (uint64_t off = 0; off < size; off += SZ_4K) {
		enum pstate ps = page_state(m, spa + off, &e);

		if (ps == PS_OUTSIDE)
			return SEV_STATUS_INVALID_ADDRESS;
		if (ps != PS_PRE_GUEST)
			return SEV_STATUS_INVALID_PAGE_STATE;
		if (e.asid != g->asid)
			return SEV_STATUS_INVALID_PAGE_OWNER;
		if (e.pagesize != (big ? RMP_PG_2M : RMP_PG_4K))
			return SEV_STATUS_INVALID_PAGE_SIZE;
	}
	if (type == SNP_PAGE_TYPE_CPUID) {
		st = check_cpuid(m, at(spa));
		if (st)
			return st;
	}
	for (uint64_t off = 0; off < size; off += SZ_4K) {
		uint8_t *p = at(spa + off);

		page_state(m, spa + off, &e);
		if (type == SNP_PAGE_TYPE_ZERO)
			memset(p, 0, SZ_4K);
		else if (type == SNP_PAGE_TYPE_SECRETS)
			write_secrets(m, g, p);
		measure(g, type, e.gpa, p);
		e.immutable = false;
		e.validated = true;
		e.vmsa = type == SNP_PAGE_TYPE_VMSA;
		st = fw_set(m, spa + off, &e);
		if (st)
			return st;
	}
	g->pages_updated += size / SZ_4K;
	return SEV_STATUS_SUCCESS;
}

/* SNP FW ABI "SNP_LAUNCH_FINISH": LAUNCH -> RUNNING, HOST_DATA kept for
 * the report. ID blocks are not modelled (UNSUPPORTED). */
static enum sev_status cmd_launch_finish(struct fw_model *m,
					 const struct snp_launch_finish *b)
{
	struct fw_model_guest *g;
	enum sev_status st = guest_in(m, b->gctx_paddr, &g);

	if (st)
		return st;
	if (g->state != FW_GSTATE_LAUNCH)
		return SEV_STATUS_INVALID_GUEST_STATE;
	if (!g->asid)
		return SEV_STATUS_INACTIVE;
	if (b->flags & ~7ull)
		return SEV_STATUS_INVALID_PARAM;
	if (b->flags & (SNP_LF_ID_BLOCK_EN | SNP_LF_AUTH_KEY_EN))
		return SEV_STATUS_UNSUPPORTED;
	memcpy(g->host_data, b->host_data, sizeof(g->host_data));
	g->state = FW_GSTATE_RUNNING;
	return SEV_STATUS_SUCCESS;
}

/*
 * SNP FW ABI "SNP_GUEST_REQUEST": the guest's message (fw/guest_msg.c).
 * The response page must be a Firmware page (the hypervisor copies it to
 * the guest's shared page afterwards); both must be covered by an RMP.
 */
static enum sev_status cmd_guest_request(struct fw_model *m,
					 const struct snp_guest_request *b)
{
	struct fw_model_guest *g;
	enum sev_status st = guest_in(m, b->gctx_paddr, &g);
	struct rmp_entry e;
	enum pstate ps;

	if (st)
		return st;
	if (g->state != FW_GSTATE_RUNNING)
		return SEV_STATUS_INVALID_GUEST_STATE;
	if ((b->req_paddr | b->res_paddr) & (SZ_4K - 1) ||
	    page_state(m, b->req_paddr, &e) == PS_OUTSIDE)
		return SEV_STATUS_INVALID_ADDRESS;
	ps = page_state(m, b->res_paddr, &e);
	if (ps == PS_OUTSIDE)
		return SEV_STATUS_INVALID_ADDRESS;
	if (ps != PS_FIRMWARE || guest_of(m, b->res_paddr))
		return SEV_STATUS_INVALID_PAGE_STATE;
	return fw_model_guest_msg(m, g, at(b->req_paddr), at(b->res_paddr));
}

/* SNP FW ABI "SNP_DECOMMISSION": the context is gone, its page is a
 * Firmware page again (PAGE_RECLAIM gives it back), its ASID needs a
 * DF_FLUSH before reuse. */
static enum sev_status cmd_decommission(struct fw_model *m,
					const struct snp_addr *b)
{
	struct fw_model_guest *g;
	enum sev_status st = guest_in(m, b->address, &g);

	if (st)
		return st;
	if (g->asid)
		m->asid_dirty[g->asid] = true;
	memset(g, 0, sizeof(*g));
	return SEV_STATUS_SUCCESS;
}

/*
 * SNP FW ABI "SNP_PAGE_RECLAIM": a Firmware page that holds no live
 * context becomes a Reclaim page, which the hypervisor's RMPUPDATE can
 * then return to itself. Bit 0 of the address is the page size.
 */
static enum sev_status cmd_page_reclaim(struct fw_model *m,
					const struct snp_addr *b)
{
	bool big = b->address & 1;
	uint64_t spa = b->address & ~1ull, size = big ? SZ_2M : SZ_4K;
	struct rmp_entry e;
	enum sev_status st;

	if (m->state != SNP_PLATFORM_INIT)
		return SEV_STATUS_INVALID_PLATFORM_STATE;
	if (spa & (size - 1))
		return SEV_STATUS_INVALID_ADDRESS;
	for (uint64_t off = 0; off < size; off += SZ_4K) {
		enum pstate ps = page_state(m, spa + off, &e);

		if (ps == PS_OUTSIDE)
			return SEV_STATUS_INVALID_ADDRESS;
		if (ps != PS_FIRMWARE || guest_of(m, spa + off))
			return SEV_STATUS_INVALID_PAGE_STATE;
		if (e.pagesize != (big ? RMP_PG_2M : RMP_PG_4K))
			return SEV_STATUS_INVALID_PAGE_SIZE;
	}
	for (uint64_t off = 0; off < size; off += SZ_4K) {
		page_state(m, spa + off, &e);
		e.immutable = false;
		st = fw_set(m, spa + off, &e);
		if (st)
			return st;
	}
	return SEV_STATUS_SUCCESS;
}

static enum sev_status model_cmd(struct fw *fw, enum sev_cmd cmd, void *buf)
{
	struct fw_model *m = fw->priv;

	switch (cmd) {
	case SEV_CMD_SNP_INIT:
		return cmd_init(m, NULL);
	case SEV_CMD_SNP_INIT_EX:
		return cmd_init(m, buf);
	case SEV_CMD_SNP_SHUTDOWN:
		return cmd_shutdown(m);
	case SEV_CMD_SNP_PLATFORM_STATUS:
		return cmd_platform_status(m, buf);
	case SEV_CMD_SNP_DF_FLUSH:
		return cmd_df_flush(m);
	case SEV_CMD_SNP_GCTX_CREATE:
		return cmd_gctx_create(m, buf);
	case SEV_CMD_SNP_LAUNCH_START:
		return cmd_launch_start(m, buf);
	case SEV_CMD_SNP_ACTIVATE:
		return cmd_activate(m, buf);
	case SEV_CMD_SNP_LAUNCH_UPDATE:
		return cmd_launch_update(m, buf);
	case SEV_CMD_SNP_LAUNCH_FINISH:
		return cmd_launch_finish(m, buf);
	case SEV_CMD_SNP_GUEST_REQUEST:
		return cmd_guest_request(m, buf);
	case SEV_CMD_SNP_DECOMMISSION:
		return cmd_decommission(m, buf);
	case SEV_CMD_SNP_PAGE_RECLAIM:
		return cmd_page_reclaim(m, buf);
	}
	return SEV_STATUS_INVALID_COMMAND;
}

static const struct fw_ops model_ops = {
	.name = "model",
	.cmd = model_cmd,
};

void fw_model_init(struct fw_model *m, const struct fw_model_config *cfg)
{
	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	if (m->cfg.nr_rmps > FW_MODEL_MAX_RMPS)
		m->cfg.nr_rmps = FW_MODEL_MAX_RMPS;
	m->fw.ops = &model_ops;
	m->fw.priv = m;
	m->state = SNP_PLATFORM_UNINIT;
	derive(m, 0, "vcek-kdf", m->vcek_kdf_root, sizeof(m->vcek_kdf_root));
	if (cfg->vcek) {
		m->vcek_file = true;
		m->tcb = cfg->vcek->reported_tcb;
		memcpy(m->chip_id, cfg->vcek->chip_id, sizeof(m->chip_id));
		memcpy(m->vcek, cfg->vcek->d, sizeof(cfg->vcek->d));
		m->vcek_len = sizeof(cfg->vcek->d);
		m->vcek_ready = true;
		m->cfg.vcek = NULL; /* the caller's copy may go */
	} else {
		derive(m, 0, "chip-id", m->chip_id, sizeof(m->chip_id));
	}
}
