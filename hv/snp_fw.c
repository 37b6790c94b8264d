// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SEV firmware from the hypervisor's side (docs/firmware.md): the
 * platform brought up once per boot (SNP_INIT, SNP_DF_FLUSH), every
 * emulated SNP guest launched through it (SNP_GCTX_CREATE,
 * SNP_LAUNCH_START, SNP_ACTIVATE, SNP_LAUNCH_UPDATE for every page,
 * SNP_LAUNCH_FINISH) and torn down through it (SNP_DECOMMISSION,
 * SNP_PAGE_RECLAIM, SNP_DF_FLUSH), as a host kernel drives the PSP.
 *
 * The back end is the software firmware model (fw/model.h) over the
 * software RMP. With the hardware RMP (rmp=hw) the firmware would be the
 * PSP (fw/psp.h), but SNP_INIT's preconditions on silicon are NOT
 * IMPLEMENTED, so such a guest is refused with a log line.
 *
 * Launch order (the measurement; docs/firmware.md "Measurement order"):
 * the launched ranges in ascending GPA; each 2 MiB chunk as one 2 MiB
 * ZERO SNP_LAUNCH_UPDATE when all of it is zero, rmp-max=2m and no CPUID
 * or secrets page is inside, else as 512 4 KiB updates (CPUID, SECRETS,
 * ZERO for an all-zero page, else NORMAL); the VMSA page last. A guest
 * firmware (OVMF) is launched from its SEV metadata instead (launch_ovmf).
 */
#include <string.h>

#include "fw/model.h"
#include "fw/psp.h"
#include "hv/ovmf_image.h"
#include "hv/snp_guest.h"
#include "include/log.h"
#include "include/sizes.h"
#include "include/x86.h"
#include "svm/svm.h"

/* The hypervisor's firmware-page area of a guest, from the pool and
 * given back at its end: GCTX, VMSA, platform status, a guest request
 * and its response. */
#define FWA_PAGES	    5u
#define FWA_GCTX	    0u
#define FWA_VMSA	    1u
#define FWA_STATUS	    2u
#define FWA_REQ		    3u /* a guest request's copy */
#define FWA_RESP	    4u /* the firmware's response: a Firmware page */
#define SEV_FEAT_SNP_ACTIVE (1ull << 0) /* SEV_FEATURES bit 0 */

static struct {
	bool up;
	struct fw_model model;
	struct rmp fwa_rmp;
	uint64_t fwa_table[FWA_PAGES];
	uint8_t *fwa;
	struct palloc *fwa_pa;
	uint64_t gctx; /* 0: no guest context */
	/* The VCEK file (snp_fw_vcek_file()). */
	enum {
		VCEK_NONE,
		VCEK_OK,
		VCEK_BAD
	} vcek_state;
	struct fw_vcek vcek;
	const char *vcek_why;
} fwp;

static void hex_of(const uint8_t *p, unsigned n, char *out)
{
	static const char x[] = "0123456789abcdef";

	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = x[p[i] >> 4];
		out[2 * i + 1] = x[p[i] & 15];
	}
	out[2 * n] = 0;
}

/*
 * The ESP's VCEK file (docs/firmware.md "The VCEK file"; boot/ reads
 * it): checked once here. With a good file the model signs with its VCEK
 * and the extended request serves its chain. A bad file refuses every
 * SNP guest (snp_fw_begin, with the reason): no quiet fallback to
 * another key. Without a file the model signs with a key from the boot
 * seed that nothing certifies, and the extended request's table is empty:
 * logged at the platform's start.
 */
void snp_fw_vcek_file(const void *file, uint64_t size)
{
	fwp.vcek_state = VCEK_NONE;
	if (!file)
		return;
	if (size > UINT32_MAX ||
	    fw_vcek_parse(file, (size_t)size, &fwp.vcek, &fwp.vcek_why)) {
		if (size > UINT32_MAX)
			fwp.vcek_why = "too large";
		fwp.vcek_state = VCEK_BAD;
		log_err("snp fw: %s refused: %s; SNP guests will not be launched (tools/snp-certs.py makes a good one)",
			BI_VCEK_FILE, fwp.vcek_why);
		return;
	}
	fwp.vcek_state = VCEK_OK;
}

const uint8_t *snp_fw_certs(uint32_t *len)
{
	*len = fwp.vcek_state == VCEK_OK ? fwp.vcek.certs_len : 0;
	return fwp.vcek_state == VCEK_OK ? fwp.vcek.certs : NULL;
}

