// SPDX-License-Identifier: GPL-2.0-only
/*
 * dev/fw_cfg.c: the port interface (selector, data, signature and ID),
 * the file directory in its big-endian layout, and the DMA descriptor
 * walk (select, read, skip, write, the error bit, zeroes past an item's
 * end) through a guest-memory accessor that refuses everything outside a
 * small "guest RAM".
 */
#include <string.h>

#include "dev/fw_cfg.h"
#include "tests/lib/tap.h"

#define RAM_BASE 0x10000u
#define RAM_SIZE 0x10000u

static uint8_t ram[RAM_SIZE];
static unsigned int refused_calls;

static bool in_ram(uint64_t gpa, uint32_t len)
{
	return gpa >= RAM_BASE && len <= RAM_SIZE &&
	       gpa - RAM_BASE <= RAM_SIZE - len;
}

static int mem_read(void *ctx, uint64_t gpa, void *buf, uint32_t len)
{
	(void)ctx;
	if (!len || !in_ram(gpa, len)) {
		refused_calls++;
		return -1;
	}
	memcpy(buf, ram + (gpa - RAM_BASE), len);
	return 0;
}

static int mem_write(void *ctx, uint64_t gpa, const void *buf, uint32_t len)
{
	(void)ctx;
	if (!len || !in_ram(gpa, len)) {
		refused_calls++;
		return -1;
	}
	memcpy(ram + (gpa - RAM_BASE), buf, len);
	return 0;
}

static const struct fw_cfg_mem mem = { mem_read, mem_write, NULL };

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* A descriptor at guest address gpa. */
static void desc(uint64_t gpa, uint32_t control, uint32_t len, uint64_t addr)
{
	uint8_t *d = ram + (gpa - RAM_BASE);

	put_be32(d, control);
	put_be32(d + 4, len);
	put_be32(d + 8, (uint32_t)(addr >> 32));
	put_be32(d + 12, (uint32_t)addr);
}

static uint32_t desc_control(uint64_t gpa)
{
	return get_be32(ram + (gpa - RAM_BASE));
}

