/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_AQ_H
#define EMU_AQ_H

/* The PF's admin queue (datasheet 12): its ring, and the table of the
 * commands it runs, the flow engine's, the scheduler's and the VF state
 * commands (aq.c).
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sriovnic_aq_cmd.h"

struct emu;
struct emu_region;

struct emu_aq {
	struct sriovnic_aq_desc *ring;	/* NULL unless enabled */
	bool error;		/* AQ_STATUS.ERROR until ENABLE is cleared */
	uint32_t len;
	uint32_t head;
	uint64_t last_cmd;	/* timer cycles of the last command run */
};

/* Runs an admin command whose common checks passed: 0 or a negative
 * errno with the detail code in *info. cmd is the descriptor as read
 * once; the command writes its H fields of param into wb, the ring's.
 */
typedef int (*emu_aq_cmd_fn)(struct emu *emu,
			     const struct sriovnic_aq_desc *cmd,
			     struct sriovnic_aq_desc *wb, uint16_t *info);
/* A command's failure: the detail code into *info, the errno returned */
static inline int
emu_aq_fail(uint16_t *info, uint16_t code, int err)
{
	*info = code;
	return err;
}

int emu_aq_nop(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	       struct sriovnic_aq_desc *wb, uint16_t *info);
/* vfstate.c: a VF's device state (datasheet 17) */
/* VF_SUSPEND and VF_RESUME */
int emu_vf_run(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	       struct sriovnic_aq_desc *wb, uint16_t *info);
int emu_vf_state_save(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		      struct sriovnic_aq_desc *wb, uint16_t *info);
int emu_vf_state_restore(struct emu *emu,
			 const struct sriovnic_aq_desc *cmd,
			 struct sriovnic_aq_desc *wb, uint16_t *info);
/* The CRC-32C a VF state record carries (datasheet 17.2) */
uint32_t emu_vfs_crc(const struct sriovnic_vf_state *st);
void emu_aq_setup(struct emu *emu);
/* Commands the PF driver handed over, up to a burst; how many ran */
unsigned int emu_aq_poll(struct emu *emu);
/* Enable and disable (slow path) */
void emu_aq_poll_config(struct emu *emu);
void emu_aq_stop(struct emu *emu);
void emu_aq_unmap(struct emu *emu, const struct emu_region *r);
/* Whether a command ran within the last EMU_AQ_ACTIVE_US: the main loop
 * then notices the next doorbell within microseconds (datasheet 12.7)
 */
bool emu_aq_active(const struct emu *emu, uint64_t now);
#define EMU_AQ_ACTIVE_US	10000

#endif /* EMU_AQ_H */
