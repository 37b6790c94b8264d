// SPDX-License-Identifier: GPL-2.0-only
/*
 * KVM reference harness: runs a scenario (docs/scenario-format.md) through
 * KVM's own page-state-change and MAP_GPA_RANGE code (6.12 or 7.3),
 * extracted from Debian's kernel source at build time (kvm/ref/extract.py,
 * kvm/ref/items-V.txt), and prints the canonical trace
 * (docs/trace-format.md).
 *
 * The harness plays two parts around the extracted code:
 *  - the guest: it writes the GHCB page and the PSC descriptor into guest
 *    memory, or the GHCB MSR, or the hypercall registers, then "executes
 *    VMGEXIT/VMMCALL" by calling sev_handle_vmgexit() or
 *    kvm_emulate_hypercall();
 *  - userspace, a VMM that converts like QEMU's kvm_convert_memory():
 *    for every KVM_EXIT_HYPERCALL it converts the range (records a conv
 *    line), writes hypercall.ret as the scenario's `userspace` mode says
 *    and re-enters, which runs vcpu->arch.complete_userspace_io as
 *    KVM_RUN does. (QEMU itself never writes hypercall.ret and stops the
 *    vCPU when a conversion fails; docs/scenario-format.md.)
 *
 * usage: kvm-ref SCENARIO...   (one trace per scenario, separated by
 * "# scenario NAME" comment lines)
 */
#include "tests/diff/scenario.h"

#include "kvm_defs.h"
#include "kvm_funcs.c"

/*
 * The entry points `make bench` counts instructions in (callgrind
 * --toggle-collect, tests/bench/bench.py): kept out of line at -O2 as in
 * the kernel, where the exit handler and the completions are reached
 * through kvm_x86_ops and function pointers, not inlined into a caller.
 */
__typeof__(sev_handle_vmgexit) sev_handle_vmgexit __attribute__((noinline));
__typeof__(kvm_emulate_hypercall) kvm_emulate_hypercall
	__attribute__((noinline));
static __typeof__(snp_complete_one_psc) snp_complete_one_psc
	__attribute__((noinline));
static __typeof__(snp_complete_psc_msr) snp_complete_psc_msr
	__attribute__((noinline));
static __typeof__(complete_hypercall_exit) complete_hypercall_exit
	__attribute__((noinline));
/* Reached through kvm_vm_ioctl() in the kernel. */
static __typeof__(kvm_vm_ioctl_set_mem_attributes)
	kvm_vm_ioctl_set_mem_attributes __attribute__((noinline, noclone));

#include <inttypes.h>

/* ---- guest memory: lazily allocated pages, visible to KVM only inside
 * the scenario's regions (the memslots). */

#define MAX_PAGES 64

static struct {
	u64 gfn;
	u8 *page;
} pages[MAX_PAGES];
static unsigned int nr_pages;
static const struct scenario *cur;
/* Lines of the request being run; see run_scenario(). */
static FILE *out;

static u8 *guest_page(u64 gfn)
{
	unsigned int i;

	for (i = 0; i < nr_pages; i++)
		if (pages[i].gfn == gfn)
			return pages[i].page;
	if (nr_pages == MAX_PAGES) {
		fprintf(stderr, "kvm-ref: scenario touches too many pages\n");
		exit(2);
	}
	pages[nr_pages].gfn = gfn;
	pages[nr_pages].page = calloc(1, PAGE_SIZE);
	if (!pages[nr_pages].page)
		exit(2);
	return pages[nr_pages++].page;
}

static void guest_write(u64 gpa, const void *src, u64 len)
{
	const u8 *s = src;

	for (; len; len--, gpa++, s++)
		guest_page(gpa >> PAGE_SHIFT)[gpa & ~PAGE_MASK] = *s;
}

static void guest_read(u64 gpa, void *dst, u64 len)
{
	u8 *d = dst;

	for (; len; len--, gpa++, d++)
		*d = guest_page(gpa >> PAGE_SHIFT)[gpa & ~PAGE_MASK];
}