static uint32_t bswap(uint32_t v)
{
	return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

/* Starts DMA the way a guest does: both halves, big-endian, via ports. */
static void kick(struct fw_cfg *f, uint64_t gpa)
{
	fw_cfg_io_write(f, 0x514, 4, bswap((uint32_t)(gpa >> 32)));
	fw_cfg_io_write(f, 0x518, 4, bswap((uint32_t)gpa));
}

static void read_port(struct fw_cfg *f, uint16_t key, uint8_t *out,
		      unsigned int n)
{
	unsigned int i;

	fw_cfg_io_write(f, 0x510, 2, key);
	for (i = 0; i < n; i++)
		out[i] = (uint8_t)fw_cfg_io_read(f, 0x511, 1);
}

int main(void)
{
	static const char kernel[] = "0123456789abcdefghij"; /* 20 bytes */
	static const uint8_t cpus[2] = { 1, 0 };
	static uint8_t big[3 * 4096 + 7];
	uint8_t buf[256], wbuf[8] = { 0 };
	struct fw_cfg f;
	unsigned int i, ok;
	int key, key2, wkey;
	const uint8_t *e;

	fw_cfg_init(&f, true, &mem);
	read_port(&f, FW_CFG_SIGNATURE, buf, 5);
	tap_check(!memcmp(buf, "QEMU", 4) && buf[4] == 0,
		  "signature item reads \"QEMU\", then 0 past its end");
	read_port(&f, FW_CFG_ID, buf, 4);
	tap_eq(get_be32(buf) >> 24, 0x03, "ID: traditional and DMA bits");
	read_port(&f, FW_CFG_ID | FW_CFG_WRITE_CHANNEL, buf, 1);
	tap_eq(buf[0], 0x03, "the write-channel bit does not change the key");

	tap_eq(fw_cfg_add(&f, FW_CFG_NB_CPUS, cpus, 2), 0, "fixed item added");
	tap_eq(fw_cfg_add(&f, FW_CFG_NB_CPUS, cpus, 2), -1,
	       "duplicate refused");
	tap_eq(fw_cfg_add(&f, FW_CFG_ID, cpus, 2), -1, "ID is the model's");
	tap_eq(fw_cfg_add(&f, 0x20, cpus, 2), -1,
	       "file keys only through fw_cfg_add_file");
	key = fw_cfg_add_file(&f, "etc/kernel", kernel, 20, NULL);
	key2 = fw_cfg_add_file(&f, "opt/big", big, sizeof(big), NULL);
	wkey = fw_cfg_add_file(&f, "etc/writable", NULL, sizeof(wbuf), wbuf);
	tap_check(key == 0x20 && key2 == 0x21 && wkey == 0x22,
		  "files get keys from 0x20 in order");
	tap_eq(fw_cfg_add_file(&f, "etc/kernel", kernel, 1, NULL), -1,
	       "duplicate file name refused");
	memset(buf, 'n', 60);
	buf[60] = 0;
	tap_eq(fw_cfg_add_file(&f, (const char *)buf, kernel, 1, NULL), -1,
	       "56-byte name refused (no room for the NUL)");
	tap_eq(fw_cfg_add_file(&f, "", kernel, 1, NULL), -1, "empty name");

	read_port(&f, FW_CFG_FILE_DIR, buf, 4 + 3 * 64);
	e = buf + 4 + 64;
	tap_eq(get_be32(buf), 3, "directory: big-endian count");
	tap_check(get_be32(e) == sizeof(big) && e[4] == 0 && e[5] == 0x21 &&
			  !strcmp((const char *)e + 8, "opt/big"),
		  "directory entry: be32 size, be16 select, name");
	tap_eq(fw_cfg_io_read(&f, 0x511, 1), 0, "past the directory: 0");

	read_port(&f, 0x20, buf, 3);
	read_port(&f, 0x20, buf + 3, 3);
	tap_check(!memcmp(buf, "012012", 6), "selecting restarts at offset 0");
	read_port(&f, 0x1234, buf, 2);
	tap_check(!buf[0] && !buf[1], "unknown key reads 0");
	tap_eq(fw_cfg_io_read(&f, 0x510, 2), 0xffff, "selector is write only");
	tap_eq(fw_cfg_io_read(&f, 0x511, 2), 0xffff,
	       "2-byte data read not decoded on the port interface");
	tap_eq(fw_cfg_io_read(&f, 0x514, 4), 0x554d4551,
	       "DMA register reads \"QEMU\" ...");
	tap_eq(fw_cfg_io_read(&f, 0x518, 4), 0x47464320, "... and \" CFG\"");
	fw_cfg_io_write(&f, 0x510, 2, 0x20);
	fw_cfg_io_write(&f, 0x511, 1, 0x55);
	tap_eq(fw_cfg_io_read(&f, 0x511, 1), '0', "data port writes ignored");

	/* DMA: select + read. */
	memset(ram, 0xee, sizeof(ram));
	desc(0x10000,
	     (0x20u << 16) | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_READ, 8,
	     0x10100);
	kick(&f, 0x10000);
	tap_eq(desc_control(0x10000), 0, "select+read: control cleared");
	tap_check(!memcmp(ram + 0x100, kernel, 8) && ram[0x108] == 0xee,
		  "select+read: 8 bytes, not one more");
	desc(0x10000, FW_CFG_DMA_CTL_SKIP, 4, 0);
	kick(&f, 0x10000);
	desc(0x10000, FW_CFG_DMA_CTL_READ, 4, 0x10100);
	kick(&f, 0x10000);
	tap_check(!desc_control(0x10000) && !memcmp(ram + 0x100, "cdef", 4),
		  "skip 4 then read 4: offset carried between descriptors");
	memset(ram + 0x100, 0xee, 32);
	desc(0x10000, FW_CFG_DMA_CTL_READ, 16, 0x10100);
	kick(&f, 0x10000);
	ok = !memcmp(ram + 0x100, "ghij", 4);
	for (i = 4; i < 16; i++)
		ok &= ram[0x100 + i] == 0;
	tap_check(!desc_control(0x10000) && ok && ram[0x110] == 0xee,
		  "read across the end: the rest, then zeroes");
	fw_cfg_io_write(&f, 0x510, 2, 0x20);
	desc(0x10000, 0, 4, 0x10100);
	kick(&f, 0x10000);
	tap_check(!desc_control(0x10000) && fw_cfg_io_read(&f, 0x511, 1) == '0',
		  "no operation bit: nothing moves, control cleared");

	/* DMA bigger than one zero chunk and the item, in one go. */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7 + 1);
	desc(0x10000, (0x21u << 16) | 0x0a, sizeof(big) + 5000, 0x11000);
	kick(&f, 0x10000);
	ok = !desc_control(0x10000) && !memcmp(ram + 0x1000, big, sizeof(big));
	for (i = 0; i < 5000; i++)
		ok &= ram[0x1000 + sizeof(big) + i] == 0;
	tap_check(ok, "read of 3 pages + 7 then 5000 zeroes");

	/* Errors. */
	desc(0x10000, (0x20u << 16) | 0x0a, 8, 0xf0000);
	kick(&f, 0x10000);
	tap_eq(desc_control(0x10000), FW_CFG_DMA_CTL_ERROR,
	       "read to a target outside guest RAM: error bit");
	desc(0x10000, (0x20u << 16) | 0x0a, 0x20, RAM_BASE + RAM_SIZE - 0x10);
	kick(&f, 0x10000);
	tap_eq(desc_control(0x10000), FW_CFG_DMA_CTL_ERROR,
	       "read running past the end of guest RAM: error bit");
	desc(0x10000, (0x20u << 16) | 0x0a, 0x20, 0xfffffffffffffff0ull);
	kick(&f, 0x10000);
	tap_eq(desc_control(0x10000), FW_CFG_DMA_CTL_ERROR,
	       "read whose range wraps: error bit");
	desc(0x10000,
	     (0x20u << 16) | FW_CFG_DMA_CTL_SELECT | FW_CFG_DMA_CTL_WRITE, 4,
	     0x10100);
	kick(&f, 0x10000);
	tap_eq(desc_control(0x10000), FW_CFG_DMA_CTL_ERROR,
	       "write to a read-only item: error bit");
	tap_check(!memcmp(kernel, "0123", 4), "... and the item unchanged");
	refused_calls = 0;
	i = (unsigned int)f.dma_faults;
	kick(&f, 0x100000);
	tap_check(f.dma_faults == i + 1 && refused_calls == 1,
		  "descriptor outside guest RAM: a fault, nothing written");
	tap_eq(fw_cfg_dma(&f, RAM_BASE + RAM_SIZE - 8), -1,
	       "descriptor straddling the end of guest RAM: a fault");
	tap_eq(fw_cfg_dma(&f, UINT64_MAX - 4), -1, "descriptor address wraps");

	/* Writes. */
	memcpy(ram + 0x100, "ABCDEFGH", 8);
	desc(0x10000, (0x22u << 16) | 0x18, 6, 0x10100);
	kick(&f, 0x10000);
	tap_check(!desc_control(0x10000) && !memcmp(wbuf, "ABCDEF", 6) &&
			  !wbuf[6],
		  "select+write to a writable file");
	desc(0x10000, FW_CFG_DMA_CTL_WRITE, 4, 0x10100);
	kick(&f, 0x10000);
	tap_check(desc_control(0x10000) == FW_CFG_DMA_CTL_ERROR && !wbuf[6],
		  "write running past the item's end: error, nothing written");
	read_port(&f, 0x22, buf, 8);
	tap_check(!memcmp(buf, "ABCDEF", 6), "written bytes read back");

	/* A model without DMA. */
	fw_cfg_init(&f, false, &mem);
	read_port(&f, FW_CFG_ID, buf, 4);
	tap_eq(buf[0], 0x01, "no DMA: ID has only the traditional bit");
	tap_eq(fw_cfg_io_read(&f, 0x514, 4), 0xffffffff,
	       "no DMA: register absent");
	desc(0x10000, (0x1u << 16) | 0x0a, 4, 0x10100);
	memset(ram + 0x100, 0xee, 4);
	kick(&f, 0x10000);
	tap_eq(ram[0x100], 0xee, "no DMA: a kick does nothing");
	return tap_done();
}
