// SPDX-License-Identifier: GPL-2.0-only
/*
 * String I/O: the register arithmetic of hv/io_string.c (counts bounded
 * per exit, DF, the three address sizes, linear addresses) and the
 * INS/OUTS operand decoder of svm/insn_len.c (address-size prefix,
 * segment overrides, which INS ignores). The expected values come from
 * the APM's definitions of INS, OUTS and REP, worked out below.
 */
#include <errno.h>

#include "hv/io_string.h"
#include "svm/insn_len.h"
#include "tests/lib/tap.h"

static void test_count(void)
{
	struct io_string s = { .size = 1, .addr_size = 8, .rep = true };

	tap_eq(io_string_count(&s, 0), 0, "REP with rCX 0: no element");
	tap_eq(io_string_count(&s, 4), 4, "REP with rCX 4: four elements");
	tap_eq(io_string_count(&s, 1ull << 40), IO_STRING_MAX_BYTES,
	       "REP bounded to %u bytes an exit", IO_STRING_MAX_BYTES);
	s.size = 4;
	tap_eq(io_string_count(&s, 1ull << 40), IO_STRING_MAX_BYTES / 4,
	       "dword elements: %u an exit", IO_STRING_MAX_BYTES / 4);
	s.addr_size = 2;
	tap_eq(io_string_count(&s, 0x10000), 0,
	       "16-bit address size: CX is 0 although RCX is 0x10000");
	s.addr_size = 4;
	tap_eq(io_string_count(&s, 0x100000003ull), 3,
	       "32-bit address size: ECX 3 of RCX 0x100000003");
	s.rep = false;
	tap_eq(io_string_count(&s, 0), 1, "no REP: one element, rCX unused");
	tap_eq(io_string_rcx(&s, 77, 1), 77, "no REP: rCX unchanged");
	tap_eq(io_string_left(&s, 77), 0, "no REP: nothing left");
}

static void test_index(void)
{
	struct io_string s = { .size = 2, .addr_size = 8 };

	tap_eq(io_string_index(&s, 0x1000, 3), 0x1006,
	       "DF=0: rDI up by 3 words");
	s.df = true;
	tap_eq(io_string_index(&s, 0x1000, 3), 0xffa, "DF=1: down by 3 words");
	s.addr_size = 2;
	s.df = false;
	tap_eq(io_string_index(&s, 0xabcd0000fffeull, 1), 0xabcd00000000ull,
	       "16-bit: DI wraps, bits above it kept");
	s.addr_size = 4;
	tap_eq(io_string_index(&s, 0xabcdfffffffeull, 1), 0,
	       "32-bit: EDI wraps and zero-extends");
	tap_eq(io_string_rcx(&(struct io_string){ .rep = true, .addr_size = 2 },
			     0x55550000ull, 1),
	       0x5555ffffull, "16-bit CX 0 less 1: 0xffff, bits above kept");
	s.rep = true;
	tap_eq(io_string_rcx(&s, 0xffffffff00000005ull, 2), 3,
	       "32-bit ECX less 2, zero-extended");
	tap_eq(io_string_left(&s, 0xffffffff00000000ull), 0,
	       "32-bit ECX 0 left (upper half ignored)");
}

static void test_linear(void)
{
	struct io_string s = { .size = 1, .addr_size = 2, .seg_base = 0xf0000 };

	tap_eq(io_string_linear(&s, 0x12345), 0xf2345,
	       "real mode: ES base + DI (16 bits of the index)");
	s.addr_size = 4;
	s.seg_base = 0xfffff000;
	tap_eq(io_string_linear(&s, 0x2000), 0x1000,
	       "32-bit: the linear address wraps at 4 GiB");
	s.lin64 = true;
	s.addr_size = 8;
	s.seg_base = 0;
	tap_eq(io_string_linear(&s, 0xffff800000001000ull),
	       0xffff800000001000ull, "64-bit: the whole RDI");
}

static void test_decode(void)
{
	struct insn_string_io o;
	static const uint8_t rep_insb[] = { 0xf3, 0x6c };
	static const uint8_t insw_67[] = { 0x67, 0x66, 0x6d };
	static const uint8_t fs_outsb[] = { 0x64, 0xf3, 0x6e };
	static const uint8_t gs_insb[] = { 0x65, 0x6c };
	static const uint8_t cs_ss_outsd[] = { 0x2e, 0x36, 0x6f };
	static const uint8_t rex_outsb[] = { 0xf3, 0x48, 0x6e };
	static const uint8_t in_al[] = { 0xec };

	tap_eq(insn_decode_string_io(rep_insb, 2, true, false, &o), 0,
	       "rep insb decodes");
	tap_check(o.addr_size == 8 && o.seg == INSN_SEG_ES,
		  "64-bit rep insb: 8-byte addresses, ES");
	insn_decode_string_io(insw_67, 3, true, false, &o);
	tap_eq(o.addr_size, 4, "64-bit with 0x67: 4-byte addresses");
	insn_decode_string_io(insw_67, 3, false, true, &o);
	tap_eq(o.addr_size, 2, "32-bit code (CS.D) with 0x67: 2-byte");
	insn_decode_string_io(insw_67, 3, false, false, &o);
	tap_eq(o.addr_size, 4, "16-bit code with 0x67: 4-byte");
	insn_decode_string_io(rep_insb, 2, false, false, &o);
	tap_eq(o.addr_size, 2, "16-bit code: 2-byte");
	insn_decode_string_io(rep_insb, 2, false, true, &o);
	tap_eq(o.addr_size, 4, "32-bit code: 4-byte");
	insn_decode_string_io(fs_outsb, 3, true, false, &o);
	tap_eq(o.seg, INSN_SEG_FS, "fs: outsb reads FS:rSI");
	insn_decode_string_io(gs_insb, 2, true, false, &o);
	tap_eq(o.seg, INSN_SEG_ES, "gs: insb still writes ES:rDI");
	insn_decode_string_io(cs_ss_outsd, 3, false, true, &o);
	tap_eq(o.seg, INSN_SEG_SS, "two overrides: the last (SS) counts");
	insn_decode_string_io(rex_outsb, 3, true, false, &o);
	tap_eq(o.seg, INSN_SEG_DS, "outsb without override: DS");
	tap_eq(insn_decode_string_io(in_al, 1, true, false, &o), -EINVAL,
	       "IN is not string I/O");
	tap_eq(insn_decode_string_io(rep_insb, 1, true, false, &o), -ENODATA,
	       "a prefix alone: out of bytes");
}

int main(void)
{
	test_count();
	test_index();
	test_linear();
	test_decode();
	return tap_done();
}