static void free_pages(void)
{
	while (nr_pages)
		free(pages[--nr_pages].page);
}

int shim_vcpu_map(struct kvm_vcpu *vcpu, gfn_t gfn, struct kvm_host_map *map)
{
	(void)vcpu;
	if (!scn_range_in_memory(cur, gfn_to_gpa(gfn), 1))
		return -EFAULT;
	map->hva = guest_page(gfn);
	map->gfn = gfn;
	return 0;
}

int shim_read_guest(struct kvm *kvm, gpa_t gpa, void *data, unsigned long len)
{
	(void)kvm;
	if (!scn_range_in_memory(cur, gpa & PAGE_MASK,
				 ((gpa & ~PAGE_MASK) + len + PAGE_SIZE - 1) >>
					 PAGE_SHIFT))
		return -EFAULT;
	guest_read(gpa, data, len);
	return 0;
}

void shim_warn(const char *file, int line, const char *cond)
{
	fprintf(out, "# kvm WARN_ON_ONCE(%s) at %s:%d\n", cond, file, line);
}

void shim_unreachable(const char *what)
{
	fprintf(out, "# kvm reached %s, which the harness does not model\n",
		what);
}

/*
 * ---- what the kernel's xarray and KVM's memory attributes call outside
 * the code taken from the tree (shim_xarray.h, shim_memattr.h). make bench
 * counts none of these as KVM's (tests/bench/bench.py, KVM_BACKEND_FUNCS):
 * noipa keeps each a call of its own, neither inlined nor analysed away
 * (make test-tools checks the calls are in the binary).
 */

__attribute__((noipa)) void *
shim_kmem_cache_alloc_lru(struct kmem_cache *c, struct list_lru *lru, gfp_t gfp)
{
	(void)c, (void)lru, (void)gfp;
	return calloc(1, sizeof(struct xa_node));
}

__attribute__((noipa)) void shim_kmem_cache_free(struct kmem_cache *c, void *p)
{
	(void)c;
	free(p);
}

/* No reader can hold a node: free it now. */
__attribute__((noipa)) void shim_call_rcu(struct rcu_head *head,
					  void (*func)(struct rcu_head *))
{
	func(head);
}

__attribute__((noipa)) void radix_tree_node_rcu_free(struct rcu_head *head)
{
	free(container_of(head, struct xa_node, rcu_head));
}

struct kmem_cache *radix_tree_node_cachep;

__attribute__((noipa)) unsigned long shim_find_next_bit(const unsigned long *a,
							unsigned long size,
							unsigned long off)
{
	for (; off < size; off++)
		if (test_bit(off, a))
			return off;
	return size;
}

__attribute__((noipa)) bool shim_bitmap_empty(const unsigned long *a,
					      unsigned int nbits)
{
	return shim_find_next_bit(a, nbits, 0) == nbits;
}

__attribute__((noipa)) void shim_bitmap_fill(unsigned long *a,
					     unsigned int nbits)
{
	for (unsigned int i = 0; i < nbits; i++)
		__set_bit(i, a);
}

__attribute__((noipa)) void
shim_bitmap_clear(unsigned long *a, unsigned int start, unsigned int n)
{
	for (unsigned int i = start; i < start + n; i++)
		__test_and_clear_bit(i, a);
}

/*
 * The NPT side of KVM_SET_MEMORY_ATTRIBUTES (arch/x86/kvm/mmu/mmu.c):
 * zapping the range's SPTEs before the attributes change, and the
 * hugepage "mixed" tracking after. The harness has no NPT: neither is
 * run, and make bench counts them as KVM's back end.
 */
bool __attribute__((noipa))
kvm_arch_pre_set_memory_attributes(struct kvm *kvm, struct kvm_gfn_range *range)
{
	(void)kvm, (void)range;
	return false; /* nothing was mapped, nothing to flush */
}

bool __attribute__((noipa))
kvm_arch_post_set_memory_attributes(struct kvm *kvm,
				    struct kvm_gfn_range *range)
{
	(void)kvm, (void)range;
	return false;
}

