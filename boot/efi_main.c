// SPDX-License-Identifier: GPL-2.0-only
/*
 * efi_main: the only code that runs under UEFI boot services.
 *
 * Order: options (snpvisor.cfg on the ESP, then LoadOptions), guest
 * images, memory (guest RAM, hypervisor pool, heap, stack), ACPI RSDP,
 * image base for gdb, memory map + ExitBootServices, then platform_init()
 * and hv_main() on the new stack. After ExitBootServices nothing here
 * calls UEFI.
 *
 * Messages go to COM1 through hv_log() (port I/O, the same port OVMF's
 * console uses), so the whole run reads as one serial log.
 */
#include <efi.h>
#include <efilib.h>
#include <string.h>

#include "boot/esp.h"
#include "boot/options.h"
#include "hv/platform.h"
#include "include/boot_info.h"
#include "include/log.h"
#include "include/x86.h"

#define CONFIG_FILE	 "snpvisor.cfg"
#define MAP_SLACK	 16 /* spare descriptors: the map grows as we allocate */
#define EBS_TRIES	 8
#define PAGES_TO_SIZE(n) ((uint64_t)(n) << EFI_PAGE_SHIFT)

static struct boot_info boot_info;

static __attribute__((noreturn)) void boot_fail(const char *what, EFI_STATUS st)
{
	if (st != EFI_SUCCESS)
		log_err("boot failed: %s (EFI status %#lx)", what,
			(unsigned long)st);
	else
		log_err("boot failed: %s", what);
	hv_shutdown(HV_PANIC);
}

/*
 * The user's configuration cannot be used: not a crash but a refusal, so
 * the run ends with verdict error and this line instead of a guest's
 * final line (docs/testing.md).
 */
static __attribute__((noreturn)) void boot_refuse(const char *where,
						  const char *why)
{
	hv_printf("HV: boot refused: %s%s%s\n", where, *where ? " " : "", why);
	hv_shutdown(HV_ERROR);
}

/*
 * size bytes of EfiLoaderData, aligned to align (a power of two, at least
 * 4 KiB): over-allocate, then give back the unaligned head and the tail.
 */
static EFI_STATUS alloc_aligned(uint64_t size, uint64_t align,
				struct bi_region *r)
{
	UINTN pages = EFI_SIZE_TO_PAGES(size),
	      extra = EFI_SIZE_TO_PAGES(align) - 1;
	EFI_PHYSICAL_ADDRESS base, aligned;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiLoaderData, pages + extra, &base);
	if (EFI_ERROR(st))
		return st;
	aligned = (base + align - 1) & ~(align - 1);
	if (aligned > base)
		uefi_call_wrapper(BS->FreePages, 2, base,
				  EFI_SIZE_TO_PAGES(aligned - base));
	if (base + PAGES_TO_SIZE(pages + extra) >
	    aligned + PAGES_TO_SIZE(pages))
		uefi_call_wrapper(BS->FreePages, 2,
				  aligned + PAGES_TO_SIZE(pages),
				  EFI_SIZE_TO_PAGES(
					  base + PAGES_TO_SIZE(pages + extra) -
					  aligned - PAGES_TO_SIZE(pages)));
	r->base = aligned;
	r->size = PAGES_TO_SIZE(pages);
	return EFI_SUCCESS;
}

/*
 * LoadOptions as ASCII, or 0 bytes when they are not UCS-2 text (OVMF's
 * own boot entries carry binary data there).
 */
static UINTN load_options_text(EFI_LOADED_IMAGE *li, char *out, UINTN out_len)
{
	const CHAR16 *w = li->LoadOptions;
	UINTN n = li->LoadOptionsSize / sizeof(CHAR16), i;

	if (!w || !n)
		return 0;
	for (i = 0; i < n && w[i]; i++) {
		if (i >= out_len - 1 || w[i] > 0x7e ||
		    (w[i] < 0x20 && w[i] != '\t' && w[i] != '\n' &&
		     w[i] != '\r')) {
			log_debug("boot: ignoring %lu bytes of non-text load options",
				  (unsigned long)li->LoadOptionsSize);
			return 0;
		}
		out[i] = (char)w[i];
	}
	out[i] = '\0';
	return i;
}

static void read_options(EFI_LOADED_IMAGE *li, EFI_FILE_HANDLE root,
			 struct bi_options *o)
{
	char err[OPTIONS_ERR_LEN], cmdline[512];
	void *cfg;
	UINT64 cfg_size;
	EFI_STATUS st;
	UINTN n;

	options_defaults(o);
	st = esp_read_file(root, CONFIG_FILE, &cfg, &cfg_size);
	if (st == EFI_SUCCESS) {
		if (options_parse(o, cfg, cfg_size, 0, err, sizeof(err)))
			boot_refuse(CONFIG_FILE, err);
		uefi_call_wrapper(BS->FreePages, 2, (EFI_PHYSICAL_ADDRESS)cfg,
				  EFI_SIZE_TO_PAGES(cfg_size + 1));
	} else if (st != EFI_NOT_FOUND) {
		boot_fail("reading " CONFIG_FILE, st);
	}

