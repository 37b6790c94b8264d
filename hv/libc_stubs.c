// SPDX-License-Identifier: GPL-2.0-only
/*
 * The system calls newlib needs, for a machine with no OS underneath
 * (see the newlib recipe in docs/build-notes.md). Plain names: newlib is
 * configured for x86_64-elf, which defines MISSING_SYSCALL_NAMES.
 *
 *   sbrk      over the heap region boot/ reserved (boot_info.heap)
 *   write     fd 1 and 2 go to COM1; others fail with EBADF
 *   _exit     ends the run through hv_shutdown()
 *   kill      (abort() -> raise() -> kill) ends the run as HV_PANIC
 *   the rest  fail with the errno a missing file would give
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "hv/platform.h"
#include "include/boot_info.h"
#include "include/log.h"

#undef errno
extern int errno;

void *sbrk(ptrdiff_t incr);
int write(int fd, const void *buf, size_t len);
int read(int fd, void *buf, size_t len);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int fstat(int fd, struct stat *st);
int isatty(int fd);
int getpid(void);
int kill(int pid, int sig);
void _exit(int code) __attribute__((noreturn));
void libc_heap_init(uint64_t base, uint64_t size);

static uintptr_t heap_start, heap_end, heap_brk;

void libc_heap_init(uint64_t base, uint64_t size)
{
	heap_start = heap_brk = (uintptr_t)base;
	heap_end = (uintptr_t)(base + size);
}

void *sbrk(ptrdiff_t incr)
{
	uintptr_t old = heap_brk;

	if (!heap_start) {
		/* Before platform_init(): boot/ must not use malloc. */
		errno = ENOMEM;
		return (void *)-1;
	}
	if ((incr > 0 && (uintptr_t)incr > heap_end - heap_brk) ||
	    (incr < 0 && (uintptr_t)-incr > heap_brk - heap_start)) {
		log_err("sbrk(%td): heap of %lu KiB exhausted", incr,
			(unsigned long)((heap_end - heap_start) >> 10));
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_brk += incr;
	return (void *)old;
}

int write(int fd, const void *buf, size_t len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	hv_puts_raw(buf, len);
	return (int)len;
}

int read(int fd, void *buf, size_t len)
{
	(void)fd;
	(void)buf;
	(void)len;
	errno = EBADF;
	return -1;
}

int close(int fd)
{
	(void)fd;
	errno = EBADF;
	return -1;
}

off_t lseek(int fd, off_t off, int whence)
{
	(void)fd;
	(void)off;
	(void)whence;
	errno = ESPIPE;
	return -1;
}

int fstat(int fd, struct stat *st)
{
	if (fd < 0 || fd > 2) {
		errno = EBADF;
		return -1;
	}
	st->st_mode = S_IFCHR; /* a character device: line-buffered stdio */
	return 0;
}

int isatty(int fd)
{
	return fd >= 0 && fd <= 2;
}

int getpid(void)
{
	return 1;
}

int kill(int pid, int sig)
{
	(void)pid;
	log_err("libc: signal %d raised (abort?), stopping", sig);
	hv_shutdown(HV_PANIC);
}

void _exit(int code)
{
	if (code)
		log_err("libc: exit(%d)", code);
	hv_shutdown(code ? HV_PANIC : HV_PASS);
}
