// SPDX-License-Identifier: GPL-2.0-only
/* Host tests for boot/options.c: the snpvisor.cfg / LoadOptions parser. */
#include <string.h>

#include "boot/options.h"
#include "include/log.h"
#include "tests/lib/tap.h"

static struct bi_options o;
static char err[OPTIONS_ERR_LEN];

static int parse(const char *text, int skip_program)
{
	err[0] = '\0';
	return options_parse(&o, text, strlen(text), skip_program, err,
			     sizeof(err));
}

static void test_defaults(void)
{
	options_defaults(&o);
	tap_eq(o.nr_guests, 0, "defaults: no guest");
	tap_eq(o.guest_mem, 64ull << 20, "defaults: 64 MiB guest RAM");
	tap_eq(o.pool_size, 64ull << 20, "defaults: 64 MiB pool");
	tap_eq(o.log_level, LOG_INFO, "defaults: log=info");
	tap_eq(o.rmp, BI_RMP_AUTO, "defaults: rmp=auto");
	tap_eq(o.snp, BI_SNP_EMULATED, "defaults: snp=emulated");
	tap_eq(o.policy, BI_POLICY_IMPLICIT, "defaults: policy=implicit");
	tap_eq(o.rmp_max, BI_RMP_MAX_2M, "defaults: rmp-max=2m");
	tap_eq(o.trace, BI_TRACE_OFF, "defaults: trace=off");
	tap_eq(o.timeout_s, 0, "defaults: no time limit");
	tap_check(options_check(&o, err, sizeof(err)) != 0 &&
			  strstr(err, "no guest"),
		  "check: no guest is refused with a message");
}

static void test_config_file(void)
{
	const char *cfg = "# snpvisor.cfg\n"
			  "guest=hello.bin   # the default guest\n"
			  "\n"
			  "mem=128M\r\n"
			  "log=debug rmp=sw\n"
			  "\tsnp=off policy=strict rmp-max=4k pool=0x4000000\n"
			  "trace=on conv-fail=3 timeout=90s fw-seed=77\n";

	options_defaults(&o);
	tap_eq(parse(cfg, 0), 0, "config file parses");
	tap_eq(o.nr_guests, 1, "one guest");
	tap_check(!strcmp(o.guest_file[0], "hello.bin"), "guest file name");
	tap_eq(o.guest_mem, 128ull << 20, "mem=128M");
	tap_eq(o.pool_size, 64ull << 20, "pool=0x4000000");
	tap_eq(o.log_level, LOG_DEBUG, "log=debug");
	tap_eq(o.rmp, BI_RMP_SW, "rmp=sw");
	tap_eq(o.snp, BI_SNP_OFF, "snp=off");
	tap_eq(o.policy, BI_POLICY_STRICT, "policy=strict");
	tap_eq(o.rmp_max, BI_RMP_MAX_4K, "rmp-max=4k");
	tap_eq(o.trace, BI_TRACE_ON, "trace=on");
	tap_eq(o.conv_fail, 3, "conv-fail=3");
	tap_eq(o.timeout_s, 90, "timeout=90s");
	tap_eq(o.fw_seed, 77, "fw-seed=77");
	tap_eq(options_check(&o, err, sizeof(err)), 0, "check passes");
}

static void test_override_and_guests(void)
{
	options_defaults(&o);
	parse("guest=a.bin,b.elf log=err", 0);
	tap_eq(parse("BOOTX64.EFI guest=dir\\c.bin log=2 RMP=HW", 1), 0,
	       "command line after the file, program name skipped");
	tap_eq(o.nr_guests, 3, "guest= appends");
	tap_check(!strcmp(o.guest_file[1], "b.elf") &&
			  !strcmp(o.guest_file[2], "dir\\c.bin"),
		  "guest list order kept");
	tap_eq(o.log_level, LOG_INFO, "log=2 (numeric) overrides log=err");
	tap_eq(o.rmp, BI_RMP_HW, "keys and values are case-insensitive");
	tap_check(parse("guest=d.bin,e.bin", 0) != 0 &&
			  strstr(err, "more than 4"),
		  "a fifth guest is refused: %s", err);
}

