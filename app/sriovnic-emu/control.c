/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Commands of the control endpoint (datasheet A.6): VFs pulled out under
 * their drivers and put back, as a hypervisor's hot-unplug or a write of
 * sriov_numvfs does.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"
#include "attach.h"

/* Surprise removal (datasheet 3.7): the attach connection ends, which
 * resets the VF and counts in SW_VFLR, so that the PF driver forgets it
 * as a VF that died; then its directory goes.
 */
static int
vf_remove(struct emu *emu, struct emu_func *f)
{
	int ret;

	if (f->listen_fd < 0)
		return -ENODEV;
	if (f->attached)
		emu_attach_func_close(emu, f);
	else
		emu_func_reset(emu, f);
	ret = emu_sysfs_func_remove(emu, f);
	if (ret == 0)
		EMU_LOG(INFO, "%s removed", f->name);
	return ret;
}

/* Back as at power-on: new BAR, new endpoint, the PF's state shown */
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
	EMU_LOG(INFO, "%s added", f->name);
	return 0;
}

/* "N" or "all": the VF range [*first, *last] */
static int
vf_range(const struct emu *emu, const char *arg, uint16_t *first,
	 uint16_t *last)
{
	unsigned int nb_vfs = emu->nb_funcs - SRIOVNIC_FUNC_VF(0);
	unsigned long n;
	char *end;

	if (arg == NULL)
		return -EINVAL;
	if (strcmp(arg, "all") == 0) {
		if (nb_vfs == 0)
			return -ENODEV;
		*first = SRIOVNIC_FUNC_VF(0);
		*last = emu->nb_funcs - 1;
		return 0;
	}
	errno = 0;
	n = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-')
		return -EINVAL;
	if (n >= nb_vfs)
		return -ENODEV;
	*first = *last = SRIOVNIC_FUNC_VF(n);
	return 0;
}

void
emu_control_exec(struct emu *emu, char *cmd, char *reply, size_t len)
{
	int (*op)(struct emu *emu, struct emu_func *f);
	char *save, *verb, *arg;
	uint16_t i, first, last;
	bool all;
	int ret;

	verb = strtok_r(cmd, " \t\r\n", &save);
	arg = strtok_r(NULL, " \t\r\n", &save);
	if (verb != NULL && strcmp(verb, "vf-remove") == 0)
		op = vf_remove;
	else if (verb != NULL && strcmp(verb, "vf-add") == 0)
		op = vf_add;
	else
		op = NULL;
	if (op == NULL || strtok_r(NULL, " \t\r\n", &save) != NULL) {
		snprintf(reply, len, "error: commands: vf-remove N|all, "
			 "vf-add N|all");
		return;
	}
	ret = vf_range(emu, arg, &first, &last);
	all = ret == 0 && first != last;
	for (i = first; ret == 0 && i <= last; i++) {
		ret = op(emu, &emu->funcs[i]);
		/* all: those already in the state asked for are skipped */
		if (all && (ret == -ENODEV || ret == -EEXIST))
			ret = 0;
	}
	if (ret == 0)
		snprintf(reply, len, "ok");
	else
		snprintf(reply, len, "error: %s", strerror(-ret));
}
