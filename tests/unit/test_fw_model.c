// SPDX-License-Identifier: GPL-2.0-only
/*
 * The software SNP firmware (fw/model.c): every precondition it enforces
 * with the status code of the SNP FW ABI (by command section title), the
 * RMP transitions it makes on the software RMP, the secrets page, the
 * CPUID page check, and the launch digest chain checked against an
 * independent SHA-384 (OpenSSL's libcrypto) over PAGE_INFO structures
 * this test lays out itself from the ABI's table.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/sha.h>

#include "fw/model.h"
#include "tests/lib/tap.h"

#define RAM_SIZE (4 * SZ_2M)  /* "guest RAM", covered by rmp_ram */
#define FWA_SIZE (16 * SZ_4K) /* the hypervisor's firmware-page area */
#define ASID	 5u
#define MAX_ASID 15u

static uint8_t *ram, *fwa;
static uint64_t ram_table[RAM_SIZE >> 12], fwa_table[FWA_SIZE >> 12];
static struct rmp rmp_ram, rmp_fwa;
static struct fw_model m;
static uint8_t seed[32];

static uint64_t spa(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* What the platform allows: leaf 1 EDX bits 0-7 and 0x80000001 ECX bit 0. */
static void platform_cpuid(void *ctx, uint32_t fn, uint32_t sub, uint64_t xcr0,
			   uint64_t xss, uint32_t r[4])
{
	(void)ctx, (void)sub, (void)xcr0, (void)xss;
	memset(r, 0, 16);
	if (fn == 1)
		r[3] = 0xff;
	if (fn == 0x80000001u)
		r[2] = 1;
}

static void fresh(void)
{
	struct fw_model_config cfg = {
		.rmps = { &rmp_ram, &rmp_fwa },
		.nr_rmps = 2,
		.max_asid = MAX_ASID,
		.fms = 0x00a00f11,
		.cpuid = platform_cpuid,
	};

	memcpy(cfg.seed, seed, sizeof(seed));
	memset(ram_table, 0, sizeof(ram_table));
	memset(fwa_table, 0, sizeof(fwa_table));
	rmp_sw_init(&rmp_ram, spa(ram), RAM_SIZE, ram_table);
	rmp_sw_init(&rmp_fwa, spa(fwa), FWA_SIZE, fwa_table);
	fw_model_init(&m, &cfg);
}

static enum sev_status cmd(enum sev_cmd c, void *buf)
{
	return fw_cmd(&m.fw, c, buf);
}

static enum sev_status cmd_addr(enum sev_cmd c, uint64_t a)
{
	struct snp_addr b = { .address = a };

	return cmd(c, &b);
}

/* The hypervisor's RMPUPDATE. */
static enum rmp_rc hv_update(uint64_t p, uint64_t gpa, uint32_t asid,
			     bool assigned, bool immutable, enum rmp_pgsize sz)
{
	struct rmp_state st = {
		.gpa = gpa,
		.assigned = assigned,
		.pagesize = sz,
		.immutable = immutable,
		.asid = asid,
	};
	struct rmp *r = rmp_covers(&rmp_ram, p) ? &rmp_ram : &rmp_fwa;

	return rmp_update(r, p, &st);
}

static enum rmp_rc make_firmware(uint64_t p)
{
	return hv_update(p, 0, 0, true, true, RMP_PG_4K);
}

static enum rmp_rc make_pre_guest(uint64_t p, uint64_t gpa, uint32_t asid,
				  enum rmp_pgsize sz)
{
	return hv_update(p, gpa, asid, true, true, sz);
}

static struct rmp_entry entry(uint64_t p)
{
	struct rmp_entry e;
	struct rmp *r = rmp_covers(&rmp_ram, p) ? &rmp_ram : &rmp_fwa;

	memset(&e, 0, sizeof(e));
	rmp_read(r, p, &e);
	return e;
}

static enum sev_status update(uint64_t gctx, uint64_t p, unsigned type,
			      bool big)
{
	struct snp_launch_update b = {
		.gctx_paddr = gctx,
		.flags = SNP_LU_PAGE_TYPE(type) |
			 (big ? SNP_LU_PAGE_SIZE_2M : 0),
		.address = p,
	};

	return cmd(SEV_CMD_SNP_LAUNCH_UPDATE, &b);
}

static enum sev_status start(uint64_t gctx, uint64_t policy)
{
	struct snp_launch_start b = { .gctx_paddr = gctx, .policy = policy };

	return cmd(SEV_CMD_SNP_LAUNCH_START, &b);
}

static enum sev_status activate(uint64_t gctx, uint32_t asid)
{
	struct snp_activate b = { .gctx_paddr = gctx, .asid = asid };

	return cmd(SEV_CMD_SNP_ACTIVATE, &b);
}

/* INIT, a GCTX in fwa page 0, LAUNCH_START, ACTIVATE(ASID). */
static uint64_t launched_guest(void)
{
	uint64_t g = spa(fwa);

	fresh();
	cmd(SEV_CMD_SNP_INIT, NULL);
	make_firmware(g);
	cmd_addr(SEV_CMD_SNP_GCTX_CREATE, g);
	start(g, SNP_POLICY_DEFAULT);
	activate(g, ASID);
	return g;
}

static void platform(void)
{
	uint64_t st_page = spa(fwa + SZ_4K);
	struct snp_platform_status *st = (void *)(fwa + SZ_4K);
	struct snp_init_ex ex;

	fresh();
	make_firmware(st_page);
	tap_eq(cmd_addr(SEV_CMD_SNP_PLATFORM_STATUS, st_page),
	       SEV_STATUS_SUCCESS,
	       "SNP_PLATFORM_STATUS before SNP_INIT: SUCCESS");
	tap_eq(st->state, SNP_PLATFORM_UNINIT, "... state UNINIT");
	tap_eq(cmd_addr(SEV_CMD_SNP_GCTX_CREATE, spa(fwa)),
	       SEV_STATUS_INVALID_PLATFORM_STATE,
	       "SNP_GCTX_CREATE before SNP_INIT: INVALID_PLATFORM_STATE");
	tap_eq(cmd(SEV_CMD_SNP_DF_FLUSH, NULL),
	       SEV_STATUS_INVALID_PLATFORM_STATE,
	       "SNP_DF_FLUSH before SNP_INIT: INVALID_PLATFORM_STATE");
	tap_eq(cmd(SEV_CMD_SNP_SHUTDOWN, NULL),
	       SEV_STATUS_INVALID_PLATFORM_STATE,
	       "SNP_SHUTDOWN before SNP_INIT: INVALID_PLATFORM_STATE");
	tap_eq(cmd_addr(SEV_CMD_SNP_PAGE_RECLAIM, st_page),
	       SEV_STATUS_INVALID_PLATFORM_STATE,
	       "SNP_PAGE_RECLAIM before SNP_INIT: INVALID_PLATFORM_STATE");
	memset(&ex, 0, sizeof(ex));
	ex.flags = 1u << 5;
	tap_eq(cmd(SEV_CMD_SNP_INIT_EX, &ex), SEV_STATUS_INVALID_PARAM,
	       "SNP_INIT_EX with a reserved flag: INVALID_PARAM");
	ex.flags = SNP_INIT_EX_LIST_PADDR_EN;
	tap_eq(cmd(SEV_CMD_SNP_INIT_EX, &ex), SEV_STATUS_UNSUPPORTED,
	       "SNP_INIT_EX with a RANGES list: UNSUPPORTED (not modelled)");
	ex.flags = SNP_INIT_EX_INIT_RMP;
	tap_eq(cmd(SEV_CMD_SNP_INIT_EX, &ex), SEV_STATUS_SUCCESS,
	       "SNP_INIT_EX with INIT_RMP: SUCCESS");
	tap_eq(cmd(SEV_CMD_SNP_INIT, NULL), SEV_STATUS_INVALID_PLATFORM_STATE,
	       "SNP_INIT twice: INVALID_PLATFORM_STATE");
	tap_eq(cmd_addr(SEV_CMD_SNP_PLATFORM_STATUS, st_page),
	       SEV_STATUS_SUCCESS,
	       "SNP_PLATFORM_STATUS after SNP_INIT: SUCCESS");
	tap_check(st->state == SNP_PLATFORM_INIT && st->is_rmp_init == 1 &&
			  st->api_major == FW_MODEL_API_MAJOR &&
			  st->api_minor == FW_MODEL_API_MINOR &&
			  st->guest_count == 0,
		  "... state INIT, RMP initialised, API %u.%u, no guests",
		  st->api_major, st->api_minor);
	tap_eq(cmd_addr(SEV_CMD_SNP_PLATFORM_STATUS, st_page + 8),
	       SEV_STATUS_INVALID_ADDRESS,
	       "SNP_PLATFORM_STATUS to an unaligned address: INVALID_ADDRESS");
	tap_eq(cmd_addr(SEV_CMD_SNP_PLATFORM_STATUS, spa(fwa + 2 * SZ_4K)),
	       SEV_STATUS_INVALID_PAGE_STATE,
	       "SNP_PLATFORM_STATUS to a hypervisor page: INVALID_PAGE_STATE");
	tap_eq(cmd(0x0ff, NULL), SEV_STATUS_INVALID_COMMAND,
	       "an unknown command: INVALID_COMMAND");
	tap_eq(cmd(SEV_CMD_SNP_SHUTDOWN, NULL), SEV_STATUS_SUCCESS,
	       "SNP_SHUTDOWN without guests: SUCCESS");
	tap_eq(cmd(SEV_CMD_SNP_INIT, NULL), SEV_STATUS_SUCCESS,
	       "SNP_INIT after SNP_SHUTDOWN: SUCCESS");

	{
		struct fw_model_config none = { .max_asid = 1 };

		fw_model_init(&m, &none);
		tap_eq(cmd(SEV_CMD_SNP_INIT, NULL),
		       SEV_STATUS_RMP_INIT_REQUIRED,
		       "SNP_INIT without an RMP: RMP_INIT_REQUIRED");
	}
}

static void gctx(void)
{
	uint64_t g = spa(fwa), big = spa(ram + SZ_2M);

	fresh();
	cmd(SEV_CMD_SNP_INIT, NULL);
	tap_eq(cmd_addr(SEV_CMD_SNP_GCTX_CREATE, g),
	       SEV_STATUS_INVALID_PAGE_STATE,
	       "SNP_GCTX_CREATE on a hypervisor page: INVALID_PAGE_STATE");
	tap_eq(cmd_addr(SEV_CMD_SNP_GCTX_CREATE, g + 16),
	       SEV_STATUS_INVALID_ADDRESS,
	       "SNP_GCTX_CREATE unaligned: INVALID_ADDRESS");
	tap_eq(hv_update(g, 0, ASID, true, true, RMP_PG_4K), RMP_OK,
	       "RMPUPDATE: a page assigned to a guest");
	tap_eq(cmd_addr(SEV_CMD_SNP_GCTX_CREATE, g),
	       SEV_STATUS_INVALID_PAGE_STATE,
	       "SNP_GCTX_CREATE on a guest's page: INVALID_PAGE_STATE");
	tap_eq(hv_update(big, 0, 0, true, true, RMP_PG_2M), RMP_OK,
	       "RMPUPDATE: a 2 MiB Firmware page");
	tap_eq(cmd_addr(SEV_CMD_SNP_GCTX_CREATE, big),
	       SEV_STATUS_INVALID_PAGE_SIZE,
	       "SNP_GCTX_CREATE on a 2 MiB page: INVALID_PAGE_SIZE");

	fresh();
	cmd(SEV_CMD_SNP_INIT, NULL);
	for (unsigned i = 0; i <= FW_MODEL_MAX_GUESTS; i++)
		make_firmware(g + i * SZ_4K);
	memset(fwa, 0xa5, SZ_4K);
	tap_eq(cmd_addr(SEV_CMD_SNP_GCTX_CREATE, g), SEV_STATUS_SUCCESS,
	       "SNP_GCTX_CREATE on a Firmware page: SUCCESS");
	tap_check(fwa[0] == 0 && fwa[SZ_4K - 1] == 0,
		  "... the context page is the firmware's (zeroed)");
	tap_eq(cmd_addr(SEV_CMD_SNP_GCTX_CREATE, g),
	       SEV_STATUS_INVALID_PAGE_STATE,
	       "SNP_GCTX_CREATE on a live context page: INVALID_PAGE_STATE");
	for (unsigned i = 1; i < FW_MODEL_MAX_GUESTS; i++)
		cmd_addr(SEV_CMD_SNP_GCTX_CREATE, g + i * SZ_4K);
	tap_eq(cmd_addr(SEV_CMD_SNP_GCTX_CREATE,
			g + FW_MODEL_MAX_GUESTS * SZ_4K),
	       SEV_STATUS_RESOURCE_LIMIT,
	       "SNP_GCTX_CREATE beyond %u contexts: RESOURCE_LIMIT",
	       FW_MODEL_MAX_GUESTS);
	tap_eq(start(g + 15 * SZ_4K, SNP_POLICY_DEFAULT),
	       SEV_STATUS_INVALID_GUEST,
	       "SNP_LAUNCH_START on a page that is no context: INVALID_GUEST");
	tap_eq(cmd(SEV_CMD_SNP_SHUTDOWN, NULL), SEV_STATUS_ACTIVE,
	       "SNP_SHUTDOWN with live contexts: ACTIVE (model's choice)");
}

static void launch_start_activate(void)
{
	uint64_t g = spa(fwa), g2 = spa(fwa + SZ_4K);

	fresh();
	cmd(SEV_CMD_SNP_INIT, NULL);
	make_firmware(g);
	make_firmware(g2);
	cmd_addr(SEV_CMD_SNP_GCTX_CREATE, g);
	cmd_addr(SEV_CMD_SNP_GCTX_CREATE, g2);
	tap_eq(activate(g, ASID), SEV_STATUS_INVALID_GUEST_STATE,
	       "SNP_ACTIVATE before SNP_LAUNCH_START: INVALID_GUEST_STATE");
	tap_eq(start(g, SNP_POLICY_SMT), SEV_STATUS_INVALID_PARAM,
	       "SNP_LAUNCH_START, policy bit 17 clear: INVALID_PARAM");
	tap_eq(start(g, SNP_POLICY_DEFAULT | (1ull << 40)),
	       SEV_STATUS_INVALID_PARAM,
	       "SNP_LAUNCH_START, a reserved policy bit set: INVALID_PARAM");
	tap_eq(start(g, SNP_POLICY_DEFAULT | (2u << 8)),
	       SEV_STATUS_POLICY_FAILURE,
	       "SNP_LAUNCH_START, policy asks for ABI 2.0: POLICY_FAILURE");
	tap_eq(start(g, SNP_POLICY_DEFAULT | (1u << 8) | 56u),
	       SEV_STATUS_POLICY_FAILURE,
	       "SNP_LAUNCH_START, policy asks for ABI 1.56: POLICY_FAILURE");
	tap_eq(start(g, SNP_POLICY_DEFAULT | SNP_POLICY_MIGRATE_MA),
	       SEV_STATUS_UNSUPPORTED,
	       "SNP_LAUNCH_START with a migration agent: UNSUPPORTED");
	tap_eq(start(g, SNP_POLICY_DEFAULT | (1u << 8) | 51u),
	       SEV_STATUS_SUCCESS,
	       "SNP_LAUNCH_START, policy ABI 1.51: SUCCESS");
	tap_eq(start(g, SNP_POLICY_DEFAULT), SEV_STATUS_INVALID_GUEST_STATE,
	       "SNP_LAUNCH_START twice: INVALID_GUEST_STATE");
	tap_eq(activate(g, 0), SEV_STATUS_INVALID_ASID,
	       "SNP_ACTIVATE with ASID 0: INVALID_ASID");
	tap_eq(activate(g, MAX_ASID + 1), SEV_STATUS_INVALID_ASID,
	       "SNP_ACTIVATE beyond the SNP ASIDs: INVALID_ASID");
	tap_eq(activate(g, ASID), SEV_STATUS_SUCCESS, "SNP_ACTIVATE: SUCCESS");
	tap_eq(activate(g, ASID + 1), SEV_STATUS_INVALID_GUEST_STATE,
	       "SNP_ACTIVATE of a bound context: INVALID_GUEST_STATE");
	start(g2, SNP_POLICY_DEFAULT);
	tap_eq(activate(g2, ASID), SEV_STATUS_ASID_OWNED,
	       "SNP_ACTIVATE with another context's ASID: ASID_OWNED");
	tap_eq(cmd_addr(SEV_CMD_SNP_DECOMMISSION, g), SEV_STATUS_SUCCESS,
	       "SNP_DECOMMISSION: SUCCESS");
	tap_eq(activate(g2, ASID), SEV_STATUS_DFFLUSH_REQUIRED,
	       "SNP_ACTIVATE with a decommissioned guest's ASID: DFFLUSH_REQUIRED");
	tap_eq(cmd(SEV_CMD_SNP_DF_FLUSH, NULL), SEV_STATUS_SUCCESS,
	       "SNP_DF_FLUSH: SUCCESS");
	tap_eq(activate(g2, ASID), SEV_STATUS_SUCCESS,
	       "SNP_ACTIVATE after SNP_DF_FLUSH: SUCCESS");
	tap_eq(cmd_addr(SEV_CMD_SNP_DECOMMISSION, g), SEV_STATUS_INVALID_GUEST,
	       "SNP_DECOMMISSION twice: INVALID_GUEST");
}

static void launch_update_checks(void)
{
	uint64_t g, p = spa(ram), p2m = spa(ram + SZ_2M);
	struct snp_launch_update b;

	fresh();
	cmd(SEV_CMD_SNP_INIT, NULL);
	make_firmware(spa(fwa));
	cmd_addr(SEV_CMD_SNP_GCTX_CREATE, spa(fwa));
	g = spa(fwa);
	tap_eq(update(g, p, SNP_PAGE_TYPE_NORMAL, false),
	       SEV_STATUS_INVALID_GUEST_STATE,
	       "SNP_LAUNCH_UPDATE before SNP_LAUNCH_START: INVALID_GUEST_STATE");
	start(g, SNP_POLICY_DEFAULT);
	tap_eq(update(g, p, SNP_PAGE_TYPE_NORMAL, false), SEV_STATUS_INACTIVE,
	       "SNP_LAUNCH_UPDATE before SNP_ACTIVATE: INACTIVE");

	g = launched_guest();
	make_pre_guest(p, 0, ASID, RMP_PG_4K);
	tap_eq(update(g, p, 0, false), SEV_STATUS_INVALID_PARAM,
	       "SNP_LAUNCH_UPDATE, page type 0: INVALID_PARAM");
	tap_eq(update(g, p, 7, false), SEV_STATUS_INVALID_PARAM,
	       "SNP_LAUNCH_UPDATE, page type 7: INVALID_PARAM");
	b = (struct snp_launch_update){ .gctx_paddr = g,
					.flags = SNP_LU_PAGE_TYPE(1),
					.address = p,
					.rsvd = 1 };
	tap_eq(cmd(SEV_CMD_SNP_LAUNCH_UPDATE, &b), SEV_STATUS_INVALID_PARAM,
	       "SNP_LAUNCH_UPDATE, reserved field set: INVALID_PARAM");
	b.rsvd = 0;
	b.vmpl_perms = 0x0f00;
	tap_eq(cmd(SEV_CMD_SNP_LAUNCH_UPDATE, &b), SEV_STATUS_UNSUPPORTED,
	       "SNP_LAUNCH_UPDATE with VMPL1 permissions: UNSUPPORTED (no VMPLs)");
	tap_eq(update(g, p + 8, SNP_PAGE_TYPE_NORMAL, false),
	       SEV_STATUS_INVALID_ADDRESS,
	       "SNP_LAUNCH_UPDATE unaligned: INVALID_ADDRESS");
	tap_eq(update(g, 0x1000, SNP_PAGE_TYPE_NORMAL, false),
	       SEV_STATUS_INVALID_ADDRESS,
	       "SNP_LAUNCH_UPDATE outside every RMP: INVALID_ADDRESS");
	tap_eq(update(g, p + SZ_4K, SNP_PAGE_TYPE_NORMAL, false),
	       SEV_STATUS_INVALID_PAGE_STATE,
	       "SNP_LAUNCH_UPDATE of a hypervisor page: INVALID_PAGE_STATE");
	hv_update(p + SZ_4K, SZ_4K, ASID, true, false, RMP_PG_4K);
	tap_eq(update(g, p + SZ_4K, SNP_PAGE_TYPE_NORMAL, false),
	       SEV_STATUS_INVALID_PAGE_STATE,
	       "SNP_LAUNCH_UPDATE of an assigned, mutable page: INVALID_PAGE_STATE");
	make_pre_guest(p + 2 * SZ_4K, 2 * SZ_4K, ASID + 1, RMP_PG_4K);
	tap_eq(update(g, p + 2 * SZ_4K, SNP_PAGE_TYPE_NORMAL, false),
	       SEV_STATUS_INVALID_PAGE_OWNER,
	       "SNP_LAUNCH_UPDATE of another ASID's page: INVALID_PAGE_OWNER");
	tap_eq(update(g, p + 2 * SZ_4K, SNP_PAGE_TYPE_NORMAL, true),
	       SEV_STATUS_INVALID_ADDRESS,
	       "SNP_LAUNCH_UPDATE 2 MiB at an address not 2 MiB-aligned: INVALID_ADDRESS");
	tap_eq(update(g, p, SNP_PAGE_TYPE_NORMAL, true),
	       SEV_STATUS_INVALID_PAGE_SIZE,
	       "SNP_LAUNCH_UPDATE 2 MiB of a 4 KiB entry: INVALID_PAGE_SIZE");
	make_pre_guest(p2m, SZ_2M, ASID, RMP_PG_2M);
	tap_eq(update(g, p2m, SNP_PAGE_TYPE_NORMAL, false),
	       SEV_STATUS_INVALID_PAGE_SIZE,
	       "SNP_LAUNCH_UPDATE 4 KiB of a 2 MiB entry: INVALID_PAGE_SIZE");
	tap_eq(update(g, p2m, SNP_PAGE_TYPE_VMSA, true),
	       SEV_STATUS_INVALID_PAGE_SIZE,
	       "SNP_LAUNCH_UPDATE, a 2 MiB VMSA: INVALID_PAGE_SIZE");
	tap_eq(update(g, p2m, SNP_PAGE_TYPE_ZERO, true), SEV_STATUS_SUCCESS,
	       "SNP_LAUNCH_UPDATE, a 2 MiB ZERO page: SUCCESS");
	tap_eq(fw_model_guest(&m, g)->pages_updated, 512,
	       "... 512 pages updated");
	tap_eq(update(g, p, SNP_PAGE_TYPE_NORMAL, false), SEV_STATUS_SUCCESS,
	       "SNP_LAUNCH_UPDATE of a Pre-Guest page: SUCCESS");
	{
		struct rmp_entry e = entry(p);

		tap_check(e.assigned && e.validated && !e.immutable &&
				  !e.vmsa && e.asid == ASID,
			  "... the page is Guest-Valid (validated, mutable)");
	}
	tap_eq(update(g, p, SNP_PAGE_TYPE_NORMAL, false),
	       SEV_STATUS_INVALID_PAGE_STATE,
	       "SNP_LAUNCH_UPDATE of a Guest-Valid page: INVALID_PAGE_STATE");
	tap_eq(hv_update(p, 0, 0, false, false, RMP_PG_4K), RMP_OK,
	       "RMPUPDATE of a launched page (mutable again): OK");
}

static void page_types(void)
{
	uint64_t g = launched_guest(), p = spa(ram), v = spa(fwa + 3 * SZ_4K);
	struct snp_cpuid_page *cp = (void *)(ram + SZ_4K);
	uint8_t before[48], s1[32 * 4];
	uint8_t *sec = ram + 2 * SZ_4K;
	uint32_t ver;

	memset(ram, 0x5a, 3 * SZ_4K);
	make_pre_guest(p, 0, ASID, RMP_PG_4K);
	tap_eq(update(g, p, SNP_PAGE_TYPE_ZERO, false), SEV_STATUS_SUCCESS,
	       "ZERO page: SUCCESS");
	tap_check(ram[0] == 0 && ram[SZ_4K - 1] == 0,
		  "... zeroed by the firmware");

	memset(cp, 0, SZ_4K);
	cp->count = 2;
	cp->e[0] = (struct snp_cpuid_entry){ .eax_in = 1, .edx = 0x1ff };
	cp->e[1] = (struct snp_cpuid_entry){ .eax_in = 0x80000001u, .ecx = 1 };
	make_pre_guest(p + SZ_4K, SZ_4K, ASID, RMP_PG_4K);
	memcpy(before, fw_model_guest(&m, g)->digest, 48);
	tap_eq(update(g, p + SZ_4K, SNP_PAGE_TYPE_CPUID, false),
	       SEV_STATUS_INVALID_PARAM,
	       "CPUID page with a bit the platform lacks: INVALID_PARAM");
	tap_eq(cp->e[0].edx, 0xff, "... the corrected entry is written back");
	tap_eq(cp->e[1].ecx, 1, "... a good entry is left as it is");
	tap_check(entry(p + SZ_4K).immutable && !entry(p + SZ_4K).validated,
		  "... the page stays Pre-Guest");
	tap_check(!memcmp(before, fw_model_guest(&m, g)->digest, 48),
		  "... and is not measured");
	tap_eq(update(g, p + SZ_4K, SNP_PAGE_TYPE_CPUID, false),
	       SEV_STATUS_SUCCESS, "the corrected CPUID page: SUCCESS");
	cp->count = 0;
	make_pre_guest(p + 3 * SZ_4K, 3 * SZ_4K, ASID, RMP_PG_4K);
	memset(ram + 3 * SZ_4K, 0, SZ_4K);
	tap_eq(update(g, p + 3 * SZ_4K, SNP_PAGE_TYPE_CPUID, false),
	       SEV_STATUS_INVALID_PARAM,
	       "CPUID page with 0 entries: INVALID_PARAM");

	make_pre_guest(p + 2 * SZ_4K, 2 * SZ_4K, ASID, RMP_PG_4K);
	tap_eq(update(g, p + 2 * SZ_4K, SNP_PAGE_TYPE_SECRETS, false),
	       SEV_STATUS_SUCCESS, "SECRETS page: SUCCESS");
	memcpy(&ver, sec, 4);
	tap_eq(ver, SNP_SECRETS_VERSION, "... VERSION");
	tap_check(!memcmp(sec + 8, &m.cfg.fms, 4), "... FMS");
	tap_check(!memcmp(sec + SNP_SECRETS_VMPCK(0),
			  fw_model_guest(&m, g)->vmpck, 128),
		  "... VMPCK0-3 are the context's");
	tap_check(sec[SNP_SECRETS_OS_AREA] == 0 && sec[0x100] == 0 &&
			  sec[SZ_4K - 1] == 0,
		  "... the OS area and the rest are zero");
	{
		static const uint8_t zero[32];
		bool distinct = true;

		for (unsigned i = 0; i < 4; i++)
			distinct &= !!memcmp(sec + SNP_SECRETS_VMPCK(i), zero,
					     32);
		tap_check(distinct, "... no VMPCK is all zero");
	}
	memcpy(s1, sec + SNP_SECRETS_VMPCK(0), sizeof(s1));
	g = launched_guest();
	tap_check(!memcmp(s1, fw_model_guest(&m, g)->vmpck, sizeof(s1)),
		  "the same seed gives the same VMPCKs");
	seed[0] ^= 1;
	g = launched_guest();
	tap_check(memcmp(s1, fw_model_guest(&m, g)->vmpck, sizeof(s1)) != 0,
		  "another seed gives other VMPCKs");
	seed[0] ^= 1;

	make_pre_guest(v, SNP_VMSA_GPA, ASID, RMP_PG_4K);
	tap_eq(update(g, v, SNP_PAGE_TYPE_VMSA, false), SEV_STATUS_SUCCESS,
	       "VMSA page: SUCCESS");
	tap_check(entry(v).vmsa && entry(v).validated,
		  "... the RMP entry has VMSA set");
}

/* The chain by hand: PAGE_INFO laid out from the ABI's table (offsets
 * 0, 48, 96, 98, 99, 100-102, 103, 104), hashed with OpenSSL. */
static void ref_step(uint8_t d[48], unsigned type, uint64_t gpa,
		     const uint8_t *page)
{
	uint8_t pi[0x70];

	memset(pi, 0, sizeof(pi));
	memcpy(pi, d, 48);
	if (type == SNP_PAGE_TYPE_NORMAL || type == SNP_PAGE_TYPE_VMSA)
		SHA384(page, SZ_4K, pi + 48);
	pi[96] = 0x70;
	pi[98] = (uint8_t)type;
	for (unsigned i = 0; i < 8; i++)
		pi[104 + i] = (uint8_t)(gpa >> (8 * i));
	SHA384(pi, sizeof(pi), d);
}

static void digest(void)
{
	uint64_t g = launched_guest(), x = 0x243f6a8885a308d3ull;
	uint8_t ref[48], *v = fwa + 4 * SZ_4K;
	struct snp_launch_finish f;

	memset(ref, 0, sizeof(ref));
	for (unsigned i = 0; i < RAM_SIZE; i++)
		ram[i] = (uint8_t)tap_xorshift64(&x);
	for (unsigned i = 0; i < SZ_4K; i++)
		v[i] = (uint8_t)tap_xorshift64(&x);
	/* NORMAL, UNMEASURED, ZERO, SECRETS at 4 KiB, then a 2 MiB NORMAL,
	 * then the VMSA. */
	const unsigned types[4] = { SNP_PAGE_TYPE_NORMAL,
				    SNP_PAGE_TYPE_UNMEASURED,
				    SNP_PAGE_TYPE_ZERO, SNP_PAGE_TYPE_SECRETS };
	for (unsigned i = 0; i < 4; i++) {
		uint64_t gpa = 0x7000 + i * SZ_4K;

		make_pre_guest(spa(ram) + i * SZ_4K, gpa, ASID, RMP_PG_4K);
		update(g, spa(ram) + i * SZ_4K, types[i], false);
		ref_step(ref, types[i], gpa, ram + i * SZ_4K);
	}
	make_pre_guest(spa(ram) + SZ_2M, 0x200000, ASID, RMP_PG_2M);
	update(g, spa(ram) + SZ_2M, SNP_PAGE_TYPE_NORMAL, true);
	for (unsigned i = 0; i < 512; i++)
		ref_step(ref, SNP_PAGE_TYPE_NORMAL, 0x200000 + i * SZ_4K,
			 ram + SZ_2M + i * SZ_4K);
	make_pre_guest(spa(v), SNP_VMSA_GPA, ASID, RMP_PG_4K);
	update(g, spa(v), SNP_PAGE_TYPE_VMSA, false);
	ref_step(ref, SNP_PAGE_TYPE_VMSA, SNP_VMSA_GPA, v);
	tap_check(!memcmp(ref, fw_model_guest(&m, g)->digest, 48),
		  "launch digest = the PAGE_INFO chain under an independent SHA-384 (%llu pages)",
		  (unsigned long long)fw_model_guest(&m, g)->pages_updated);

	memset(&f, 0, sizeof(f));
	f.gctx_paddr = g;
	f.flags = SNP_LF_ID_BLOCK_EN;
	tap_eq(cmd(SEV_CMD_SNP_LAUNCH_FINISH, &f), SEV_STATUS_UNSUPPORTED,
	       "SNP_LAUNCH_FINISH with an ID block: UNSUPPORTED (not modelled)");
	f.flags = 1ull << 7;
	tap_eq(cmd(SEV_CMD_SNP_LAUNCH_FINISH, &f), SEV_STATUS_INVALID_PARAM,
	       "SNP_LAUNCH_FINISH, reserved flag: INVALID_PARAM");
	f.flags = 0;
	memset(f.host_data, 0x11, sizeof(f.host_data));
	{
		struct snp_guest_request r = { .gctx_paddr = g };

		tap_eq(cmd(SEV_CMD_SNP_GUEST_REQUEST, &r),
		       SEV_STATUS_INVALID_GUEST_STATE,
		       "SNP_GUEST_REQUEST before SNP_LAUNCH_FINISH: INVALID_GUEST_STATE");
		tap_eq(cmd(SEV_CMD_SNP_LAUNCH_FINISH, &f), SEV_STATUS_SUCCESS,
		       "SNP_LAUNCH_FINISH: SUCCESS");
		tap_eq(cmd(SEV_CMD_SNP_GUEST_REQUEST, &r),
		       SEV_STATUS_INVALID_ADDRESS,
		       "SNP_GUEST_REQUEST with pages outside every RMP: INVALID_ADDRESS");
	}
	tap_check(fw_model_guest(&m, g)->host_data[31] == 0x11,
		  "... HOST_DATA kept");
	tap_check(!memcmp(ref, fw_model_guest(&m, g)->digest, 48),
		  "... LAUNCH_FINISH leaves the digest as it is");
	tap_eq(cmd(SEV_CMD_SNP_LAUNCH_FINISH, &f),
	       SEV_STATUS_INVALID_GUEST_STATE,
	       "SNP_LAUNCH_FINISH twice: INVALID_GUEST_STATE");
	make_pre_guest(spa(ram) + 8 * SZ_4K, 0, ASID, RMP_PG_4K);
	tap_eq(update(g, spa(ram) + 8 * SZ_4K, SNP_PAGE_TYPE_NORMAL, false),
	       SEV_STATUS_INVALID_GUEST_STATE,
	       "SNP_LAUNCH_UPDATE after SNP_LAUNCH_FINISH: INVALID_GUEST_STATE");
}

static void reclaim(void)
{
	uint64_t g = launched_guest(), p = spa(fwa + 5 * SZ_4K);
	uint64_t big = spa(ram + SZ_2M);

	tap_eq(cmd_addr(SEV_CMD_SNP_PAGE_RECLAIM, g),
	       SEV_STATUS_INVALID_PAGE_STATE,
	       "SNP_PAGE_RECLAIM of a live context: INVALID_PAGE_STATE");
	tap_eq(cmd_addr(SEV_CMD_SNP_PAGE_RECLAIM, p),
	       SEV_STATUS_INVALID_PAGE_STATE,
	       "SNP_PAGE_RECLAIM of a hypervisor page: INVALID_PAGE_STATE");
	tap_eq(cmd_addr(SEV_CMD_SNP_PAGE_RECLAIM, 0x1000),
	       SEV_STATUS_INVALID_ADDRESS,
	       "SNP_PAGE_RECLAIM outside every RMP: INVALID_ADDRESS");
	tap_eq(cmd_addr(SEV_CMD_SNP_DECOMMISSION, g), SEV_STATUS_SUCCESS,
	       "SNP_DECOMMISSION: SUCCESS");
	tap_eq(hv_update(g, 0, 0, false, false, RMP_PG_4K), RMP_FAIL_PERMISSION,
	       "RMPUPDATE of the old context page before reclaim: FAIL_PERMISSION");
	tap_eq(cmd_addr(SEV_CMD_SNP_PAGE_RECLAIM, g), SEV_STATUS_SUCCESS,
	       "SNP_PAGE_RECLAIM of the decommissioned context page: SUCCESS");
	tap_check(entry(g).assigned && !entry(g).immutable,
		  "... the page is in the Reclaim state");
	tap_eq(hv_update(g, 0, 0, false, false, RMP_PG_4K), RMP_OK,
	       "RMPUPDATE back to the hypervisor after reclaim: OK");
	hv_update(big, 0, 0, true, true, RMP_PG_2M);
	tap_eq(cmd_addr(SEV_CMD_SNP_PAGE_RECLAIM, big),
	       SEV_STATUS_INVALID_PAGE_SIZE,
	       "SNP_PAGE_RECLAIM 4 KiB of a 2 MiB Firmware page: INVALID_PAGE_SIZE");
	tap_eq(cmd_addr(SEV_CMD_SNP_PAGE_RECLAIM, big | 1), SEV_STATUS_SUCCESS,
	       "SNP_PAGE_RECLAIM of the 2 MiB page: SUCCESS");
	tap_eq(cmd(SEV_CMD_SNP_SHUTDOWN, NULL), SEV_STATUS_DFFLUSH_REQUIRED,
	       "SNP_SHUTDOWN after the last decommission, before SNP_DF_FLUSH: DFFLUSH_REQUIRED (as Linux's sev-dev.c expects)");
	tap_eq(cmd(SEV_CMD_SNP_DF_FLUSH, NULL), SEV_STATUS_SUCCESS,
	       "SNP_DF_FLUSH: SUCCESS");
	tap_eq(cmd(SEV_CMD_SNP_SHUTDOWN, NULL), SEV_STATUS_SUCCESS,
	       "SNP_SHUTDOWN after it: SUCCESS");
}

static void fw_write_op(void)
{
	struct rmp_entry e = { .assigned = true,
			       .gpa = 0x5000,
			       .asid = 3,
			       .immutable = true,
			       .validated = true,
			       .vmsa = true };
	struct rmp_entry r;

	fresh();
	tap_eq(rmp_ram.ops->fw_write(&rmp_ram, spa(ram), &e), RMP_OK,
	       "fw_write: any state, immutable and validated together");
	rmp_read(&rmp_ram, spa(ram), &r);
	tap_check(r.assigned && r.gpa == 0x5000 && r.asid == 3 && r.immutable &&
			  r.validated && r.vmsa,
		  "... read back as written");
	tap_eq(rmp_ram.ops->fw_write(&rmp_ram, spa(ram) + 8, &e),
	       RMP_FAIL_INPUT, "fw_write unaligned: FAIL_INPUT");
	tap_eq(rmp_ram.ops->fw_write(&rmp_ram, spa(ram) + RAM_SIZE, &e),
	       RMP_FAIL_INPUT, "fw_write outside the table: FAIL_INPUT");
}

int main(void)
{
	ram = aligned_alloc(SZ_2M, RAM_SIZE);
	fwa = aligned_alloc(SZ_4K, FWA_SIZE);
	if (!ram || !fwa)
		return 2;
	memset(seed, 0x42, sizeof(seed));
	platform();
	gctx();
	launch_start_activate();
	launch_update_checks();
	page_types();
	digest();
	reclaim();
	fw_write_op();
	free(ram);
	free(fwa);
	return tap_done();
}