static uint64_t spa_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static enum sev_status cmd(enum sev_cmd c, void *buf)
{
	enum sev_status st = fw_cmd(&fwp.model.fw, c, buf);

	if (st)
		log_err("snp fw: %s: %s (0x%x)", sev_cmd_name(c),
			sev_status_name(st), st);
	return st;
}

static enum sev_status cmd_addr(enum sev_cmd c, uint64_t a)
{
	struct snp_addr b = { .address = a };

	return cmd(c, &b);
}

/* RDSEED, else RDRAND (APM volume 3, "RDSEED", "RDRAND"): CF=1 when a
 * value was delivered. */
static bool hw_random(uint64_t *v)
{
	uint32_t r[4];
	bool rdseed, rdrand;
	uint8_t ok = 0;

	cpuid(7, 0, r);
	rdseed = r[1] & (1u << 18);
	cpuid(1, 0, r);
	rdrand = r[2] & (1u << 30);
	for (unsigned i = 0; i < 32 && !ok; i++) {
		if (rdseed)
			__asm__ volatile("rdseed %0; setc %1"
					 : "=r"(*v), "=qm"(ok));
		else if (rdrand)
			__asm__ volatile("rdrand %0; setc %1"
					 : "=r"(*v), "=qm"(ok));
		else
			return false;
	}
	return ok;
}

static void guest_cpuid(void *ctx, uint32_t fn, uint32_t sub, uint64_t xcr0,
			uint64_t xss, uint32_t r[4])
{
	(void)xcr0, (void)xss;
	cpuid_guest_view(ctx, fn, sub, r);
}

static int fwa_alloc(struct vm *vm)
{
	fwp.fwa = palloc_alloc(vm->pa, FWA_PAGES, 1);
	if (!fwp.fwa) {
		log_err("snp fw: no pool memory for the firmware pages");
		return -1;
	}
	fwp.fwa_pa = vm->pa;
	memset(fwp.fwa_table, 0, sizeof(fwp.fwa_table));
	rmp_sw_init(&fwp.fwa_rmp, spa_of(fwp.fwa), FWA_PAGES * SZ_4K,
		    fwp.fwa_table);
	return 0;
}

/* Every page of the area back in the hypervisor state, then to the
 * pool; pages that are not stay out of use (logged). */
static void fwa_free(void)
{
	struct rmp_state hv = { .assigned = false };
	bool ok = true;

	if (!fwp.fwa)
		return;
	for (unsigned i = 0; i < FWA_PAGES; i++) {
		struct rmp_entry e;

		uint64_t p = spa_of(fwp.fwa + i * SZ_4K);

		rmp_read(&fwp.fwa_rmp, p, &e);
		/* A Firmware page goes back through SNP_PAGE_RECLAIM. */
		if (e.assigned && e.immutable && fwp.up)
			cmd_addr(SEV_CMD_SNP_PAGE_RECLAIM, p);
		if (e.assigned && rmp_update(&fwp.fwa_rmp, p, &hv))
			ok = false;
	}
	if (ok)
		palloc_free(fwp.fwa_pa, fwp.fwa, FWA_PAGES);
	else
		log_err("snp fw: firmware pages still assigned; %u pages stay out of use",
			FWA_PAGES);
	fwp.fwa = NULL;
	memset(&fwp.fwa_rmp, 0, sizeof(fwp.fwa_rmp));
}

/* Once per boot: the model over the guest's RMP and the firmware-page
 * area's, SNP_INIT, SNP_DF_FLUSH, SNP_PLATFORM_STATUS. */
static int platform_up(struct vm *vm, const struct bi_options *o,
		       struct snp_guest *g)
{
	struct fw_model_config cfg = {
		.rmps = { &g->rmp, &fwp.fwa_rmp },
		.nr_rmps = 2,
		.max_asid = FW_MODEL_MAX_ASID,
		.cpuid = guest_cpuid,
		.cpuid_ctx = &vm->vcpu,
	};
	const struct snp_platform_status *ps;
	struct rmp_state fw_page = { .assigned = true, .immutable = true };
	uint32_t r[4];

