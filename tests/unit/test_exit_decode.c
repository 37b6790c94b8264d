// SPDX-License-Identifier: GPL-2.0-only
/*
 * svm/exit.c: svm_decode_exit on a VMCB filled as the CPU would leave it
 * after a #VMEXIT, with the instruction in a small guest memory reached
 * through the guest's own 4-level tables, on a CPU with NRIP save and on
 * one without (svm_caps.nrips). What is checked:
 *   - VMGEXIT (F3 0F 01 D9) is told from VMMCALL (0F 01 D9) by the bytes
 *     on both kinds of CPU (the VMMCALL intercept covers both);
 *   - the length comes from NRIP when the CPU saves it, else from the
 *     bytes; where both are read they must agree;
 *   - an unreadable or unexpected instruction gives no length, never a
 *     guess; IOIO takes its length from EXITINFO2; #UD on PVALIDATE and
 *     RMPADJUST gets its own reason.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "svm/svm.h"
#include "svm/vmcb.h"
#include "tests/lib/tap.h"

#define MEM	 (64ull << 10)
#define CODE_GPA 0x8000ull /* instructions are placed here */
#define P	 (1ull << 0)
#define W	 (1ull << 1)
#define U	 (1ull << 2)
#define PS	 (1ull << 7)

static uint8_t *mem;

static const char *reason_name(enum exit_reason r)
{
	switch (r) {
	case EXIT_HYPERCALL:
		return "hypercall";
	case EXIT_VMGEXIT:
		return "vmgexit";
	case EXIT_PVALIDATE:
		return "pvalidate";
	case EXIT_RMPADJUST:
		return "rmpadjust";
	case EXIT_EXCEPTION:
		return "exception";
	default:
		return "other";
	}
}

static void *to_host(void *opaque, uint64_t gpa)
{
	(void)opaque;
	return gpa < MEM ? mem + gpa : NULL;
}

static uint64_t *tbl(uint64_t gpa)
{
	return (uint64_t *)(mem + gpa);
}

static struct vmcb *vmcb;
static struct svm_vcpu sv;
static struct vcpu_regs regs;

/*
 * A fresh 64-bit guest stopped at CODE_GPA on the given exit code, with
 * the bytes there and NRIP as the CPU would write it (nrip_delta bytes
 * on; 0 = the field left as it was, i.e. 0).
 */
static void set_exit(uint64_t code, const uint8_t *bytes, size_t n,
		     unsigned nrip_delta)
{
	memset(vmcb, 0, sizeof(*vmcb));
	memset(mem + CODE_GPA, 0x90, 0x100); /* NOPs around the insn */
	memcpy(mem + CODE_GPA, bytes, n);
	vmcb->save.cr0 = (1ull << 31) | (1ull << 16) | 1; /* PG WP PE */
	vmcb->save.cr3 = 0x1000;
	vmcb->save.cr4 = 1ull << 5; /* PAE */
	vmcb->save.efer = (1ull << 12) | (1ull << 10) |
			  (1ull << 8); /* SVME LMA LME */
	vmcb->save.cs.attrib = SEG_ATTR_CODE64;
	vmcb->control.exitcode = code;
	if (nrip_delta)
		vmcb->control.nrip = CODE_GPA + nrip_delta;
	memset(&regs, 0, sizeof(regs));
	regs.rip = CODE_GPA;
}

static const uint8_t vmmcall[] = { 0x0f, 0x01, 0xd9 };
static const uint8_t vmgexit[] = { 0xf3, 0x0f, 0x01, 0xd9 };
static const uint8_t rex_vmgexit[] = { 0x48, 0xf3, 0x48, 0x0f, 0x01, 0xd9 };
static const uint8_t cpuid_rex2[] = { 0x48, 0x48, 0x0f, 0xa2 };
static const uint8_t cpuid[] = { 0x0f, 0xa2 };
static const uint8_t pvalidate[] = { 0xf2, 0x0f, 0x01, 0xff };
static const uint8_t rmpadjust[] = { 0xf3, 0x0f, 0x01, 0xfe };
static const uint8_t ud2[] = { 0x0f, 0x0b };

struct vmmcall_case {
	const char *what;
	const uint8_t *bytes;
	size_t n;
	enum exit_reason reason;
	uint8_t len;
};