	n = load_options_text(li, cmdline, sizeof(cmdline));
	if (n && options_parse(o, cmdline, n, 1, err, sizeof(err)))
		boot_refuse("load options", err);
	if (options_check(o, err, sizeof(err)))
		boot_refuse("", err);
	hv_log_set_level((enum log_level)o->log_level);
}

static void load_guests(EFI_FILE_HANDLE root, struct boot_info *bi)
{
	const struct bi_options *o = &bi->options;
	uint32_t i;

	for (i = 0; i < o->nr_guests; i++) {
		struct bi_guest *g = &bi->guests[i];
		void *data;
		EFI_STATUS st;

		memcpy(g->file, o->guest_file[i], sizeof(g->file));
		options_guest_name(g->file, g->name, sizeof(g->name));
		st = esp_read_file(root, g->file, &data, &g->image_size);
		if (EFI_ERROR(st)) {
			log_err("guest image '%s' not loaded from the ESP",
				g->file);
			boot_fail("guest image", st);
		}
		g->image = (uint64_t)(UINTN)data;
		st = alloc_aligned(o->guest_mem, BI_REGION_ALIGN, &g->ram);
		if (EFI_ERROR(st))
			boot_fail("guest RAM allocation (try a smaller mem=)",
				  st);
		memset((void *)(UINTN)g->ram.base, 0, g->ram.size);
		log_info("boot: guest %s: image %s %llu bytes at %#llx, RAM %llu MiB at %#llx",
			 g->name, g->file, (unsigned long long)g->image_size,
			 (unsigned long long)g->image,
			 (unsigned long long)(g->ram.size >> 20),
			 (unsigned long long)g->ram.base);
	}
	bi->nr_guests = o->nr_guests;
}

/* The VCEK file, optional: hv/snp_fw.c says what it does without one. */
static void load_vcek_file(EFI_FILE_HANDLE root, struct boot_info *bi)
{
	void *data;
	EFI_STATUS st = esp_read_file(root, BI_VCEK_FILE, &data,
				      &bi->vcek_file_size);

	if (st == EFI_NOT_FOUND) {
		bi->vcek_file_size = 0;
		return;
	}
	if (EFI_ERROR(st))
		boot_fail("reading " BI_VCEK_FILE, st);
	bi->vcek_file = (uint64_t)(UINTN)data;
	log_info("boot: %s %llu bytes at %#llx", BI_VCEK_FILE,
		 (unsigned long long)bi->vcek_file_size,
		 (unsigned long long)bi->vcek_file);
}

static void alloc_hv_memory(struct boot_info *bi)
{
	EFI_STATUS st;

	st = alloc_aligned(bi->options.pool_size, BI_REGION_ALIGN, &bi->pool);
	if (EFI_ERROR(st))
		boot_fail("hypervisor pool allocation (try a smaller pool=)",
			  st);
	st = alloc_aligned(BI_HEAP_SIZE, EFI_PAGE_SIZE, &bi->heap);
	if (EFI_ERROR(st))
		boot_fail("heap allocation", st);
	st = alloc_aligned(BI_STACK_SIZE, EFI_PAGE_SIZE, &bi->stack);
	if (EFI_ERROR(st))
		boot_fail("stack allocation", st);
	log_info("boot: pool %llu MiB at %#llx, heap %llu MiB at %#llx, stack at %#llx",
		 (unsigned long long)(bi->pool.size >> 20),
		 (unsigned long long)bi->pool.base,
		 (unsigned long long)(bi->heap.size >> 20),
		 (unsigned long long)bi->heap.base,
		 (unsigned long long)bi->stack.base);
}

static void find_rsdp(struct boot_info *bi)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID;
	void *t = NULL;

	if (LibGetSystemConfigurationTable(&acpi20, &t) != EFI_SUCCESS)
		LibGetSystemConfigurationTable(&AcpiTableGuid, &t);
	bi->acpi_rsdp = (uint64_t)(UINTN)t;
}

/*
 * Takes the final memory map and leaves boot services. The buffers are
 * allocated first, with slack, because once ExitBootServices has failed
 * only GetMemoryMap may be called again.
 */