	if (o->fw_seed) {
		memcpy(cfg.seed, &o->fw_seed, sizeof(o->fw_seed));
		log_info("snp fw: fixed seed %llu (fw-seed=): VMPCKs are reproducible, not secret",
			 (unsigned long long)o->fw_seed);
	} else {
		for (unsigned i = 0; i < sizeof(cfg.seed); i += 8) {
			uint64_t v;

			if (!hw_random(&v)) {
				log_err("snp fw: no RDSEED/RDRAND for the per-boot seed; boot with fw-seed=N for a fixed one");
				return -1;
			}
			memcpy(cfg.seed + i, &v, 8);
		}
	}
	cpuid(1, 0, r);
	cfg.fms = r[0];
	if (fwp.vcek_state == VCEK_OK)
		cfg.vcek = &fwp.vcek;
	fw_model_init(&fwp.model, &cfg);
	if (cmd(SEV_CMD_SNP_INIT, NULL) || cmd(SEV_CMD_SNP_DF_FLUSH, NULL))
		return -1;
	/* The status page is a Firmware page (SNP FW ABI
	 * "SNP_PLATFORM_STATUS"), given back afterwards. */
	if (rmp_update(&fwp.fwa_rmp, spa_of(fwp.fwa + FWA_STATUS * SZ_4K),
		       &fw_page) != RMP_OK ||
	    cmd_addr(SEV_CMD_SNP_PLATFORM_STATUS,
		     spa_of(fwp.fwa + FWA_STATUS * SZ_4K)))
		return -1;
	ps = (const void *)(fwp.fwa + FWA_STATUS * SZ_4K);
	/* fwa_free() reclaims it with the others. */
	log_info("snp fw: %s firmware, SNP API %u.%u, platform state %u, %u SNP ASIDs",
		 fwp.model.fw.ops->name, ps->api_major, ps->api_minor,
		 ps->state, fwp.model.cfg.max_asid);
	{
		uint8_t pub[97];
		char hex[2 * sizeof(pub) + 1];

		fw_model_vcek_pub(&fwp.model, pub);
		hex_of(pub, sizeof(pub), hex);
		if (fwp.vcek_state == VCEK_OK)
			log_info("snp fw: VCEK from %s (a TEST chain made by tools/snp-certs.py, NOT AMD's): TCB 0x%016llx, certificate table %u bytes, P-384 %s",
				 BI_VCEK_FILE,
				 (unsigned long long)fwp.vcek.reported_tcb,
				 fwp.vcek.certs_len, hex);
		else
			log_info("snp fw: no %s on the ESP: reports are signed by a key from the boot seed that no certificate vouches for (NOT AMD's), CHIP_ID from the seed, TCB 0, and the extended request's certificate table is empty: P-384 %s",
				 BI_VCEK_FILE, hex);
	}
	fwp.up = true;
	return 0;
}

int snp_fw_begin(struct vm *vm, const struct bi_options *o)
{
	struct snp_guest *g = vm->snp;
	uint64_t gctx;
	struct rmp_state fw_page = { .assigned = true, .immutable = true };
	struct snp_launch_start ls = { .policy = SNP_POLICY_DEFAULT };
	struct snp_activate act;

	if (fwp.vcek_state == VCEK_BAD) {
		log_err("snp fw: %s was refused (%s): no SNP guest is launched",
			BI_VCEK_FILE, fwp.vcek_why);
		return -1;
	}
	if (!g->rmp.ops->fw_write) {
		log_err("snp fw: the %s RMP needs the PSP as firmware (fw/psp.c), but SNP_INIT's preconditions on silicon are not implemented; boot with rmp=sw",
			g->rmp.ops->name);
		return -1;
	}
	if (fwa_alloc(vm))
		return -1;
	if (!fwp.up && platform_up(vm, o, g))
		return -1;
	gctx = spa_of(fwp.fwa + FWA_GCTX * SZ_4K);
	if (rmp_update(&fwp.fwa_rmp, gctx, &fw_page) != RMP_OK ||
	    cmd_addr(SEV_CMD_SNP_GCTX_CREATE, gctx))
		return -1;
	fwp.gctx = gctx;
	if (rmp_update(&fwp.fwa_rmp, spa_of(fwp.fwa + FWA_RESP * SZ_4K),
		       &fw_page) != RMP_OK)
		return -1;
	ls.gctx_paddr = gctx;
	act = (struct snp_activate){ .gctx_paddr = gctx, .asid = g->vm.asid };
	if (cmd(SEV_CMD_SNP_LAUNCH_START, &ls) ||
	    cmd(SEV_CMD_SNP_ACTIVATE, &act))
		return -1;
	return 0;
}

