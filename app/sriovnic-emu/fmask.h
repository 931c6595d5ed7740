/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_FMASK_H
#define EMU_FMASK_H

/* A set of function ids: PF plus 64 VFs needs 65 bits */

#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>

#include "sriovnic_regs.h"

#define EMU_FMASK_WORDS	((SRIOVNIC_MAX_FUNCS + 63) / 64)

struct emu_fmask {
	uint64_t w[EMU_FMASK_WORDS];
};

static inline void
emu_fmask_set(struct emu_fmask *m, unsigned int f)
{
	m->w[f / 64] |= UINT64_C(1) << (f % 64);
}

static inline void
emu_fmask_clear(struct emu_fmask *m, unsigned int f)
{
	m->w[f / 64] &= ~(UINT64_C(1) << (f % 64));
}

static inline bool
emu_fmask_test(const struct emu_fmask *m, unsigned int f)
{
	return m->w[f / 64] & (UINT64_C(1) << (f % 64));
}

static inline void
emu_fmask_or(struct emu_fmask *m, const struct emu_fmask *o)
{
	unsigned int i;

	for (i = 0; i < EMU_FMASK_WORDS; i++)
		m->w[i] |= o->w[i];
}

static inline bool
emu_fmask_empty(const struct emu_fmask *m)
{
	unsigned int i;

	for (i = 0; i < EMU_FMASK_WORDS; i++)
		if (m->w[i] != 0)
			return false;
	return true;
}

/* Lowest member removed from m, or -1 once m is empty */
static inline int
emu_fmask_pop(struct emu_fmask *m)
{
	unsigned int i, b;

	for (i = 0; i < EMU_FMASK_WORDS; i++) {
		if (m->w[i] == 0)
			continue;
		b = rte_bsf64(m->w[i]);
		m->w[i] &= m->w[i] - 1;
		return i * 64 + b;
	}
	return -1;
}

#endif /* EMU_FMASK_H */