__attribute__((noipa)) void kvm_flush_remote_tlbs(struct kvm *kvm)
{
	(void)kvm;
	shim_unreachable("flush_remote_tlbs");
}

/* ---- the VM */

static struct kvm_svm kvm_svm;
static struct vcpu_svm svm;
static struct vmcb vmcb;
static struct kvm_run run;
static u64 nr_convs;
static bool stopped;
static bool psc_reached;

/* The memslots: one per scenario region, in KVM's gfn-ordered tree. */
static struct kvm_memory_slot memslot[SCN_MAX_REGIONS];
static struct kvm_memslots memslots;

static void memslots_init(const struct scenario *s)
{
	unsigned int i;

	memset(memslot, 0, sizeof(memslot));
	memslots.gfn_tree = RB_ROOT;
	memslots.node_idx = 0;
	for (i = 0; i < s->nr_regions; i++) {
		struct kvm_memory_slot *slot = &memslot[i];
		struct rb_node **link = &memslots.gfn_tree.rb_node,
			       *parent = NULL;

		slot->base_gfn = gpa_to_gfn(s->regions[i].gpa);
		slot->npages = s->regions[i].size >> PAGE_SHIFT;
		while (*link) {
			struct kvm_memory_slot *t =
				container_of(*link, struct kvm_memory_slot,
					     gfn_node[0]);

			parent = *link;
			link = slot->base_gfn < t->base_gfn ? &parent->rb_left :
							      &parent->rb_right;
		}
		rb_link_node(&slot->gfn_node[0], parent, link);
		rb_insert_color(&slot->gfn_node[0], &memslots.gfn_tree);
	}
}

/*
 * The ranges the last scenario's VMM set attributes on, and its layout:
 * a scenario of the same layout after it starts from the same state by
 * making those ranges private again, instead of all of RAM (make bench
 * splits a workload into many scenarios of up to 4 GiB each, and
 * rebuilding the xarray page by page for each, under callgrind, was most
 * of the bench's time).
 */
static struct {
	bool snp;
	unsigned int nr_regions;
	struct scn_region regions[SCN_MAX_REGIONS];
	unsigned int nr_ranges;
	bool overflow; /* more ranges than fit: start from scratch */
	struct {
		gfn_t start, end;
	} ranges[SCN_MAX_REQS * SCN_MAX_ENTRIES];
} attr_log;

static bool same_layout(const struct scenario *s)
{
	unsigned int i;

	if (attr_log.overflow || attr_log.snp != (s->vm == SCN_VM_SNP) ||
	    attr_log.nr_regions != s->nr_regions)
		return false;
	for (i = 0; i < s->nr_regions; i++)
		if (attr_log.regions[i].gpa != s->regions[i].gpa ||
		    attr_log.regions[i].size != s->regions[i].size)
			return false;
	return true;
}

static void set_private(gfn_t start, gfn_t end)
{
	if (kvm_vm_set_mem_attributes(&kvm_svm.kvm, start, end,
				      KVM_MEMORY_ATTRIBUTE_PRIVATE))
		exit(2); /* out of memory */
}

/*
 * The memory attributes the VMM set before the guest ran. An SNP VM's RAM
 * is backed by guest_memfd, and QEMU makes it all private when it creates
 * the memslots (kvm_set_phys_mem()), whatever the guest later makes
 * shared; the scenario's per-region state is the RMP's, which KVM does
 * not change here. An SEV-ES VM has no private memory and no attributes.
 * After a scenario of the same layout, reuse: that state again, by making
 * private what that scenario changed. Not counted by make bench: only
 * kvm_vm_ioctl_set_mem_attributes() is. Called with kvm_svm cleared but
 * for mem_attr_array.
 */
