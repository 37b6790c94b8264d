// SPDX-License-Identifier: GPL-2.0-only
/*
 * string-io: INS and OUTS emulated by the hypervisor (hv/io.c; APM
 * vol. 3, "INS", "OUTS", "REP"). Bytes go out through COM1 in loopback
 * mode (16550 MCR bit 4: the transmitter feeds the receive FIFO) and come
 * back through INS, so the data path is checked both ways; word and
 * dword elements read a port no device decodes (all-ones); DF, the
 * 0x67 address-size prefix and the per-exit bound are checked on the
 * registers the instruction leaves. Under emulated SNP the buffers are
 * private (C-bit set) and one is in the shared middle of RAM (C-bit
 * clear): both views are reached as the guest's tables say.
 */
#include "guest.h"

#define COM1	  0x3f8
#define COM1_FCR  (COM1 + 2)
#define COM1_MCR  (COM1 + 4)
#define MCR_LOOP  0x10
#define MCR_DTR	  0x01
#define MCR_RTS	  0x02
#define MCR_OUT2  0x08
#define NO_DEVICE 0x84 /* a DMA page register: nothing decodes it here */
#define BIG	  10000

static uint8_t out[16] = "0123456789abcdef";
static uint8_t in[32];
static uint8_t big[BIG + 1];

struct regs {
	uint64_t rdi, rsi, rcx;
};

static struct regs rep_outsb(uint16_t port, const void *src, uint64_t n,
			     bool down)
{
	struct regs r = { .rsi = (uint64_t)(uintptr_t)src, .rcx = n };

	if (down)
		__asm__ volatile("std; rep outsb; cld"
				 : "+S"(r.rsi), "+c"(r.rcx)
				 : "d"(port)
				 : "memory");
	else
		__asm__ volatile("rep outsb"
				 : "+S"(r.rsi), "+c"(r.rcx)
				 : "d"(port)
				 : "memory");
	return r;
}

static struct regs rep_insb(uint16_t port, void *dst, uint64_t n)
{
	struct regs r = { .rdi = (uint64_t)(uintptr_t)dst, .rcx = n };

	__asm__ volatile("rep insb"
			 : "+D"(r.rdi), "+c"(r.rcx)
			 : "d"(port)
			 : "memory");
	return r;
}

static void loopback(bool on)
{
	outb(COM1_FCR, 0x07); /* FIFOs on and cleared */
	outb(COM1_MCR, on ? MCR_LOOP : MCR_DTR | MCR_RTS | MCR_OUT2);
}

/*
 * Reports wait until loopback is off: until then COM1's output (this
 * library's printf) goes into its own receive FIFO.
 */
static void test_loopback(void)
{
	struct regs r1, r2, r3;
	uint8_t want[8], got_up[16], got_down[8], one[2];
	uint64_t rdi = (uint64_t)(uintptr_t)one, rcx = 99;

	loopback(true);
	r1 = rep_outsb(COM1, out, 16, false);
	memset(in, 0, sizeof(in));
	r2 = rep_insb(COM1, in, 16);
	memcpy(got_up, in, 16);
	r3 = rep_outsb(COM1, out + 7, 8, true);
	rep_insb(COM1, got_down, 8);
	/* One INSB without REP: one byte, RCX untouched. */
	rep_outsb(COM1, out, 2, false);
	memset(one, 0, sizeof(one));
	__asm__ volatile("insb"
			 : "+D"(rdi), "+c"(rcx)
			 : "d"((uint16_t)COM1)
			 : "memory");
	rep_insb(COM1, in + 20, 1); /* the FIFO empty again */
	loopback(false);

	report(r1.rcx == 0 && r1.rsi == (uint64_t)(uintptr_t)out + 16,
	       "rep outsb of 16 bytes: RCX 0, RSI +16 (RCX 0x%llx)",
	       (unsigned long long)r1.rcx);
	report(r2.rcx == 0 && r2.rdi == (uint64_t)(uintptr_t)in + 16,
	       "rep insb of 16 bytes: RCX 0, RDI +16");
	report(!memcmp(got_up, out, 16) && in[16] == 0,
	       "the 16 bytes came back through the loopback, none more");
	report(r3.rcx == 0 && r3.rsi == (uint64_t)(uintptr_t)out - 1,
	       "std; rep outsb of 8 bytes from out[7]: RSI down to out - 1");
	for (unsigned i = 0; i < 8; i++)
		want[i] = out[7 - i];
	report(!memcmp(got_down, want, 8),
	       "DF=1: the bytes went out last first");
	report(rcx == 99 && rdi == (uint64_t)(uintptr_t)one + 1 &&
		       one[0] == out[0] && one[1] == 0,
	       "insb without REP: one byte, RCX kept");
}