static bool all_zero(const uint8_t *p, uint64_t n)
{
	const uint64_t *q = (const uint64_t *)p;

	for (uint64_t i = 0; i < n / 8; i++)
		if (q[i])
			return false;
	return true;
}

static int update(uint64_t spa, enum snp_page_type type, bool big)
{
	struct snp_launch_update lu = {
		.gctx_paddr = fwp.gctx,
		.flags = SNP_LU_PAGE_TYPE(type) |
			 (big ? SNP_LU_PAGE_SIZE_2M : 0),
		.address = spa,
	};

	return cmd(SEV_CMD_SNP_LAUNCH_UPDATE, &lu) ? -1 : 0;
}

/* The CPUID page failed its check: say which entries the firmware
 * corrected (it wrote them back), as a host tells its user. */
static void cpuid_mismatch(const struct snp_cpuid_page *was,
			   const struct snp_cpuid_page *now)
{
	for (unsigned i = 0; i < now->count && i < SNP_CPUID_MAX; i++)
		if (memcmp(&was->e[i], &now->e[i], sizeof(now->e[i])))
			log_err("snp fw: CPUID page entry %u (fn 0x%x sub %u) corrected by the firmware: %08x %08x %08x %08x -> %08x %08x %08x %08x",
				i, now->e[i].eax_in, now->e[i].ecx_in,
				was->e[i].eax, was->e[i].ebx, was->e[i].ecx,
				was->e[i].edx, now->e[i].eax, now->e[i].ebx,
				now->e[i].ecx, now->e[i].edx);
}

/* One 4 KiB SNP_LAUNCH_UPDATE of the guest page at gpa as type t. */
static int update_typed(struct vm *vm, uint64_t gpa, enum snp_page_type t,
			uint64_t counts[7])
{
	static struct snp_cpuid_page was;
	uint8_t *p = vm_gpa_to_host(vm, gpa);

	if (t == SNP_PAGE_TYPE_CPUID)
		memcpy(&was, p, sizeof(was));
	if (update(spa_of(p), t, false)) {
		if (t == SNP_PAGE_TYPE_CPUID)
			cpuid_mismatch(&was, (const void *)p);
		return -1;
	}
	counts[t]++;
	return 0;
}

static int update_4k(struct vm *vm, uint64_t gpa, struct snp_guest *g,
		     uint64_t counts[7])
{
	enum snp_page_type t;

	if (g->cpuid_gpa && gpa == g->cpuid_gpa)
		t = SNP_PAGE_TYPE_CPUID;
	else if (g->secrets_gpa && gpa == g->secrets_gpa)
		t = SNP_PAGE_TYPE_SECRETS;
	else
		t = all_zero(vm_gpa_to_host(vm, gpa), SZ_4K) ?
			    SNP_PAGE_TYPE_ZERO :
			    SNP_PAGE_TYPE_NORMAL;
	return update_typed(vm, gpa, t, counts);
}

/* [gpa, gpa + size) made Pre-Guest at 4 KiB and launched as type t. */
static int launch_typed(struct vm *vm, struct snp_guest *g, uint64_t gpa,
			uint64_t size, enum snp_page_type t, uint64_t counts[7])
{
	if (snp_launch_prepare(&g->vm, gpa, size) ||
	    snp_launch_assign(&g->vm, gpa, size, SNP_RMP_MAX_4K))
		return -1;
	for (uint64_t p = gpa; p < gpa + size; p += SZ_4K)
		if (update_typed(vm, p, t, counts))
			return -1;
	return 0;
}

/*
 * A firmware image launched from its SEV metadata (hv/ovmf_image.h), in
 * the order a KVM host with QEMU uses (docs/firmware.md "Measurement
 * order"): first the whole image as NORMAL pages in ascending GPA, then
 * every metadata section in table order with the page type of SNP FW ABI
 * "SNP_LAUNCH_UPDATE" that QEMU gives its type: SNP_SEC_MEM and
 * SNP_SVSM_CAA as ZERO (pre-validated, zero-filled, contents not
 * measured), SNP_SECRETS as SECRETS, CPUID as CPUID, KERNEL_HASHES as
 * ZERO, as QEMU does without kernel hashes (a measured direct boot,
 * where QEMU writes the hashes and launches it NORMAL, is NOT
 * IMPLEMENTED). The VMSA follows (the caller).
 */