static void attributes_init(const struct scenario *s, bool reuse)
{
	struct kvm *kvm = &kvm_svm.kvm;
	unsigned int i;

	kvm->arch.has_private_mem = s->vm == SCN_VM_SNP;
	kvm->memslots[0] = &memslots;
	if (reuse) {
		for (i = 0; i < attr_log.nr_ranges; i++)
			set_private(attr_log.ranges[i].start,
				    attr_log.ranges[i].end);
	} else {
		xa_init(&kvm->mem_attr_array);
		for (i = 0; kvm->arch.has_private_mem && i < s->nr_regions; i++)
			set_private(gpa_to_gfn(s->regions[i].gpa),
				    gpa_to_gfn(s->regions[i].gpa +
					       s->regions[i].size));
	}
	attr_log.snp = kvm->arch.has_private_mem;
	attr_log.nr_regions = s->nr_regions;
	memcpy(attr_log.regions, s->regions, sizeof(attr_log.regions));
	attr_log.nr_ranges = 0;
	attr_log.overflow = false;
}

static void log_range(gfn_t start, gfn_t end)
{
	if (attr_log.nr_ranges ==
	    sizeof(attr_log.ranges) / sizeof(attr_log.ranges[0])) {
		attr_log.overflow = true;
		return;
	}
	attr_log.ranges[attr_log.nr_ranges].start = start;
	attr_log.ranges[attr_log.nr_ranges++].end = end;
}

static void vm_init(const struct scenario *s)
{
	struct kvm_sev_info *sev = &kvm_svm.sev_info;

	bool reuse = same_layout(s);
	struct xarray attrs = kvm_svm.kvm.mem_attr_array;

	if (!reuse)
		xa_destroy(&attrs);
	memset(&kvm_svm, 0, sizeof(kvm_svm));
	kvm_svm.kvm.mem_attr_array = attrs;
	memslots_init(s);
	attributes_init(s, reuse);
	memset(&svm, 0, sizeof(svm));
	memset(&vmcb, 0, sizeof(vmcb));
	memset(&run, 0, sizeof(run));
	free_pages();
	nr_convs = 0;
	stopped = false;

	sev->active = true;
	sev->es_active = true;
	if (s->vm == SCN_VM_SNP)
		sev->vmsa_features = SVM_SEV_FEAT_SNP_ACTIVE;
	sev->ghcb_version = s->ghcb_version;
	if (s->exit_enabled)
		kvm_svm.kvm.arch.hypercall_exit_enabled =
			1 << KVM_HC_MAP_GPA_RANGE;

	svm.vcpu.kvm = &kvm_svm.kvm;
	svm.vcpu.run = &run;
	svm.vmcb = &vmcb;
	svm.sev_es.ghcb_registered_gpa = s->ghcb_registered ?
						 s->registered_gpa :
						 0;
	/* sev_es_vcpu_reset() preloads the SEV_INFO response. */
	vmcb.control.ghcb_gpa = GHCB_MSR_SEV_INFO((__u64)sev->ghcb_version,
						  GHCB_VERSION_MIN,
						  sev_enc_bit);
}

