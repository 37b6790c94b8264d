// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the instruction-length decoder (svm/insn_len.c) and exit
 * classification (svm/exit.c, svm_decode_exit()) on a CPU with and
 * without NRIP save, the guest's instruction bytes and VMCB exit fields
 * taken from the input. Guest memory is 64 KiB reached through the
 * guest's own 4-level tables (the tables of tests/unit/test_exit_decode.c);
 * the instruction can sit at the end of it, so a fetch runs off readable
 * memory.
 *
 * Invariants: insn_decode() returns a length of 1-15 bytes that fits in
 * what could be read, with fewer prefixes than bytes, and decodes the
 * same with exactly that many bytes available (no byte past the end
 * matters); an exit classified with a length has none with a decoding
 * error, and the length never exceeds 15 bytes (AMD APM volume 3,
 * "Instruction Byte Order").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "svm/insn_len.h"
#include "svm/insn_mmio.h"
#include "svm/svm.h"
#include "svm/vmcb.h"

#define MEM	 (64ull << 10)
#define CODE_GPA 0x8000ull
#define P	 (1ull << 0)
#define W	 (1ull << 1)
#define U	 (1ull << 2)
#define PS	 (1ull << 7)

static uint8_t *mem;
static struct vmcb *vmcb;

static void *to_host(void *opaque, uint64_t gpa)
{
	(void)opaque;
	return gpa < MEM ? mem + gpa : NULL;
}

/* Exit codes with a decoder path; the input may also give a raw one. */
static const uint32_t codes[] = {
	VMEXIT_CPUID,
	VMEXIT_INVD,
	VMEXIT_HLT,
	VMEXIT_IOIO,
	VMEXIT_MSR,
	VMEXIT_SHUTDOWN,
	VMEXIT_VMRUN,
	VMEXIT_VMMCALL,
	VMEXIT_VMLOAD,
	VMEXIT_VMSAVE,
	VMEXIT_STGI,
	VMEXIT_CLGI,
	VMEXIT_SKINIT,
	VMEXIT_RDTSCP,
	VMEXIT_WBINVD,
	VMEXIT_XSETBV,
	VMEXIT_NPF,
	VMEXIT_VMGEXIT,
	VMEXIT_INTR,
	VMEXIT_NMI,
	VMEXIT_INVALID,
	VMEXIT_EXCP_BASE + 6,
	VMEXIT_EXCP_BASE + 13,
};

/*
 * The MMIO MOV decoder (svm/insn_mmio.c) on the same bytes: a length of
 * 2-15 that fits, a size of 1/2/4/8, a register 0-15 or AH-BH (these
 * only for byte moves), and the same decoding with exactly that many
 * bytes.
 */
static void check_mov(const uint8_t *b, size_t avail, bool long_mode)
{
	struct insn_mov a, c;
	int rc = insn_decode_mov(b, avail, long_mode, &a);

	if (rc == 0) {
		if (a.len < 2 || a.len > INSN_MAX_LEN || a.len > avail ||
		    (a.size != 1 && a.size != 2 && a.size != 4 &&
		     a.size != 8) ||
		    a.reg >= INSN_MOV_REG_AH + 4 ||
		    (a.reg >= INSN_MOV_REG_AH && a.size != 1))
			abort();
		if (insn_decode_mov(b, a.len, long_mode, &c) != 0 ||
		    c.len != a.len || c.size != a.size || c.reg != a.reg ||
		    c.write != a.write || c.imm != a.imm)
			abort();
	} else if (rc != -EINVAL && rc != -ENODATA) {
		abort();
	}
}

