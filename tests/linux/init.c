// SPDX-License-Identifier: GPL-2.0-only
/*
 * /init of the Linux guest's initramfs (docs/linux-guest.md): a static
 * host-gcc program, the only userspace process. It says it got here,
 * checks what the kernel made of the platform, and ends the run through
 * the hypervisor's test-exit port (HC_TEST_EXIT_PORT 0xf4, 32-bit OUT of
 * the status: 0 = every check passed, 1 = a check failed). Root may do
 * port I/O after ioperm(); the hypervisor intercepts exactly that port,
 * so the write ends the guest with this status and the run's verdict.
 *
 * Checks:
 *   - the kernel log is readable (klogctl);
 *   - no line of it reports a kernel problem: "dependency check
 *     failure" (a CPUID feature shown without one it depends on),
 *     "Oops", "kernel BUG", "invalid opcode" or "Call Trace" (any stack
 *     dump, a warning's included) anywhere in a line, "WARNING:" or
 *     "BUG:" opening a message; every such line is printed;
 *   - under emulated SNP (CPUID 0x8000001F EAX[4] SNP, which only the
 *     hypervisor's CPUID answer sets): the log has "SEV-SNP" on the
 *     memory-encryption line and "SNP running at VMPL0" (kernels from
 *     6.10, which know SVSMs, print the VMPL; older ones print none,
 *     and their decompressor stops anywhere but at VMPL0, terminating
 *     with Linux's reason GHCB_TERM_NOT_VMPL0, so reaching /init is the
 *     proof there); without SNP: no "SEV-SNP" in the log;
 *   - the initrd is the root file system (/init exists, PID 1);
 *   - under emulated SNP, when the initramfs has the sev-guest driver's
 *     modules for this kernel (tools/mk-initrd.sh): they load, and the
 *     driver initialises, which it refuses with an all-zero VMPCK0: the
 *     secrets page is the SEV firmware's (docs/firmware.md); then two
 *     attestation reports through configfs-tsm
 *     (/sys/kernel/config/tsm/report): provider sev_guest, a 1184-byte
 *     report, version >= 2, signature algorithm 1, VMPL 0, REPORT_DATA
 *     equal to the 64 bytes written; the report is printed in hex (the
 *     run's log saves it) with its MEASUREMENT, and so is the auxblob,
 *     the certificate table of SNP Extended Guest Request (GHCB spec):
 *     when it is not empty, its entries must lie inside it and end with
 *     an all-zero one (tools/snp-attest.py verifies the chain in it).
 *     When the table takes more than a page, SNP_GET_EXT_REPORT on
 *     /dev/sev-guest with a one-page certificate buffer must fail with
 *     VMM error INVALID_LEN and the length the table needs (GHCB spec
 *     "SNP Extended Guest Request"; sev-guest resends the message as a
 *     plain guest request so the sequence numbers stay in step), and the
 *     next report must still be given.
 */
#define _GNU_SOURCE /* memmem */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sev-guest.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <termios.h>
#include <unistd.h>

#define TEST_EXIT_PORT 0xf4
#define LOG_MAX	       (1 << 20)

static int failures;

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("snpvisor-init: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	fflush(stdout);
}

static void check(int ok, const char *what)
{
	say("%s %s", ok ? "ok  " : "FAIL", what);
	if (!ok)
		failures++;
}

static void show_file(const char *label, const char *path)
{
	char buf[256];
	FILE *f = fopen(path, "r");

	if (!f || !fgets(buf, sizeof(buf), f)) {
		say("%s: (%s unreadable)", label, path);
	} else {
		buf[strcspn(buf, "\n")] = 0;
		say("%s: %s", label, buf);
	}
	if (f)
		fclose(f);
}

static void show_meminfo(void)
{
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		/* Unaccepted: memory EFI left unaccepted that Linux has not
		 * accepted yet (only with CONFIG_UNACCEPTED_MEMORY). */
		if (!strncmp(line, "MemTotal:", 9) ||
		    !strncmp(line, "Unaccepted:", 11)) {
			line[strcspn(line, "\n")] = 0;
			say("%s", line);
		}
	if (f)
		fclose(f);
}

