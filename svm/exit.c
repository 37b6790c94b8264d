// SPDX-License-Identifier: GPL-2.0-only
/*
 * Decode a #VMEXIT once into the vendor-neutral struct vm_exit: the raw
 * exit code and EXITINFO views become a reason and a typed payload, and
 * the length of an intercepted instruction is found (NRIP when the CPU
 * saves it, else by decoding the bytes at the guest's RIP).
 *
 * Two concerns, kept apart: the *reason* comes from the exit code, and
 * where one exit code covers several instructions (VMMCALL and VMGEXIT,
 * #UD and PVALIDATE/RMPADJUST) from the instruction bytes, on every CPU;
 * the *length* comes from NRIP when there is one, else from the bytes.
 * When both are known they must agree.
 *
 * Pure C over the VMCB and mm/gwalk: host unit-tested
 * (tests/unit/test_exit_decode.c), hence svm_caps and svm_get_walk_cpu()
 * live here rather than in svm.c.
 */
#include <errno.h>
#include <string.h>

#include "include/log.h"
#include "include/x86.h"
#include "svm/insn_len.h"
#include "svm/svm.h"
#include "svm/vmcb.h"

/* Vectors that push an error code (APM "Exceptions and Interrupts"). */
static bool vector_has_error_code(unsigned v)
{
	return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 ||
	       v == 29 || v == 30;
}

/* Filled by svm_init() (svm.c). */
struct svm_caps svm_caps;

static bool guest_long_mode(const struct vmcb *v)
{
	return (v->save.efer & EFER_LMA) && (v->save.cs.attrib & SEG_ATTR_L);
}

void svm_get_walk_cpu(const struct svm_vcpu *sv, struct gwalk_cpu *c)
{
	const struct vmcb_save *v = &sv->vmcb->save;

	*c = (struct gwalk_cpu){
		.cr0 = v->cr0,
		.cr3 = v->cr3,
		.cr4 = v->cr4,
		.efer = v->efer,
	};
}

/*
 * Read the instruction at CS:RIP from guest memory and decode it. Fills
 * *info; returns 0 or a negative error (unreadable, unknown bytes).
 */
static size_t fetch(struct svm_vcpu *sv, const struct vcpu_regs *regs,
		    uint8_t bytes[INSN_MAX_LEN])
{
	const struct vmcb *v = sv->vmcb;
	struct gwalk_cpu cpu;
	uint64_t lin = regs->rip;
	size_t got;
	int res;

	if (!guest_long_mode(v))
		lin = (uint32_t)(lin + v->save.cs.base);
	svm_get_walk_cpu(sv, &cpu);
	got = gwalk_read(&sv->mem, &cpu, ~0ull, lin, bytes, INSN_MAX_LEN,
			 GWALK_FETCH, &res);
	if (got == 0)
		log_warn_rl("SVM: cannot fetch the instruction at RIP 0x%llx: %s",
			    (unsigned long long)regs->rip,
			    gwalk_result_name(res));
	return got;
}

static int fetch_and_decode(struct svm_vcpu *sv, const struct vcpu_regs *regs,
			    struct insn_info *info)
{
	uint8_t bytes[INSN_MAX_LEN];
	size_t got = fetch(sv, regs, bytes);

	if (got == 0) {
		info->kind = INSN_UNKNOWN;
		info->len = 0;
		return -EFAULT;
	}
	return insn_decode(bytes, got, guest_long_mode(sv->vmcb), info);
}

int svm_decode_mov_at_rip(struct svm_vcpu *sv, const struct vcpu_regs *regs,
			  struct insn_mov *mov)
{
	uint8_t bytes[INSN_MAX_LEN];
	size_t got = fetch(sv, regs, bytes);

	if (got == 0)
		return -EFAULT;
	return insn_decode_mov(bytes, got, guest_long_mode(sv->vmcb), mov);
}

/*
 * APM "Next sequential instruction pointer (nRIP)": on an instruction
 * intercept a CPU with NRIP save writes the address of the next
 * instruction to the VMCB. True with *len when it is there and sane.
 */
static bool nrip_len(const struct svm_vcpu *sv, const struct vcpu_regs *regs,
		     uint8_t *len)
{
	uint64_t nrip = sv->vmcb->control.nrip;

	if (!svm_caps.nrips || nrip <= regs->rip ||
	    nrip - regs->rip > INSN_MAX_LEN)
		return false;
	*len = (uint8_t)(nrip - regs->rip);
	return true;
}

/*
 * The length of the instruction that caused an instruction intercept
 * whose exit code names it alone: NRIP, else the decoded bytes, which
 * must be the instruction the exit code says.
 */
static void find_insn_len(struct svm_vcpu *sv, const struct vcpu_regs *regs,
			  struct vm_exit *exit, enum insn_kind want)
{
	struct insn_info info;
	int err;