static int launch_ovmf(struct vm *vm, struct snp_guest *g, uint64_t counts[7])
{
	const struct ovmf_image *im = g->ovmf;

	if (launch_typed(vm, g, im->base, im->size, SNP_PAGE_TYPE_NORMAL,
			 counts))
		return -1;
	for (unsigned i = 0; i < im->nr_sections; i++) {
		const struct ovmf_section *sec = &im->sections[i];
		enum snp_page_type t;

		switch (sec->type) {
		case OVMF_SECTION_SNP_SEC_MEM:
		case OVMF_SECTION_SNP_SVSM_CAA:
		case OVMF_SECTION_KERNEL_HASHES:
			t = SNP_PAGE_TYPE_ZERO;
			break;
		case OVMF_SECTION_SNP_SECRETS:
			t = SNP_PAGE_TYPE_SECRETS;
			break;
		case OVMF_SECTION_CPUID:
			t = SNP_PAGE_TYPE_CPUID;
			break;
		default:
			log_err("snp fw %s: SEV metadata section %u (%s at 0x%x): not implemented",
				vm->name, i, ovmf_section_type_name(sec->type),
				sec->base);
			return -1;
		}
		if (launch_typed(vm, g, sec->base, sec->size, t, counts))
			return -1;
	}
	return 0;
}

static int launch_range(struct vm *vm, struct snp_guest *g, uint64_t lo,
			uint64_t hi, uint64_t counts[7])
{
	if (hi > lo && snp_launch_prepare(&g->vm, lo, hi - lo))
		return -1;
	for (uint64_t c = lo; c < hi; c += SZ_2M) {
		bool special = (g->cpuid_gpa &&
				(g->cpuid_gpa & ~(SZ_2M - 1)) == c) ||
			       (g->secrets_gpa &&
				(g->secrets_gpa & ~(SZ_2M - 1)) == c);
		/* Only an all-zero chunk is one 2 MiB update: content is
		 * hashed page by page, so a mixed chunk costs only its
		 * non-zero pages. */
		bool big = g->vm.rmp_max == SNP_RMP_MAX_2M && !special &&
			   !(c & (SZ_2M - 1)) && hi - c >= SZ_2M &&
			   all_zero(vm_gpa_to_host(vm, c), SZ_2M);
		uint64_t n = hi - c < SZ_2M ? hi - c : SZ_2M;

		if (snp_launch_assign(&g->vm, c, n,
				      big ? SNP_RMP_MAX_2M : SNP_RMP_MAX_4K))
			return -1;
		if (big) {
			if (update(spa_of(vm_gpa_to_host(vm, c)),
				   SNP_PAGE_TYPE_ZERO, true))
				return -1;
			counts[SNP_PAGE_TYPE_ZERO] += 512;
			continue;
		}
		for (uint64_t p = c; p < c + n; p += SZ_4K)
			if (update_4k(vm, p, g, counts))
				return -1;
	}
	return 0;
}