/* Userspace's answer to one KVM_EXIT_HYPERCALL, QEMU style. */
static void userspace_hypercall(void)
{
	u64 gpa = run.hypercall.args[0], npages = run.hypercall.args[1];
	u64 attrs = run.hypercall.args[2];
	bool private = attrs & KVM_MAP_GPA_RANGE_ENCRYPTED;
	int64_t res;

	if (run.hypercall.nr != KVM_HC_MAP_GPA_RANGE) {
		fprintf(out, "# unexpected hypercall exit nr=%llu\n",
			run.hypercall.nr);
		run.hypercall.ret = -KVM_ENOSYS;
		return;
	}
	if (run.hypercall.flags & KVM_EXIT_HYPERCALL_MBZ)
		fprintf(out,
			"# hypercall exit flags=0x%llx has must-be-zero bits\n",
			run.hypercall.flags);
	res = scn_conv_result(cur, ++nr_convs, gpa, npages);
	/*
	 * QEMU's kvm_convert_memory() refuses a private conversion outside
	 * guest RAM and ignores a shared one (it may be MMIO).
	 */
	if (!res && private && !scn_range_in_memory(cur, gpa, npages))
		res = -1;
	/* Then it sets the attributes (kvm_set_memory_attributes_private()
	 * or _shared()) of a range in guest_memfd RAM: an SNP VM's. */
	if (!res && kvm_svm.kvm.arch.has_private_mem &&
	    scn_range_in_memory(cur, gpa, npages)) {
		struct kvm_memory_attributes a = {
			.address = gpa,
			.size = npages << PAGE_SHIFT,
			.attributes = private ? KVM_MEMORY_ATTRIBUTE_PRIVATE :
						0,
		};
		int r = kvm_vm_ioctl_set_mem_attributes(&kvm_svm.kvm, &a);

		log_range(gpa_to_gfn(gpa), gpa_to_gfn(gpa) + npages);

		if (r) {
			fprintf(out, "# KVM_SET_MEMORY_ATTRIBUTES failed: %d\n",
				r);
			res = r;
		}
	}
	fprintf(out, "conv gpa=0x%llx npages=%llu attrs=0x%llx result=%s\n",
		gpa, npages, attrs, res ? "fail" : "ok");
	if (res)
		run.hypercall.ret = (u64)res;
	else if (cur->userspace == SCN_US_QEMU)
		run.hypercall.ret = 0;
}

/*
 * KVM_RUN until the vCPU would re-enter the guest. ret is what the exit
 * handler returned: > 0 resume, 0 exit to userspace, < 0 KVM_RUN fails.
 */
static int run_to_guest(int ret)
{
	int (*cui)(struct kvm_vcpu * vcpu);

	while (ret == 0) {
		switch (run.exit_reason) {
		case KVM_EXIT_HYPERCALL:
			userspace_hypercall();
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			fprintf(out, "stop reason=%s\n",
				run.system_event.type ==
						KVM_SYSTEM_EVENT_SEV_TERM ?
					"terminate" :
					"system-event");
			stopped = true;
			return 0;
		default:
			fprintf(out, "stop reason=exit-%u\n", run.exit_reason);
			stopped = true;
			return 0;
		}
		run.exit_reason = 0;
		cui = svm.vcpu.arch.complete_userspace_io;
		svm.vcpu.arch.complete_userspace_io = NULL;
		if (!cui) {
			fprintf(out, "stop reason=no-completion\n");
			stopped = true;
			return 0;
		}
		ret = cui(&svm.vcpu);
	}
	if (ret < 0) {
		/* e.g. an unregistered GHCB: KVM_RUN fails, the VM is dead. */
		fprintf(out, "stop reason=kvm-run-error\n");
		stopped = true;
		return 0;
	}
	return 1;
}

/* What sev_es_unmap_ghcb() does before the next VMRUN. */
static void unmap_ghcb(void)
{
	struct vcpu_sev_es_state *es = &svm.sev_es;

	if (es->ghcb_sa_sync)
		guest_write(es->sw_scratch, es->ghcb_sa, es->ghcb_sa_len);
	if (es->ghcb_sa_free)
		kvfree(es->ghcb_sa);
	es->ghcb_sa = NULL;
	es->ghcb_sa_sync = false;
	es->ghcb_sa_free = false;
	es->ghcb = NULL;
}

static void do_msr(const struct scn_req *r)
{
	vmcb.control.ghcb_gpa = r->msr;
	if (!run_to_guest(sev_handle_vmgexit(&svm.vcpu)))
		return;
	fprintf(out, "msr.resp val=0x%llx\n", vmcb.control.ghcb_gpa);
}

#define GHCB_FIELD(gpa, f) ((gpa) + offsetof(struct ghcb, f))
#define GHCB_SAVE(gpa, f)  ((gpa) + offsetof(struct ghcb, save.f))

/*
 * The request lines as the hypervisor receives them: header and entries
 * read back from guest memory, which may hold more than the scenario
 * wrote (entries left by an earlier request). Printed only once KVM's PSC
 * handler is reached.
 */