static void exit_boot_services(EFI_HANDLE image, struct boot_info *bi)
{
	UINTN map_size = 0, key, desc_size, cap, i;
	EFI_MEMORY_DESCRIPTOR *map = NULL;
	EFI_PHYSICAL_ADDRESS buf;
	UINT32 desc_ver;
	EFI_STATUS st;
	int tries;

	st = uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size, map, &key,
			       &desc_size, &desc_ver);
	if (st != EFI_BUFFER_TOO_SMALL)
		boot_fail("GetMemoryMap (size query)", st);
	cap = map_size / desc_size + MAP_SLACK;
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiLoaderData,
			       EFI_SIZE_TO_PAGES(cap * desc_size), &buf);
	if (EFI_ERROR(st))
		boot_fail("memory map buffer", st);
	map = (EFI_MEMORY_DESCRIPTOR *)buf;
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiLoaderData,
			       EFI_SIZE_TO_PAGES(cap *
						 sizeof(struct bi_mem_desc)),
			       &buf);
	if (EFI_ERROR(st))
		boot_fail("memory map copy", st);
	bi->mem_map = (struct bi_mem_desc *)buf;

	log_info("boot: exiting boot services");
	for (tries = 0; tries < EBS_TRIES; tries++) {
		map_size = cap * desc_size;
		st = uefi_call_wrapper(BS->GetMemoryMap, 5, &map_size, map,
				       &key, &desc_size, &desc_ver);
		if (EFI_ERROR(st))
			boot_fail("GetMemoryMap", st);
		st = uefi_call_wrapper(BS->ExitBootServices, 2, image, key);
		if (st != EFI_INVALID_PARAMETER) /* else: stale key, retry */
			break;
	}
	if (EFI_ERROR(st))
		boot_fail("ExitBootServices", st);

	/* Boot services are gone: from here on, plain memory and port I/O. */
	__asm__ volatile("cli");
	for (i = 0; i < map_size / desc_size; i++) {
		EFI_MEMORY_DESCRIPTOR *d = (void *)((char *)map +
						    i * desc_size);
		struct bi_mem_desc *m = &bi->mem_map[i];

		m->type = d->Type;
		m->pad = 0;
		m->base = d->PhysicalStart;
		m->pages = d->NumberOfPages;
		m->attr = d->Attribute;
	}
	bi->mem_map_count = (uint32_t)i;
}

/* Calls hv_main(bi) on bi->stack. */
static __attribute__((noreturn)) void enter_hv(struct boot_info *bi)
{
	uint64_t top = (bi->stack.base + bi->stack.size) & ~0xfull;

	__asm__ volatile("mov %0, %%rsp\n\t"
			 "xor %%ebp, %%ebp\n\t"
			 "call hv_main\n\t"
			 "ud2"
			 :
			 : "r"(top), "D"(bi)
			 : "memory");
	__builtin_unreachable();
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

/*
 * The TSC's rate, for the hypervisor's clock (hv/clock.c): TSC ticks
 * across the firmware's Stall() of 20 ms (UEFI "Stall()": at least the
 * time asked; OVMF times it with the ACPI PM timer). The best of three
 * keeps a preempted run from counting. Nothing after ExitBootServices
 * can measure it (there is no other clock of known rate).
 */
#define TSC_STALL_US 20000

static uint64_t measure_tsc_hz(void)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < 3; i++) {
		uint64_t t0 = rdtsc(), d;

		uefi_call_wrapper(BS->Stall, 1, (UINTN)TSC_STALL_US);
		d = rdtsc() - t0;
		if (d < best)
			best = d;
	}
	return best * (1000000 / TSC_STALL_US);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	struct boot_info *bi = &boot_info;
	EFI_LOADED_IMAGE *li;
	EFI_FILE_HANDLE root;
	char opts[256];
	EFI_STATUS st;

	InitializeLib(image, systab);
	bi->tsc_at_entry = rdtsc();
	bi->magic = BOOT_INFO_MAGIC;
	bi->version = BOOT_INFO_VERSION;
	bi->size = sizeof(*bi);

	st = uefi_call_wrapper(BS->HandleProtocol, 3, image,
			       &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st))
		boot_fail("LoadedImage protocol", st);
	bi->image_base = (uint64_t)(UINTN)li->ImageBase;
	bi->image_size = li->ImageSize;
	/* tools/qemu-run.sh (make debug) reads this line; keep its shape. */
	log_info("boot: snpvisor hv.efi image base %#llx size %llu",
		 (unsigned long long)bi->image_base,
		 (unsigned long long)bi->image_size);

	st = esp_open_root(image, &root);
	if (EFI_ERROR(st))
		boot_fail("opening the ESP", st);
	read_options(li, root, &bi->options);
	options_format(&bi->options, opts, sizeof(opts));
	log_info("boot: options %s", opts);

	load_guests(root, bi);
	load_vcek_file(root, bi);
	uefi_call_wrapper(root->Close, 1, root);
	alloc_hv_memory(bi);
	find_rsdp(bi);
	bi->tsc_hz = measure_tsc_hz();
	log_info("boot: TSC %llu kHz (against the firmware's Stall)",
		 (unsigned long long)(bi->tsc_hz / 1000));

	exit_boot_services(image, bi);
	platform_init(bi);
	log_info("boot: boot services exited, %u memory map entries, RSDP %#llx",
		 bi->mem_map_count, (unsigned long long)bi->acpi_rsdp);
	enter_hv(bi);
}