int snp_fw_launch(struct vm *vm)
{
	struct snp_guest *g = vm->snp;
	uint64_t counts[7] = { 0 }, t0 = rdtsc();
	uint8_t *vmsa = fwp.fwa + FWA_VMSA * SZ_4K;
	struct rmp_state pre = {
		.gpa = SNP_VMSA_GPA,
		.assigned = true,
		.immutable = true,
		.asid = g->vm.asid,
	};
	struct snp_launch_finish lf = { .gctx_paddr = fwp.gctx };
	const struct fw_model_guest *mg;
	char hex[97];

	if (g->ovmf) {
		if (launch_ovmf(vm, g, counts))
			return -1;
	} else if (launch_range(vm, g, 0, g->launch_lo, counts) ||
		   (g->launch_hi < vm->ram_size &&
		    launch_range(vm, g, g->launch_hi, vm->ram_size, counts)) ||
		   /* Only a Linux guest has RAM above 4 GiB without a
		    * firmware (vm_create): all its e820 RAM is launched. */
		   launch_range(vm, g, VM_HIGH_RAM_GPA,
				VM_HIGH_RAM_GPA + vm->high_size, counts)) {
		return -1;
	}
	/* The vCPU's first state, as the VMSA the digest binds. */
	svm_build_vmsa(&vm->vcpu.svm, &vm->vcpu.regs, SEV_FEAT_SNP_ACTIVE,
		       vmsa);
	if (rmp_update(&fwp.fwa_rmp, spa_of(vmsa), &pre) != RMP_OK ||
	    update(spa_of(vmsa), SNP_PAGE_TYPE_VMSA, false))
		return -1;
	counts[SNP_PAGE_TYPE_VMSA]++;
	if (cmd(SEV_CMD_SNP_LAUNCH_FINISH, &lf))
		return -1;
	mg = fw_model_guest(&fwp.model, fwp.gctx);
	hex_of(mg->digest, 48, hex);
	log_info("snp fw %s: launched: %llu pages (%llu NORMAL, %llu ZERO, %llu CPUID, %llu SECRETS, %llu VMSA), policy 0x%llx, ASID %u, %llu Mcycles",
		 vm->name, (unsigned long long)mg->pages_updated,
		 (unsigned long long)counts[SNP_PAGE_TYPE_NORMAL],
		 (unsigned long long)counts[SNP_PAGE_TYPE_ZERO],
		 (unsigned long long)counts[SNP_PAGE_TYPE_CPUID],
		 (unsigned long long)counts[SNP_PAGE_TYPE_SECRETS],
		 (unsigned long long)counts[SNP_PAGE_TYPE_VMSA],
		 (unsigned long long)mg->policy, mg->asid,
		 (unsigned long long)((rdtsc() - t0) >> 20));
	log_info("snp fw %s: measurement %s", vm->name, hex);
	return 0;
}

/*
 * SNP Guest Request for the engine (snp_vm_config.guest_request): the
 * guest's shared request page is copied into the hypervisor's request
 * page, SNP_GUEST_REQUEST answers into the Firmware response page, which
 * is copied to the guest's response page only on SUCCESS (a refused
 * message leaves it as it was). SW_EXITINFO2 = the firmware status, no
 * VMM error (GHCB spec "SNP Guest Request").
 */
uint64_t snp_fw_guest_request(void *ctx, uint64_t req_gpa, uint64_t resp_gpa)
{
	struct vm *vm = ctx;
	uint8_t *req = fwp.fwa + FWA_REQ * SZ_4K,
		*resp = fwp.fwa + FWA_RESP * SZ_4K;
	struct snp_guest_request gr = {
		.gctx_paddr = fwp.gctx,
		.req_paddr = spa_of(req),
		.res_paddr = spa_of(resp),
	};
	enum sev_status st;

	/* The engine checked both to be shared guest RAM pages. */
	memcpy(req, vm_gpa_to_host(vm, req_gpa), SZ_4K);
	st = fw_cmd(&fwp.model.fw, SEV_CMD_SNP_GUEST_REQUEST, &gr);
	if (st == SEV_STATUS_SUCCESS)
		memcpy(vm_gpa_to_host(vm, resp_gpa), resp, SZ_4K);
	else
		log_ratelimited(LOG_WARN,
				"guest %s: SNP_GUEST_REQUEST: %s (0x%x)",
				vm->name, sev_status_name(st), st);
	return st;
}

/* DECOMMISSION, then every firmware page back to the hypervisor; a page
 * that cannot be reclaimed is left out of use (logged). */
void snp_fw_end(struct vm *vm)
{
	struct rmp_state hv = { .assigned = false };

	(void)vm;
	if (!fwp.gctx) {
		fwa_free();
		return;
	}
	if (cmd_addr(SEV_CMD_SNP_DECOMMISSION, fwp.gctx) ==
		    SEV_STATUS_SUCCESS &&
	    cmd_addr(SEV_CMD_SNP_PAGE_RECLAIM, fwp.gctx) ==
		    SEV_STATUS_SUCCESS &&
	    rmp_update(&fwp.fwa_rmp, fwp.gctx, &hv) == RMP_OK)
		fwp.gctx = 0;
	if (fwp.gctx) {
		log_err("snp fw: the guest context page could not be reclaimed; the firmware pages stay out of use");
		fwp.fwa = NULL;
		fwp.gctx = 0;
		return;
	}
	/* The VMSA page is a decommissioned guest's mutable page: fwa_free
	 * RMPUPDATEs it back. Its ASID is flushed for the next guest. */
	cmd(SEV_CMD_SNP_DF_FLUSH, NULL);
	fwa_free();
}
