// SPDX-License-Identifier: GPL-2.0-only
/*
 * User mode for test guests: GDT, TSS and the User bit (lib/user.h).
 */
#include "user.h"

#define PTE_P	  (1ull << 0)
#define PTE_U	  (1ull << 2)
#define PTE_PS	  (1ull << 7)
#define PTE_ADDR  0x000ffffffffff000ull
/* Bits 51:M of an entry are the C-bit or reserved: never address bits here. */
#define PTE_FRAME 0x00007ffffffff000ull

struct __attribute__((packed)) tss64 {
	uint32_t rsvd0;
	uint64_t rsp[3];
	uint64_t rsvd1;
	uint64_t ist[7];
	uint64_t rsvd2;
	uint16_t rsvd3;
	uint16_t iopb; /* past the limit: no I/O bitmap */
};
_Static_assert(sizeof(struct tss64) == 104, "64-bit TSS");

struct __attribute__((packed)) gdt_ptr {
	uint16_t limit;
	uint64_t base;
};

struct user_exit user_exit;
extern uint64_t user_kernel_rsp;
extern const char user_resume[];

static uint64_t gdt[7] __attribute__((aligned(16)));
static struct tss64 tss __attribute__((aligned(16)));
static uint8_t kernel_stack[16384] __attribute__((aligned(16)));
static bool active;

static uint64_t *table_of(uint64_t e)
{
	return (uint64_t *)(uintptr_t)(e & PTE_FRAME);
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

/* U on every level that maps [0, 2 MiB): the image and its bss. */
static void set_user_low_2m(void)
{
	uint64_t *pml4 = table_of(read_cr3());
	uint64_t *pdpt, *pd, *pt;

	pml4[0] |= PTE_U;
	pdpt = table_of(pml4[0]);
	pdpt[0] |= PTE_U;
	pd = table_of(pdpt[0]);
	pd[0] |= PTE_U;
	if (!(pd[0] & PTE_PS)) {
		pt = table_of(pd[0]);
		for (unsigned i = 0; i < 512; i++)
			if (pt[i] & PTE_P)
				pt[i] |= PTE_U;
	}
	/* Reload CR3: every cached translation goes. */
	__asm__ volatile("mov %0, %%cr3" : : "r"(read_cr3()) : "memory");
}

void user_init(void)
{
	uint64_t base = (uintptr_t)&tss;
	struct gdt_ptr p = { .limit = sizeof(gdt) - 1, .base = (uintptr_t)gdt };

	gdt[0] = 0;
	gdt[GUEST_CS / 8] = 0x00af9b000000ffffull; /* 64-bit code, DPL 0 */
	gdt[GUEST_DS / 8] = 0x00cf93000000ffffull; /* data, DPL 0 */
	gdt[USER_DS / 8] = 0x00cff3000000ffffull;  /* data, DPL 3 */
	gdt[USER_CS / 8] = 0x00affb000000ffffull;  /* 64-bit code, DPL 3 */
	/* Available 64-bit TSS (type 9), present, 16 bytes. */
	gdt[USER_TSS / 8] = (sizeof(tss) - 1) | ((base & 0xffffff) << 16) |
			    (0x89ull << 40) | (((base >> 24) & 0xff) << 56);
	gdt[USER_TSS / 8 + 1] = base >> 32;
	tss.rsp[0] = (uintptr_t)(kernel_stack + sizeof(kernel_stack));
	tss.iopb = sizeof(tss);
	__asm__ volatile("lgdt %0" : : "m"(p));
	__asm__ volatile("ltr %w0" : : "r"((uint16_t)USER_TSS));
	set_user_low_2m();
}

bool user_exception(struct exc_frame *f)
{
	if ((f->cs & 3) != 3 || !active)
		return false;
	active = false;
	user_exit = (struct user_exit){
		.vector = f->vector,
		.error_code = f->error_code,
		.rip = f->rip,
		.rax = f->rax,
		.rbx = f->rbx,
	};
	f->rip = (uintptr_t)user_resume;
	f->cs = GUEST_CS;
	f->ss = GUEST_DS;
	f->rsp = user_kernel_rsp;
	f->rflags = 0x2;
	return true;
}

int user_enter_asm(uint64_t rip, uint64_t rax, uint64_t rbx, uint64_t rcx,
		   uint64_t rdx);

int user_enter(uint64_t rip, uint64_t rax, uint64_t rbx, uint64_t rcx,
	       uint64_t rdx)
{
	active = true;
	return user_enter_asm(rip, rax, rbx, rcx, rdx);
}