static void test_sizes(void)
{
	uint64_t rdi = (uint64_t)(uintptr_t)in, rcx = 3;
	unsigned ones = 0;

	memset(in, 0, sizeof(in));
	__asm__ volatile("rep insw"
			 : "+D"(rdi), "+c"(rcx)
			 : "d"((uint16_t)NO_DEVICE)
			 : "memory");
	for (unsigned i = 0; i < sizeof(in); i++)
		ones += in[i] == 0xff;
	report(rcx == 0 && rdi == (uint64_t)(uintptr_t)in + 6 && ones == 6,
	       "rep insw x3 from no device: 6 bytes of all-ones (%u)", ones);

	rdi = (uint64_t)(uintptr_t)in;
	rcx = 2;
	memset(in, 0, sizeof(in));
	__asm__ volatile("rep insl"
			 : "+D"(rdi), "+c"(rcx)
			 : "d"((uint16_t)NO_DEVICE)
			 : "memory");
	ones = 0;
	for (unsigned i = 0; i < sizeof(in); i++)
		ones += in[i] == 0xff;
	report(rcx == 0 && rdi == (uint64_t)(uintptr_t)in + 8 && ones == 8,
	       "rep insd x2: 8 bytes of all-ones (%u)", ones);

	/* 0x67: ECX and EDI; the results zero-extend into RCX and RDI. */
	rdi = (0xdeadull << 32) | (uint64_t)(uintptr_t)in;
	rcx = (1ull << 32) | 4;
	memset(in, 0, sizeof(in));
	__asm__ volatile(".byte 0x67; rep insb"
			 : "+D"(rdi), "+c"(rcx)
			 : "d"((uint16_t)NO_DEVICE)
			 : "memory");
	report(rcx == 0 && rdi == (uint64_t)(uintptr_t)in + 4 &&
		       in[3] == 0xff && in[4] == 0,
	       "addr32 rep insb: 4 bytes at EDI, RCX 0x%llx RDI 0x%llx",
	       (unsigned long long)rcx, (unsigned long long)rdi);
}

static void test_bound(void)
{
	uint64_t before = exit_count(HC_COUNT_IO), exits;
	struct regs r;
	unsigned ones = 0;

	memset(big, 0, sizeof(big));
	r = rep_insb(NO_DEVICE, big, BIG);
	exits = exit_count(HC_COUNT_IO) - before;
	for (unsigned i = 0; i < BIG; i++)
		ones += big[i] == 0xff;
	report(r.rcx == 0 && ones == BIG && big[BIG] == 0,
	       "rep insb of %u bytes: all done (%u), none past", BIG, ones);
	report(exits >= (BIG + 4095) / 4096,
	       "in at least %u exits of at most 4 KiB (%llu)",
	       (BIG + 4095) / 4096, (unsigned long long)exits);
}

static void test_shared(const struct guest_boot *boot)
{
	uint8_t *p;

	if (!boot->snp_cbit || boot->snp_shared_end <= boot->snp_shared_gpa) {
		report_skip("not an SNP guest: no shared memory to write");
		return;
	}
	/* The shared middle is identity-mapped with the C-bit clear. */
	p = (uint8_t *)(uintptr_t)(boot->snp_shared_gpa + 0x3000);
	memset(p, 0, 16);
	loopback(true);
	rep_outsb(COM1, out, 16, false);
	rep_insb(COM1, p, 16);
	loopback(false); /* before the report, see test_loopback */
	report(!memcmp(p, out, 16),
	       "rep insb into shared memory (C-bit clear) at 0x%llx",
	       (unsigned long long)(uintptr_t)p);
}

int guest_main(const struct guest_boot *boot)
{
	test_loopback();
	test_sizes();
	test_bound();
	test_shared(boot);
	return report_summary();
}