/* The kernel log line holding needle, printed; 1 if found. */
static int log_has(const char *log, const char *needle)
{
	const char *p = strstr(log, needle), *b, *e;

	if (!p)
		return 0;
	for (b = p; b > log && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	say("kernel: %.*s", (int)(e ? e - b : (long)strlen(b)), b);
	return 1;
}

/* Where the message of the log line [b, e) starts: after "<level>[ s] ". */
static const char *msg_start(const char *b, const char *e)
{
	const char *q;

	if (b < e && *b == '<' && (q = memchr(b, '>', e - b)))
		b = q + 1;
	if (b < e && *b == '[' && (q = memchr(b, ']', e - b))) {
		b = q + 1;
		if (b < e && *b == ' ')
			b++;
	}
	return b;
}

/*
 * Kernel-log lines that mean something went wrong: each is printed; the
 * number of such lines is returned. "WARNING:" and "BUG:" count where
 * the kernel's WARN()/BUG splats and debug checks put them, at the start
 * of the message ("WARNING: CPU: 0 PID: 1 at ...", "BUG: kernel NULL
 * pointer dereference"), not inside a subsystem's own advice (6.1 on
 * EPYC-Milan: "Speculative Return Stack Overflow: WARNING: See ... for
 * mitigation options", about the emulated CPU's missing microcode).
 */
static int log_problems(const char *log)
{
	static const char *const anywhere[] = {
		"dependency check failure", "Oops",	  "kernel BUG",
		"invalid opcode",	    "Call Trace",
	};
	static const char *const at_start[] = { "WARNING:", "BUG:" };
	const char *b = log, *e;
	int found = 0;

	for (; *b; b = *e ? e + 1 : e) {
		const char *m, *hit = NULL;
		int len;

		e = strchr(b, '\n');
		if (!e)
			e = b + strlen(b);
		len = (int)(e - b);
		m = msg_start(b, e);
		for (unsigned i = 0;
		     !hit && i < sizeof(anywhere) / sizeof(anywhere[0]); i++)
			if (memmem(b, len, anywhere[i], strlen(anywhere[i])))
				hit = anywhere[i];
		for (unsigned i = 0;
		     !hit && i < sizeof(at_start) / sizeof(at_start[0]); i++)
			if (!strncmp(m, at_start[i], strlen(at_start[i])))
				hit = at_start[i];
		if (hit) {
			say("kernel log has \"%s\": %.*s", hit, len, b);
			found++;
		}
	}
	return found;
}

/* The running kernel's release is at least major.minor. */
static int kernel_at_least(int major, int minor)
{
	struct utsname u;
	int ma = 0, mi = 0;

	if (uname(&u) != 0 || sscanf(u.release, "%d.%d", &ma, &mi) != 2)
		return 1; /* unknown: expect the newest behaviour */
	return ma > major || (ma == major && mi >= minor);
}

static int cpu_has_snp(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(0x80000000u, &a, &b, &c, &d) || a < 0x8000001fu)
		return 0;
	__cpuid(0x8000001fu, a, b, c, d);
	return !!(a & (1u << 4));
}

/*
 * The sev-guest driver and what it needs, in dependency order; a static
 * /init has no modprobe, so each is finit_module()d from
 * /lib/modules/RELEASE/NAME.ko.xz (MODULE_INIT_COMPRESSED_FILE = 4: the
 * kernel decompresses). Returns -1 when the initramfs has none for this
 * kernel, else the number that failed (a built-in one, EEXIST, is fine).
 */