static void test_errors(void)
{
	static const struct {
		const char *text;
		const char *msg;
	} bad[] = {
		{ "rpm=hw", "unknown option 'rpm'" },
		/* An unknown key lists the valid ones, first to last. */
		{ "rpm=hw",
		  "valid options: guest mem pool log rmp snp policy rmp-max trace conv-fail timeout fw-seed" },
		{ "timeout=", "timeout: bad value '' (seconds" },
		{ "timeout=10m", "timeout: bad value '10m'" },
		{ "timeout=-1", "timeout: bad value '-1'" },
		{ "timeout=31622401", "at most a year" },
		{ "rmp=hardware", "bad value 'hardware' (auto|sw|hw)" },
		{ "log=5", "bad value '5'" },
		{ "mem=64X", "bad size" },
		{ "mem=", "bad size" },
		{ "mem=3M", "multiple of 2048 KiB" },
		{ "pool=2M", "at least 8 MiB" },
		{ "mem=99999999999999999999", "bad size" },
		{ "mem=99999999999G", "bad size" },
		{ "guest=", "empty file name" },
		{ "guest=a.bin,,b.bin", "empty file name" },
		{ "guest=0123456789012345678901234567890123456789012345678901234567890123456789",
		  "longer than 63" },
		{ "\n\nhello", "line 3: 'hello' is not key=value" },
		{ "BOOTX64.EFI",
		  "not key=value" }, /* no skip outside LoadOptions */
	};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		options_defaults(&o);
		tap_check(parse(bad[i].text, 0) == -1 &&
				  strstr(err, bad[i].msg),
			  "bad input %u refused: %s", i, err);
	}
	options_defaults(&o);
	tap_check(parse("x.efi guest=a y.efi", 1) == -1 &&
			  strstr(err, "'y.efi'"),
		  "only the first token may be the program name");
}

static void test_sizes(void)
{
	options_defaults(&o);
	parse("mem=1G", 0);
	tap_eq(o.guest_mem, 1ull << 30, "mem=1G");
	parse("mem=4096k", 0);
	tap_eq(o.guest_mem, 4ull << 20, "mem=4096k");
	parse("mem=6291456", 0);
	tap_eq(o.guest_mem, 6ull << 20, "mem in bytes");
}

static void test_guest_name(void)
{
	char name[BI_NAME_LEN];

	options_guest_name("hello.bin", name, sizeof(name));
	tap_check(!strcmp(name, "hello"), "name of hello.bin");
	options_guest_name("dir\\sub/cpuid.test.elf", name, sizeof(name));
	tap_check(!strcmp(name, "cpuid.test"),
		  "name strips directories and the last extension");
	options_guest_name(".hidden", name, sizeof(name));
	tap_check(!strcmp(name, ".hidden"), "leading dot kept");
	options_guest_name("averyveryveryveryveryverylongname.bin", name, 8);
	tap_check(!strcmp(name, "averyve"), "name truncated to the buffer");
}

static void test_format(void)
{
	char buf[256];

	options_defaults(&o);
	parse("guest=a.bin,b.bin mem=1G log=warn", 0);
	options_format(&o, buf, sizeof(buf));
	tap_check(!strcmp(buf,
			  "guest=a.bin,b.bin mem=1G pool=64M log=warn rmp=auto "
			  "snp=emulated policy=implicit rmp-max=2m trace=off conv-fail=0 "
			  "timeout=0 fw-seed=0"),
		  "format: %s", buf);
	options_format(&o, buf, 10);
	tap_check(strlen(buf) < 10, "format never overruns a short buffer");
}

int main(void)
{
	test_defaults();
	test_config_file();
	test_override_and_guests();
	test_errors();
	test_sizes();
	test_guest_name();
	test_format();
	return tap_done();
}