	if (nrip_len(sv, regs, &exit->insn_len))
		return;
	err = fetch_and_decode(sv, regs, &info);
	if (!err && info.kind != want)
		err = -EINVAL;
	if (err) {
		exit->insn_len_error = err;
		return;
	}
	exit->insn_len = info.len;
}

/*
 * VMMCALL and VMGEXIT share the VMMCALL intercept: for a guest that is
 * not SEV-ES, VMGEXIT ("rep; vmmcall", F3 0F 01 D9; GHCB specification,
 * "VMGEXIT") executes as VMMCALL. Only the bytes tell them apart, so
 * they are read whether or not the CPU saves NRIP; NRIP, when present,
 * must give the same length. Bytes that cannot be read or are neither
 * leave a hypercall without a length, which the hypercall handler stops
 * before acting on; a length NRIP contradicts is no length either, and
 * the guest is stopped when its handler steps over the instruction.
 */
static void decode_vmmcall(struct svm_vcpu *sv, const struct vcpu_regs *regs,
			   struct vm_exit *exit)
{
	struct insn_info info;
	uint8_t len;
	int err;

	exit->reason = EXIT_HYPERCALL;
	err = fetch_and_decode(sv, regs, &info);
	if (!err && info.kind != INSN_VMMCALL && info.kind != INSN_VMGEXIT)
		err = -EINVAL;
	if (err) {
		exit->insn_len_error = err;
		return;
	}
	if (info.kind == INSN_VMGEXIT)
		exit->reason = EXIT_VMGEXIT;
	if (nrip_len(sv, regs, &len) && len != info.len) {
		log_warn_rl("SVM: %s at RIP 0x%llx: NRIP says %u bytes, the bytes say %u",
			    insn_kind_name(info.kind),
			    (unsigned long long)regs->rip, len, info.len);
		exit->insn_len_error = -EINVAL;
		return;
	}
	exit->insn_len = info.len;
}

/* The base of segment s as an address computation uses it: in 64-bit
 * mode only FS and GS have one (APM vol. 2, "Segmentation in 64-Bit
 * Mode"). */
static uint64_t seg_base(const struct vmcb *v, enum insn_seg s, bool lm)
{
	const struct vmcb_seg *const segs[] = {
		[INSN_SEG_ES] = &v->save.es, [INSN_SEG_CS] = &v->save.cs,
		[INSN_SEG_SS] = &v->save.ss, [INSN_SEG_DS] = &v->save.ds,
		[INSN_SEG_FS] = &v->save.fs, [INSN_SEG_GS] = &v->save.gs,
	};

	if (lm && s != INSN_SEG_FS && s != INSN_SEG_GS)
		return 0;
	return segs[s]->base;
}

/* INS/OUTS: the address size and segment come from the bytes at RIP. */
static void decode_string_io(struct svm_vcpu *sv, const struct vcpu_regs *regs,
			     struct vm_exit *exit)
{
	const struct vmcb *v = sv->vmcb;
	bool lm = guest_long_mode(v);
	uint8_t bytes[INSN_MAX_LEN];
	struct insn_string_io sio;
	size_t got = fetch(sv, regs, bytes);
	int err;

	if (!got) {
		exit->io.str_error = -EFAULT;
		return;
	}
	err = insn_decode_string_io(bytes, got, lm,
				    v->save.cs.attrib & SEG_ATTR_DB, &sio);
	if (err) {
		exit->io.str_error = err;
		return;
	}
	exit->io.addr_size = sio.addr_size;
	exit->io.lin64 = lm;
	exit->io.seg_base = seg_base(v, sio.seg, lm);
}

static void decode_io(struct svm_vcpu *sv, const struct vcpu_regs *regs,
		      struct vm_exit *exit)
{
	const struct vmcb *v = sv->vmcb;
	union vmcb_exitinfo1 i1 = v->control.exitinfo1;
	uint64_t next = v->control.exitinfo2;

	exit->reason = EXIT_IO;
	exit->io = (struct exit_io){
		.port = (uint16_t)i1.io.port,
		.size = i1.io.sz32 ? 4 :
			i1.io.sz16 ? 2 :
				     1,
		.in = i1.io.type_in,
		.string = i1.io.str,
		.rep = i1.io.rep,
	};
	/* "IOIO Intercept": EXITINFO2 holds the RIP of the next instruction. */
	if (next > regs->rip && next - regs->rip <= INSN_MAX_LEN)
		exit->insn_len = (uint8_t)(next - regs->rip);
	else
		exit->insn_len_error = -EINVAL;
	if (exit->io.string)
		decode_string_io(sv, regs, exit);
}

static void decode_exception(struct svm_vcpu *sv, const struct vcpu_regs *regs,
			     struct vm_exit *exit, unsigned vector)
{
	const struct vmcb *v = sv->vmcb;
	struct insn_info info;