static char psc_req_lines[64 * 1024];

static void trace_psc_request(const struct scn_psc *p)
{
	struct psc_hdr hdr;
	unsigned int i, n = scn_psc_capacity(p);
	size_t len = 0;
	u64 e;

	guest_read(p->scratch, &hdr, sizeof(hdr));
	len += snprintf(psc_req_lines + len, sizeof(psc_req_lines) - len,
			"psc.req cur=%u end=%u rsvd=0x%x n=%u\n", hdr.cur_entry,
			hdr.end_entry, hdr.reserved, n);
	for (i = 0; hdr.end_entry < n && i <= hdr.end_entry; i++) {
		guest_read(p->scratch + 8 + 8ull * i, &e, 8);
		len += snprintf(psc_req_lines + len,
				sizeof(psc_req_lines) - len,
				"psc.entry i=%u raw=0x%llx\n", i, e);
	}
}

static void do_psc(const struct scn_req *r)
{
	const struct scn_psc *p = &r->psc;
	struct psc_hdr hdr = { p->cur, p->end, p->rsvd };
	u64 g = p->ghcb_gpa, info1, info2, e;
	unsigned int i, n;
	int ret;

	/* The guest fills its GHCB and descriptor, then VMGEXITs. */
	guest_write(GHCB_SAVE(g, sw_exit_code), &p->exit_code, 8);
	guest_write(GHCB_SAVE(g, sw_exit_info_1), &p->info1, 8);
	guest_write(GHCB_SAVE(g, sw_exit_info_2), &p->info2, 8);
	guest_write(GHCB_SAVE(g, sw_scratch), &p->scratch, 8);
	guest_write(GHCB_SAVE(g, valid_bitmap), p->valid, 16);
	guest_write(GHCB_FIELD(g, protocol_version), &p->version, 2);
	guest_write(GHCB_FIELD(g, ghcb_usage), &p->usage, 4);
	guest_write(p->scratch, &hdr, sizeof(hdr));
	for (i = 0; i < p->nr_entries; i++) {
		u64 gpa = p->scratch + 8 + 8ull * i;

		/* Never let entries spill over the GHCB's own fields. */
		if ((gpa & PAGE_MASK) == g && (gpa & ~PAGE_MASK) + 8 > 0xff0)
			break;
		guest_write(gpa, &p->entries[i], 8);
	}
	vmcb.control.ghcb_gpa = g;
	trace_psc_request(p);

	psc_reached = false;
	ret = sev_handle_vmgexit(&svm.vcpu);
	/* setup_vmgexit_scratch() succeeded: snp_begin_psc() ran. */
	psc_reached = p->exit_code == SVM_VMGEXIT_PSC && svm.sev_es.ghcb_sa;
	if (!run_to_guest(ret))
		return;
	unmap_ghcb();

	guest_read(GHCB_SAVE(g, sw_exit_info_1), &info1, 8);
	guest_read(GHCB_SAVE(g, sw_exit_info_2), &info2, 8);
	if (info1) {
		fprintf(out, "ghcb.err info1=0x%llx info2=0x%llx\n", info1,
			info2);
		return;
	}
	guest_read(p->scratch, &hdr, sizeof(hdr));
	fprintf(out,
		"psc.resp info1=0x%llx info2=0x%llx cur=%u end=%u rsvd=0x%x cur_pages=",
		info1, info2, hdr.cur_entry, hdr.end_entry, hdr.reserved);
	n = scn_psc_capacity(p);
	if (hdr.end_entry >= n) {
		fprintf(out, "-\n");
		return;
	}
	for (i = 0; i <= hdr.end_entry; i++) {
		guest_read(p->scratch + 8 + 8ull * i, &e, 8);
		fprintf(out, "%s%llu", i ? "," : "", e & 0xfff);
	}
	fprintf(out, "\n");
}

