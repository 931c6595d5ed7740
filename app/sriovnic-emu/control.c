/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Commands of the control endpoint (datasheet A.6): VFs pulled out under
 * their drivers and put back, as a hypervisor's hot-unplug or a write of
 * sriov_numvfs does.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>

#include "emu.h"
#include "attach.h"

#define EMU_REMOVE_MS		1000	/* orderly removal's default bound */
#define EMU_REMOVE_MAX_MS	60000

/* Surprise removal (datasheet 3.7): the VF no longer present, then the
 * attach connection ends, which resets the VF and counts in SW_VFLR, so
 * that the PF driver forgets it as a VF that died; then its directory
 * goes.
 */
static int
vf_remove(struct emu *emu, struct emu_func *f)
{
	int ret;

	if (f->listen_fd < 0)
		return -ENODEV;
	f->remove_at = 0;
	emu_vf_present(emu, f->id - SRIOVNIC_FUNC_VF(0), false);
	if (f->attached)
		emu_attach_func_close(emu, f);
	else
		emu_func_reset(emu, f);
	ret = emu_sysfs_func_remove(emu, f);
	if (ret == 0)
		EMU_LOG(INFO, "%s removed", f->name);
	return ret;
}

/* Orderly removal (datasheet 3.8): the driver asked to let go, the
 * removal done in emu_control_poll(); a VF nobody holds goes at once
 */
static int
vf_remove_orderly(struct emu *emu, struct emu_func *f, unsigned int ms)
{
	if (f->listen_fd < 0)
		return -ENODEV;
	if (f->remove_at != 0)
		return -EALREADY;
	if (!f->attached)
		return vf_remove(emu, f);
	f->remove_at = rte_get_timer_cycles() +
		rte_get_timer_hz() * ms / 1000;
	emu_wr32(f, SRIOVNIC_VF_STATE, SRIOVNIC_VFST_REMOVE_REQ);
	emu_irq_raise(f, SRIOVNIC_VEC_MISC);
	EMU_LOG(INFO, "%s: removal requested, within %u ms", f->name, ms);
	return 0;
}

void
emu_control_poll(struct emu *emu)
{
	uint64_t now = rte_get_timer_cycles();
	struct emu_func *f;
	uint16_t i;

	for (i = SRIOVNIC_FUNC_VF(0); i < emu->nb_funcs; i++) {
		f = &emu->funcs[i];
		if (f->remove_at == 0 || (f->attached && now < f->remove_at))
			continue;
		f->remove_at = 0;
		if (f->attached) {
			EMU_LOG(WARNING, "%s: driver did not detach in time",
				f->name);
			vf_remove(emu, f);
		} else if (emu_sysfs_func_remove(emu, f) == 0) {
			/* its detach was the VF's reset (3.4) */
			emu_vf_present(emu, f->id - SRIOVNIC_FUNC_VF(0), false);
			EMU_LOG(INFO, "%s removed", f->name);
		}
	}
}

/* Back as at power-on: new BAR, new endpoint, the PF's state and the
 * VF's effective link shown
 */
static int
vf_add(struct emu *emu, struct emu_func *f)
{
	int ret;

	if (f->listen_fd >= 0)
		return -EEXIST;
	ret = emu_sysfs_func_add(emu, f);
	if (ret < 0)
		return ret;
	ret = emu_attach_listen(emu, f);
	if (ret < 0) {
		emu_sysfs_func_remove(emu, f);
		return ret;
	}
	emu_func_power_on(emu, f);
	emu_wr32(f, SRIOVNIC_PF_STATE, emu->pf_state);
	emu_link_publish(emu, f, false);
	emu_vf_present(emu, f->id - SRIOVNIC_FUNC_VF(0), true);
	EMU_LOG(INFO, "%s added", f->name);
	return 0;
}

/* A decimal number in [0, max] */
static int
parse_uint(const char *arg, unsigned long max, unsigned long *n)
{
	char *end;

	errno = 0;
	*n = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' ||
	    *n > max)
		return -EINVAL;
	return 0;
}

/* "N" or "all": the VF range [*first, *last] */
static int
vf_range(const struct emu *emu, const char *arg, uint16_t *first,
	 uint16_t *last)
{
	unsigned int nb_vfs = emu->nb_funcs - SRIOVNIC_FUNC_VF(0);
	unsigned long n;

	if (arg == NULL)
		return -EINVAL;
	if (strcmp(arg, "all") == 0) {
		if (nb_vfs == 0)
			return -ENODEV;
		*first = SRIOVNIC_FUNC_VF(0);
		*last = emu->nb_funcs - 1;
		return 0;
	}
	if (parse_uint(arg, ULONG_MAX, &n) < 0)
		return -EINVAL;
	if (n >= nb_vfs)
		return -ENODEV;
	*first = *last = SRIOVNIC_FUNC_VF(n);
	return 0;
}

/* "[orderly [MS]]" after vf-remove: *ms 0 for a surprise removal */
static int
remove_mode(char **save, unsigned int *ms)
{
	const char *mode = strtok_r(NULL, " \t\r\n", save);
	const char *arg;
	unsigned long n;

	*ms = 0;
	if (mode == NULL)
		return 0;
	if (strcmp(mode, "orderly") != 0)
		return -EINVAL;
	*ms = EMU_REMOVE_MS;
	arg = strtok_r(NULL, " \t\r\n", save);
	if (arg == NULL)
		return 0;
	if (parse_uint(arg, EMU_REMOVE_MAX_MS, &n) < 0 || n == 0)
		return -EINVAL;
	*ms = n;
	return 0;
}

void
emu_control_exec(struct emu *emu, char *cmd, char *reply, size_t len)
{
	char *save, *verb, *arg;
	uint16_t i, first, last;
	bool remove, all;
	unsigned int ms = 0;
	int ret;

	verb = strtok_r(cmd, " \t\r\n", &save);
	arg = strtok_r(NULL, " \t\r\n", &save);
	remove = verb != NULL && strcmp(verb, "vf-remove") == 0;
	ret = remove ? remove_mode(&save, &ms) : 0;
	if ((!remove && (verb == NULL || strcmp(verb, "vf-add") != 0)) ||
	    ret < 0 || strtok_r(NULL, " \t\r\n", &save) != NULL) {
		snprintf(reply, len, "error: commands: vf-remove N|all "
			 "[orderly [MS]], vf-add N|all");
		return;
	}
	ret = vf_range(emu, arg, &first, &last);
	all = ret == 0 && first != last;
	for (i = first; ret == 0 && i <= last; i++) {
		if (!remove)
			ret = vf_add(emu, &emu->funcs[i]);
		else if (ms != 0)
			ret = vf_remove_orderly(emu, &emu->funcs[i], ms);
		else
			ret = vf_remove(emu, &emu->funcs[i]);
		/* all: those already in the state asked for are skipped */
		if (all && (ret == -ENODEV || ret == -EEXIST ||
			    ret == -EALREADY))
			ret = 0;
	}
	if (ret == 0)
		snprintf(reply, len, "ok");
	else
		snprintf(reply, len, "error: %s", strerror(-ret));
}