static int load_sev_guest(void)
{
	static const char *const mods[] = { "configfs",	   "tsm",
					    "gf128mul",	   "ghash-generic",
					    "crypto_null", "gcm",
					    "sev-guest" };
	struct utsname u;
	char path[256];
	int bad = 0;

	if (uname(&u))
		return -1;
	snprintf(path, sizeof(path), "/lib/modules/%s/sev-guest.ko.xz",
		 u.release);
	if (access(path, R_OK))
		return -1;
	for (unsigned i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		int fd;
		long r;

		snprintf(path, sizeof(path), "/lib/modules/%s/%s.ko.xz",
			 u.release, mods[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		r = fd < 0 ? -1 : syscall(SYS_finit_module, fd, "", 4);
		if (r && errno != EEXIST) {
			say("finit_module %s: %s", mods[i], strerror(errno));
			bad++;
		}
		if (fd >= 0)
			close(fd);
	}
	return bad;
}

static ssize_t rw_file(const char *path, void *buf, size_t len, int wr)
{
	int fd = open(path, wr ? O_WRONLY : O_RDONLY);
	ssize_t n, got = 0;

	if (fd < 0)
		return -1;
	while ((size_t)got < len) {
		n = wr ? write(fd, (char *)buf + got, len - got) :
			 read(fd, (char *)buf + got, len - got);
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	return got;
}

static void hex(char *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static ssize_t auxblob_len; /* of the last report */

/* One report through configfs-tsm with REPORT_DATA = data; 0 when every
 * check passed. */
static int tsm_report(const unsigned char data[64], int print)
{
	static unsigned char
		rep[0x4000]; /* the largest auxblob sev-guest returns */
	const char *d = "/sys/kernel/config/tsm/report/r0";
	char path[128], prov[32] = { 0 }, line[160];
	unsigned ver, algo, vmpl;
	ssize_t n;
	int bad = failures;

	snprintf(path, sizeof(path), "%s/provider", d);
	rw_file(path, prov, sizeof(prov) - 1, 0);
	check(!strncmp(prov, "sev_guest", 9),
	      "configfs-tsm provider is sev_guest");
	hex(line, data, 64);
	say("REPORT_DATA %s", line);
	snprintf(path, sizeof(path), "%s/inblob", d);
	check(rw_file(path, (void *)data, 64, 1) == 64,
	      "64 bytes of REPORT_DATA written to inblob");
	snprintf(path, sizeof(path), "%s/outblob", d);
	n = rw_file(path, rep, sizeof(rep), 0);
	check(n == 0x4a0, "outblob is a 1184-byte report");
	if (n < 0x4a0)
		return 1;
	memcpy(&ver, rep, 4);
	memcpy(&vmpl, rep + 0x30, 4);
	memcpy(&algo, rep + 0x34, 4);
	check(ver >= 2 && algo == 1 && vmpl == 0,
	      "report VERSION >= 2, SIGNATURE_ALGO 1 (ECDSA P-384), VMPL 0");
	check(!memcmp(rep + 0x50, data, 64), "report REPORT_DATA = inblob");
	hex(line, rep + 0x90, 48);
	say("report MEASUREMENT %s", line);
	if (print)
		for (unsigned off = 0; off < 0x4a0; off += 64) {
			hex(line, rep + off,
			    0x4a0 - off < 64 ? 0x4a0 - off : 64);
			say("report %03x %s", off, line);
		}
	snprintf(path, sizeof(path), "%s/auxblob", d);
	n = rw_file(path, rep, sizeof(rep), 0);
	auxblob_len = n;
	say("auxblob (certificate table): %zd bytes", n);
	if (n > 0) {
		/* {GUID, offset u32, length u32}... then 24 zero bytes. */
		static const unsigned char zero[24];
		ssize_t e = 0;
		int in = 1;

		while (e + 24 <= n && memcmp(rep + e, zero, 24)) {
			unsigned off, len;

			memcpy(&off, rep + e + 16, 4);
			memcpy(&len, rep + e + 20, 4);
			in &= off <= (size_t)n && len <= (size_t)n - off;
			e += 24;
		}
		check(in && e + 24 <= n,
		      "auxblob: a certificate table, entries inside it, all-zero end");
		say("auxblob: %zd certificates", e / 24);
		if (print)
			for (ssize_t off = 0; off < n; off += 64) {
				hex(line, rep + off,
				    n - off < 64 ? (size_t)(n - off) : 64);
				say("auxblob %04zx %s", (size_t)off, line);
			}
	}
	return failures != bad;
}

/*
 * SNP_GET_EXT_REPORT (linux/sev-guest.h) with a certificate buffer of one
 * page, for a table of more: the hypervisor answers VMM error INVALID_LEN
 * with the pages needed, which the driver passes back in certs_len.
 */
static void ext_report_small(void)
{
	static unsigned char certs[4096] __attribute__((aligned(4096)));
	static struct snp_report_resp resp;
	struct snp_ext_report_req req;
	struct snp_guest_request_ioctl io;
	int fd, r;

	if (access("/dev/sev-guest", F_OK))
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/sev-guest", O_RDWR);
	check(fd >= 0, "/dev/sev-guest opened");
	if (fd < 0)
		return;
	memset(&req, 0, sizeof(req));
	memset(&io, 0, sizeof(io));
	memcpy(req.data.user_data, "snpvisor /init: one page", 24);
	req.certs_address = (__u64)(unsigned long)certs;
	req.certs_len = sizeof(certs);
	io.msg_version = 1;
	io.req_data = (__u64)(unsigned long)&req;
	io.resp_data = (__u64)(unsigned long)&resp;
	r = ioctl(fd, SNP_GET_EXT_REPORT, &io);
	say("SNP_GET_EXT_REPORT, 1-page certificate buffer: %d (%s), vmm_error %u, fw_error 0x%x, certs_len %u",
	    r, r ? strerror(errno) : "no error", io.vmm_error, io.fw_error,
	    req.certs_len);
	check(r == -1 && errno == EIO &&
		      io.vmm_error == SNP_GUEST_VMM_ERR_INVALID_LEN &&
		      req.certs_len ==
			      ((size_t)auxblob_len + 4095) / 4096 * 4096,
	      "a 1-page certificate buffer: EIO, VMM error INVALID_LEN, certs_len = the table's pages");
	close(fd);
}

static void attest(void)
{
	unsigned char data[64];

	mount("configfs", "/sys/kernel/config", "configfs", 0, NULL);
	check(mkdir("/sys/kernel/config/tsm/report/r0", 0755) == 0,
	      "configfs-tsm report entry created");
	for (int i = 0; i < 64; i++)
		data[i] = (unsigned char)(0xa0 ^ i);
	memcpy(data, "snpvisor /init", 14);
	tsm_report(data, 1);
	if (auxblob_len > 4096)
		ext_report_small();
	else
		say("no certificate table over a page: the too-small buffer not checked");
	data[63] ^= 0xff;
	tsm_report(data, 0); /* a second one: the sequence numbers moved on */
}

static void the_end(int status)
{
	tcdrain(STDOUT_FILENO); /* let the UART send everything first */
	if (ioperm(TEST_EXIT_PORT, 4, 1) == 0) {
		outl((unsigned)status, TEST_EXIT_PORT);
		say("FAIL the test-exit port did not end the run");
	} else {
		perror("snpvisor-init: ioperm");
	}
	/* Not under snpvisor: just stop. */
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

int main(void)
{
	static char log[LOG_MAX];
	int n, snp;

	/* The kernel gives /init /dev/console when the initramfs has it. */
	if (fcntl(STDOUT_FILENO, F_GETFD) < 0) {
		mkdir("/dev", 0755);
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
		int fd = open("/dev/console", O_RDWR);

		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
	}
	say("reached userspace (pid %d)", (int)getpid());
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	show_file("kernel", "/proc/version");
	show_file("uptime (s, idle s)", "/proc/uptime");
	show_file("command line", "/proc/cmdline");
	show_meminfo();

	check(getpid() == 1 && access("/init", X_OK) == 0,
	      "running as PID 1 from the initramfs");
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, LOG_MAX - 1);
	check(n > 0, "kernel log readable");
	log[n > 0 ? n : 0] = 0;
	check(log_problems(log) == 0,
	      "kernel log free of dependency check failures, Oops, BUG, "
	      "WARNING, invalid opcode and Call Trace lines");
	snp = cpu_has_snp();
	say("CPUID 0x8000001F says SNP %s", snp ? "on" : "off");
	if (snp) {
		check(log_has(log, "SEV-SNP"),
		      "SEV-SNP among the active memory encryption features");
		if (kernel_at_least(6, 10) ||
		    log_has(log, "SNP running at VMPL"))
			check(log_has(log, "SNP running at VMPL0"),
			      "SNP running at VMPL0");
		else
			say("kernel before 6.10 prints no VMPL; its decompressor ran only at VMPL0");
		log_has(log, "SNP CPUID table");
		log_has(log, "SNP guest platform device");
		n = load_sev_guest();
		if (n < 0) {
			say("no sev-guest modules for this kernel in the initramfs: driver not checked");
		} else {
			check(n == 0, "the sev-guest driver's modules load");
			n = klogctl(3, log, LOG_MAX - 1);
			log[n > 0 ? n : 0] = 0;
			check(log_has(log, "Initialized SEV guest driver"),
			      "the sev-guest driver initialises (VMPCK0 from the firmware's secrets page)");
			check(access("/sys/class/misc/sev-guest", F_OK) == 0,
			      "/sys/class/misc/sev-guest exists");
			attest();
		}
	} else {
		check(!log_has(log, "SEV-SNP"),
		      "no SEV-SNP without SNP in CPUID");
	}
	say("%s: %d check(s) failed, ending the run with status %d",
	    failures ? "FAIL" : "PASS", failures, failures ? 1 : 0);
	the_end(failures ? 1 : 0);
	return 0;
}