static const struct vmmcall_case vmmcall_cases[] = {
	{ "VMMCALL", vmmcall, sizeof(vmmcall), EXIT_HYPERCALL, 3 },
	{ "VMGEXIT (F3 VMMCALL)", vmgexit, sizeof(vmgexit), EXIT_VMGEXIT, 4 },
	{ "REX F3 REX VMMCALL (VMGEXIT)", rex_vmgexit, sizeof(rex_vmgexit),
	  EXIT_VMGEXIT, 6 },
};

static void check_cpu(bool nrips)
{
	const char *cpu = nrips ? "NRIP save" : "no NRIP";
	struct vm_exit e;

	svm_caps = (struct svm_caps){ .nr_asids = 16,
				      .np = true,
				      .nrips = nrips };

	/* The VMMCALL intercept: classification from the bytes, always. */
	for (size_t i = 0; i < sizeof(vmmcall_cases) / sizeof(vmmcall_cases[0]);
	     i++) {
		const struct vmmcall_case *c = &vmmcall_cases[i];

		set_exit(VMEXIT_VMMCALL, c->bytes, c->n, c->len);
		svm_decode_exit(&sv, &regs, &e);
		tap_check(e.reason == c->reason && e.insn_len == c->len &&
				  !e.insn_len_error,
			  "exit_decode [%s]: %s -> %s, length %u (error %d)",
			  cpu, c->what, reason_name(e.reason), e.insn_len,
			  e.insn_len_error);
	}

	/* NRIP disagrees with the bytes: no length (a CPU without NRIP
	 * save never has the field written, so decoding wins there). */
	set_exit(VMEXIT_VMMCALL, vmgexit, sizeof(vmgexit), 3);
	svm_decode_exit(&sv, &regs, &e);
	if (nrips)
		tap_check(e.reason == EXIT_VMGEXIT && e.insn_len == 0 &&
				  e.insn_len_error == -EINVAL,
			  "exit_decode [%s]: VMGEXIT with NRIP 3 bytes on: no length (len %u, error %d)",
			  cpu, e.insn_len, e.insn_len_error);
	else
		tap_check(e.reason == EXIT_VMGEXIT && e.insn_len == 4,
			  "exit_decode [%s]: VMGEXIT, a stale NRIP field is ignored (len %u)",
			  cpu, e.insn_len);

	/* Not a VMMCALL at RIP (the guest rewrote it): no length. */
	set_exit(VMEXIT_VMMCALL, cpuid, sizeof(cpuid), 3);
	svm_decode_exit(&sv, &regs, &e);
	tap_check(e.reason == EXIT_HYPERCALL && e.insn_len == 0 &&
			  e.insn_len_error == -EINVAL,
		  "exit_decode [%s]: VMMCALL exit over CPUID bytes: no length (error %d)",
		  cpu, e.insn_len_error);

	/* RIP on an unmapped page: the bytes cannot be read. */
	set_exit(VMEXIT_VMMCALL, vmgexit, sizeof(vmgexit), 4);
	regs.rip = 0x400000;
	vmcb->control.nrip = regs.rip + 4;
	svm_decode_exit(&sv, &regs, &e);
	tap_check(e.reason == EXIT_HYPERCALL && e.insn_len == 0 &&
			  e.insn_len_error == -EFAULT,
		  "exit_decode [%s]: unreadable VMMCALL: no reason guessed, no length (error %d)",
		  cpu, e.insn_len_error);

	/* CPUID with two REX prefixes. */
	set_exit(VMEXIT_CPUID, cpuid_rex2, sizeof(cpuid_rex2), 4);
	regs.rax = 0x8000001f;
	regs.rcx = 7;
	svm_decode_exit(&sv, &regs, &e);
	tap_check(e.reason == EXIT_CPUID && e.insn_len == 4 &&
			  e.cpuid.leaf == 0x8000001f && e.cpuid.subleaf == 7,
		  "exit_decode [%s]: 48 48 CPUID -> cpuid leaf 0x%x/%u, length %u",
		  cpu, e.cpuid.leaf, e.cpuid.subleaf, e.insn_len);

	/*
	 * An RDMSR exit over CPUID bytes: without NRIP the decoder refuses;
	 * with NRIP the bytes are not read for an exit code that names
	 * one instruction, and the length is NRIP's.
	 */
	set_exit(VMEXIT_MSR, cpuid, sizeof(cpuid), 2);
	regs.rcx = 0x10;
	svm_decode_exit(&sv, &regs, &e);
	if (nrips)
		tap_check(e.reason == EXIT_MSR_READ && e.insn_len == 2,
			  "exit_decode [%s]: RDMSR, length from NRIP (%u)", cpu,
			  e.insn_len);
	else
		tap_check(e.reason == EXIT_MSR_READ && e.insn_len == 0 &&
				  e.insn_len_error == -EINVAL,
			  "exit_decode [%s]: RDMSR exit over CPUID bytes: no length (error %d)",
			  cpu, e.insn_len_error);

	/* NRIP field not written (0): decode instead. */
	set_exit(VMEXIT_HLT, (const uint8_t[]){ 0x66, 0xf4 }, 2, 0);
	svm_decode_exit(&sv, &regs, &e);
	tap_check(e.reason == EXIT_HLT && e.insn_len == 2,
		  "exit_decode [%s]: 66 HLT with NRIP 0 -> length %u from the bytes",
		  cpu, e.insn_len);

	/* IOIO: EXITINFO2 is the next RIP whatever NRIP says. */
	set_exit(VMEXIT_IOIO, (const uint8_t[]){ 0xe6, 0xf4 }, 2, 0);
	vmcb->control.exitinfo1.io.port = 0xf4;
	vmcb->control.exitinfo2 = CODE_GPA + 2;
	svm_decode_exit(&sv, &regs, &e);
	tap_check(e.reason == EXIT_IO && e.io.port == 0xf4 && !e.io.in &&
			  e.io.size == 1 && e.insn_len == 2,
		  "exit_decode [%s]: OUT imm8 -> io port 0x%x size %u, length %u",
		  cpu, e.io.port, e.io.size, e.insn_len);
	vmcb->control.exitinfo2 = CODE_GPA;
	svm_decode_exit(&sv, &regs, &e);
	tap_check(e.reason == EXIT_IO && e.insn_len == 0 &&
			  e.insn_len_error == -EINVAL,
		  "exit_decode [%s]: IOIO with EXITINFO2 = RIP: no length",
		  cpu);

	/* #UD: PVALIDATE and RMPADJUST get their own reasons, UD2 not. */
	set_exit(VMEXIT_EXCP_BASE + 6, pvalidate, sizeof(pvalidate), 0);
	svm_decode_exit(&sv, &regs, &e);
	tap_check(e.reason == EXIT_PVALIDATE && e.insn_len == 4,
		  "exit_decode [%s]: #UD on PVALIDATE -> %s, length %u", cpu,
		  reason_name(e.reason), e.insn_len);
	set_exit(VMEXIT_EXCP_BASE + 6, rmpadjust, sizeof(rmpadjust), 0);
	svm_decode_exit(&sv, &regs, &e);
	tap_check(e.reason == EXIT_RMPADJUST && e.insn_len == 4,
		  "exit_decode [%s]: #UD on RMPADJUST -> %s, length %u", cpu,
		  reason_name(e.reason), e.insn_len);
	set_exit(VMEXIT_EXCP_BASE + 6, ud2, sizeof(ud2), 0);
	svm_decode_exit(&sv, &regs, &e);
	tap_check(e.reason == EXIT_EXCEPTION && e.exception.vector == 6 &&
			  !e.exception.has_error_code && e.insn_len == 0,
		  "exit_decode [%s]: #UD on UD2 stays an exception (vector %u)",
		  cpu, e.exception.vector);

	/* VMGEXIT's own exit code (an SEV-ES guest) needs no bytes. */
	set_exit(VMEXIT_VMGEXIT, cpuid, sizeof(cpuid), 0);
	svm_decode_exit(&sv, &regs, &e);
	tap_check(e.reason == EXIT_VMGEXIT,
		  "exit_decode [%s]: exit code 0x403 -> %s", cpu,
		  reason_name(e.reason));
}

int main(void)
{
	mem = aligned_alloc(4096, MEM);
	vmcb = aligned_alloc(4096, sizeof(*vmcb));
	if (!mem || !vmcb)
		return 1;
	memset(mem, 0, MEM);
	/* PML4 0x1000 -> PDPT 0x2000 -> PD 0x3000: GVA 0-2 MiB = GPA. */
	tbl(0x1000)[0] = 0x2000 | P | W | U;
	tbl(0x2000)[0] = 0x3000 | P | W | U;
	tbl(0x3000)[0] = 0x0 | P | W | U | PS;
	sv = (struct svm_vcpu){
		.vmcb = vmcb,
		.mem = { .to_host = to_host },
	};

	check_cpu(false);
	check_cpu(true);
	free(vmcb);
	free(mem);
	return tap_done();
}