static void do_map(const struct scn_req *r)
{
	struct kvm_vcpu *vcpu = &svm.vcpu;

	memset(vcpu->arch.regs, 0, sizeof(vcpu->arch.regs));
	vcpu->arch.regs[VCPU_REGS_RAX] = r->map.nr;
	vcpu->arch.regs[VCPU_REGS_RBX] = r->map.gpa;
	vcpu->arch.regs[VCPU_REGS_RCX] = r->map.npages;
	vcpu->arch.regs[VCPU_REGS_RDX] = r->map.attrs;
	vcpu->shim_cpl = r->map.cpl;
	vcpu->shim_long_mode = r->map.long_mode;
	if (!run_to_guest(kvm_emulate_hypercall(vcpu)))
		return;
	fprintf(out, "map.resp ret=0x%llx\n",
		(u64)vcpu->arch.regs[VCPU_REGS_RAX]);
}

/*
 * With KVM_REF_ATTRS in the environment: the private GFN ranges of KVM's
 * attribute xarray after a scenario, which make test-tools holds against
 * the conversions the scenario asks for.
 */
static void print_attributes(void)
{
	unsigned long index, first = 0, last = 0;
	bool open = false;
	void *entry;

	printf("# attrs private");
	xa_for_each(&kvm_svm.kvm.mem_attr_array, index, entry)
	{
		if (!(xa_to_value(entry) & KVM_MEMORY_ATTRIBUTE_PRIVATE))
			continue;
		if (open && index == last + 1) {
			last = index;
			continue;
		}
		if (open)
			printf(" 0x%lx-0x%lx", first, last);
		first = last = index;
		open = true;
	}
	if (open)
		printf(" 0x%lx-0x%lx", first, last);
	printf("\n");
}

/*
 * The PSC request line is written once KVM's PSC handler is reached (the
 * GHCB and scratch checks passed), as snpvisor's engine does: a request
 * refused earlier shows only its ghcb.err or stop line. Every request is
 * preceded by a "# req" comment the diff uses to align traces.
 */
static void run_scenario(const struct scenario *s)
{
	unsigned int i;

	cur = s;
	vm_init(s);
#ifdef KVM_REF_SNP_NEEDS_GHCB_V2
	/*
	 * From 6.18 KVM_SEV_INIT2 refuses an SNP VM whose ghcb_version is
	 * below 2 (__sev_guest_init(), not extracted: it is VM creation, not
	 * the conversion path); build.sh defines this when the tree has that
	 * check. The VMM gets -EINVAL and no guest ever runs.
	 */
	if (s->vm == SCN_VM_SNP && s->ghcb_version < 2) {
		printf("# req 0 line %d\n", s->nr_reqs ? s->reqs[0].line : 0);
		printf("stop reason=kvm-init-error\n");
		return;
	}
#endif
	for (i = 0; i < s->nr_reqs && !stopped; i++) {
		const struct scn_req *r = &s->reqs[i];
		char *body = NULL;
		size_t len = 0;

		printf("# req %u line %d\n", i, r->line);
		out = open_memstream(&body, &len);
		if (!out)
			exit(2);
		switch (r->kind) {
		case SCN_REQ_MSR:
			scn_print_request(stdout, r);
			do_msr(r);
			break;
		case SCN_REQ_PSC:
			do_psc(r);
			if (psc_reached)
				fputs(psc_req_lines, stdout);
			break;
		case SCN_REQ_MAP:
			scn_print_request(stdout, r);
			do_map(r);
			break;
		}
		fclose(out);
		fputs(body, stdout);
		free(body);
	}
	out = stdout;
	if (getenv("KVM_REF_ATTRS"))
		print_attributes();
}

int main(int argc, char **argv)
{
	static struct scenario s;
	int i, rc = 0;

	out = stdout;
	if (argc < 2) {
		fprintf(stderr, "usage: %s SCENARIO...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (scn_parse_file(argv[i], &s)) {
			rc = 2;
			continue;
		}
		printf("# scenario %s\n", s.name);
		run_scenario(&s);
		fflush(stdout);
	}
	return rc;
}
