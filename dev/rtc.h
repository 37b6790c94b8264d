/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A Motorola MC146818 real-time clock and its CMOS RAM as a PC decodes
 * it: index port 0x70 (bit 7 disables NMI), data port 0x71, IRQ8.
 * 128 bytes: the 14 clock registers and 114 bytes of NVRAM.
 */
#ifndef DEV_RTC_H
#define DEV_RTC_H

#include "dev/dev.h"

#define RTC_PORT_INDEX 0x70
#define RTC_PORT_DATA  0x71
#define RTC_IRQ	       8
#define RTC_HZ	       32768u /* the time base the divider expects */

/* Years 2000-2099 (the year register holds two digits). */
struct rtc_time {
	uint16_t year;
	uint8_t mon, day; /* 1-12, 1-31 */
	uint8_t hour, min, sec;
	uint8_t wday; /* 1-7, 1 = Sunday */
};

struct rtc {
	uint8_t ram[128]; /* 0-13 clock registers, then NVRAM */
	uint8_t index;
	bool nmi_disabled; /* port 0x70 bit 7, for the integrator */
	struct irq_line irq;
	bool irq_level;
	uint64_t last;	      /* 32768 Hz tick of the last sync */
	uint64_t next_update; /* tick of the next update cycle */
	uint64_t pf_origin;   /* tick at which the divider chain started */
};

void rtc_init(struct rtc *r, const struct rtc_time *tm,
	      const struct irq_line *irq, uint64_t now);
/* Ports 0x70 and 0x71; others read 0xff. */
uint8_t rtc_read(struct rtc *r, uint16_t port, uint64_t now);
void rtc_write(struct rtc *r, uint16_t port, uint8_t val, uint64_t now);
void rtc_advance(struct rtc *r, uint64_t now);
/*
 * When IRQ8 could next rise (ns), DEV_NEVER while it is already high
 * (only reading register C lowers it) or nothing is enabled. Ask again
 * after each port access.
 */
uint64_t rtc_next_event(struct rtc *r, uint64_t now);

#endif