static void check_insn(const uint8_t *b, size_t avail, bool long_mode)
{
	struct insn_info a, c;
	int rc = insn_decode(b, avail, long_mode, &a);

	if (rc == 0) {
		if (a.len < 1 || a.len > INSN_MAX_LEN || a.len > avail ||
		    a.nr_prefixes >= a.len || a.kind >= INSN_KIND_NR)
			abort();
		if (insn_decode(b, a.len, long_mode, &c) != 0 ||
		    c.len != a.len || c.kind != a.kind ||
		    c.nr_prefixes != a.nr_prefixes || c.rex != a.rex)
			abort();
	} else if (rc != -EINVAL && rc != -ENODATA) {
		abort();
	}
	check_mov(b, avail, long_mode);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct svm_vcpu sv;
	struct vcpu_regs regs;
	struct vm_exit e;
	uint8_t flags, sel, nrip_delta;
	uint64_t info1 = 0, info2 = 0, rip;
	size_t n;

	if (!mem) {
		mem = aligned_alloc(4096, MEM);
		vmcb = aligned_alloc(4096, sizeof(*vmcb));
		if (!mem || !vmcb)
			abort();
	}
	if (size < 3 + 16)
		return 0;
	flags = data[0];
	sel = data[1];
	nrip_delta = data[2];
	memcpy(&info1, data + 3, 8);
	memcpy(&info2, data + 11, 8);
	data += 19;
	size -= 19;
	n = size < 32 ? size : 32;

	/* The decoder alone, on every prefix of the bytes. */
	check_insn(data, n, flags & 2);
	check_insn(data, n > 3 ? n - 3 : n, !(flags & 2));

	memset(mem, 0, MEM);
	/* PML4 0x1000 -> PDPT 0x2000 -> PD 0x3000: GVA 0-2 MiB = GPA. */
	((uint64_t *)(mem + 0x1000))[0] = 0x2000 | P | W | U;
	((uint64_t *)(mem + 0x2000))[0] = 0x3000 | P | W | U;
	((uint64_t *)(mem + 0x3000))[0] = 0x0 | P | W | U | PS;
	/* At CODE_GPA, or ending 0-15 bytes before the end of memory. */
	rip = (flags & 4) ? MEM - (nrip_delta & 15) : CODE_GPA;
	if (rip + n > MEM)
		n = (size_t)(MEM - rip);
	memcpy(mem + rip, data, n);

	memset(vmcb, 0, sizeof(*vmcb));
	vmcb->save.cr0 = (1ull << 31) | (1ull << 16) | 1; /* PG WP PE */
	vmcb->save.cr3 = 0x1000;
	vmcb->save.cr4 = 1ull << 5; /* PAE */
	vmcb->save.efer = (1ull << 12) | (1ull << 10) | (1ull << 8);
	vmcb->save.cs.attrib = SEG_ATTR_CODE64;
	if (flags & 8) /* not paged, 32-bit: the bytes at RIP are the GPA */
		vmcb->save.cr0 = 1, vmcb->save.efer = 1ull << 12,
		vmcb->save.cs.attrib = 0;
	vmcb->control.exitcode =
		(sel & 0x80) ? (uint32_t)(info1 >> 32) :
			       codes[sel % (sizeof(codes) / sizeof(codes[0]))];
	vmcb->control.exitinfo1.raw = info1;
	vmcb->control.exitinfo2 = (flags & 0x10) ? rip + (nrip_delta & 31) :
						   info2;
	if (flags & 0x20)
		vmcb->control.nrip = rip + (nrip_delta >> 4);
	else if (flags & 0x40)
		vmcb->control.nrip = info2;

	svm_caps = (struct svm_caps){ .nr_asids = 16,
				      .np = true,
				      .nrips = flags & 1 };
	sv = (struct svm_vcpu){ .vmcb = vmcb, .mem = { .to_host = to_host } };
	memset(&regs, 0, sizeof(regs));
	regs.rip = rip;
	svm_decode_exit(&sv, &regs, &e);
	if (e.reason >= EXIT_REASON_NR || e.insn_len > INSN_MAX_LEN ||
	    (e.insn_len && e.insn_len_error < 0))
		abort();
	return 0;
}