	exit->reason = EXIT_EXCEPTION;
	exit->exception = (struct exit_exception){
		.vector = (uint8_t)vector,
		.has_error_code = vector_has_error_code(vector),
		.error_code = v->control.exitinfo1.excp.error_code,
		.cr2 = vector == 14 ? v->control.exitinfo2 : 0,
	};
	if (vector != 6)
		return;
	/*
	 * #UD: without SNP, PVALIDATE and RMPADJUST raise #UD (as they do
	 * under TCG); name them so an SNP emulation can take them over.
	 */
	if (fetch_and_decode(sv, regs, &info))
		return;
	if (info.kind == INSN_PVALIDATE)
		exit->reason = EXIT_PVALIDATE;
	else if (info.kind == INSN_RMPADJUST)
		exit->reason = EXIT_RMPADJUST;
	else
		return;
	exit->insn_len = info.len;
}

void svm_decode_exit(struct svm_vcpu *sv, const struct vcpu_regs *regs,
		     struct vm_exit *exit)
{
	const struct vmcb *v = sv->vmcb;
	uint64_t code = v->control.exitcode;
	union vmcb_exitinfo1 i1 = v->control.exitinfo1;

	memset(exit, 0, sizeof(*exit));
	exit->raw_code = code;
	exit->raw_info1 = i1.raw;
	exit->raw_info2 = v->control.exitinfo2;
	exit->raw_intinfo = v->control.exitintinfo;

	if ((uint32_t)code == VMEXIT_INVALID) {
		exit->reason = EXIT_VMRUN_FAILED;
		return;
	}
	if (code >= VMEXIT_EXCP_BASE && code < VMEXIT_EXCP_BASE + 32) {
		decode_exception(sv, regs, exit,
				 (unsigned)(code - VMEXIT_EXCP_BASE));
		return;
	}
	switch (code) {
	case VMEXIT_CPUID:
		exit->reason = EXIT_CPUID;
		exit->cpuid = (struct exit_cpuid){
			.leaf = (uint32_t)regs->rax,
			.subleaf = (uint32_t)regs->rcx,
		};
		find_insn_len(sv, regs, exit, INSN_CPUID);
		break;
	case VMEXIT_MSR:
		exit->reason = i1.msr.write ? EXIT_MSR_WRITE : EXIT_MSR_READ;
		exit->msr = (struct exit_msr){
			.index = (uint32_t)regs->rcx,
			.value = (regs->rdx << 32) | (uint32_t)regs->rax,
		};
		find_insn_len(sv, regs, exit,
			      i1.msr.write ? INSN_WRMSR : INSN_RDMSR);
		break;
	case VMEXIT_IOIO:
		decode_io(sv, regs, exit);
		break;
	case VMEXIT_HLT:
		exit->reason = EXIT_HLT;
		find_insn_len(sv, regs, exit, INSN_HLT);
		break;
	case VMEXIT_VMMCALL:
		decode_vmmcall(sv, regs, exit);
		break;
	case VMEXIT_XSETBV:
		exit->reason = EXIT_XSETBV;
		exit->xsetbv = (struct exit_xsetbv){
			.index = (uint32_t)regs->rcx,
			.value = (regs->rdx << 32) | (uint32_t)regs->rax,
		};
		find_insn_len(sv, regs, exit, INSN_XSETBV);
		break;
	case VMEXIT_INVD:
		exit->reason = EXIT_INVD;
		find_insn_len(sv, regs, exit, INSN_INVD);
		break;
	case VMEXIT_WBINVD:
		exit->reason = EXIT_WBINVD;
		find_insn_len(sv, regs, exit, INSN_WBINVD);
		break;
	case VMEXIT_NPF:
		exit->reason = EXIT_NPF;
		exit->npf = (struct exit_npf){
			.gpa = v->control.exitinfo2,
			.present = i1.npf.present,
			.write = i1.npf.write,
			.user = i1.npf.user,
			.fetch = i1.npf.fetch,
			.final_gpa = i1.npf.final_gpa,
			.table_walk = i1.npf.table_walk,
		};
		break;
	case VMEXIT_SHUTDOWN:
		exit->reason = EXIT_SHUTDOWN;
		break;
	case VMEXIT_INTR:
		exit->reason = EXIT_INTR;
		break;
	case VMEXIT_VINTR:
		exit->reason = EXIT_VINTR;
		break;
	case VMEXIT_NMI:
		exit->reason = EXIT_NMI;
		break;
	case VMEXIT_VMGEXIT:
		exit->reason = EXIT_VMGEXIT;
		break;
	case VMEXIT_VMRUN:
	case VMEXIT_VMLOAD:
	case VMEXIT_VMSAVE:
	case VMEXIT_STGI:
	case VMEXIT_CLGI:
	case VMEXIT_SKINIT:
		exit->reason = EXIT_SVM_INSN;
		break;
	default:
		exit->reason = EXIT_UNKNOWN;
		break;
	}
}
