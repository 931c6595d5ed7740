/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The card as a whole: EAL, bring-up and tear-down, and the two polls the
 * main loop is made of, shared by the model (main.c) and its benchmark
 * (bench.c), so that the benchmark times exactly what the model runs.
 */

#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>

#include "emu.h"
#include "aq.h"
#include "attach.h"
#include "flow.h"
#include "iommu.h"
#include "mailbox.h"
#include "queue.h"
#include "scheduler.h"
#include "switch.h"
#include "wire.h"

RTE_LOG_REGISTER(emu_logtype, sriovnic.emu, INFO);

#define EMU_POOL_SIZE		2047
#define EMU_POOL_CACHE		64
/* the largest frame, and a tx tag inserted into the headroom */
#define EMU_MBUF_SIZE		(RTE_PKTMBUF_HEADROOM + SRIOVNIC_MAX_FRAME_LIMIT)
#define EMU_EAL_ARGS		12	/* our own */

static void
file_prefix(char *buf, size_t size)
{
	snprintf(buf, size, "sriovnic-emu-%d", (int)getpid());
}

static int
eal_init(const struct emu_opts *o, char *prog)
{
	/* writable, as an argv is; kept, as EAL may point into it */
	static char fixed[][32] = {
		"--no-huge", "-m", "128", "--no-pci", "--no-telemetry", "-l", "0",
	};
	static char log_quiet[][32] = {
		"--log-level=*:notice", "--log-level=sriovnic.emu:info",
	};
	static char log_verbose[][32] = {
		"--log-level=*:info", "--log-level=sriovnic.emu:debug",
	};
	static char prefix[64] = "--file-prefix=", vdev[1024] = "--vdev=";
	char (*log)[32] = o->verbose ? log_verbose : log_quiet;
	size_t prefix_len = strlen(prefix), vdev_len = strlen(vdev);
	unsigned int i;
	char **argv;
	int argc = 0, ret;

	file_prefix(prefix + prefix_len, sizeof(prefix) - prefix_len);
	ret = emu_wire_devargs(o, vdev + vdev_len, sizeof(vdev) - vdev_len);
	if (ret < 0)
		return ret;
	argv = calloc(EMU_EAL_ARGS + o->nb_eal_args + 1, sizeof(*argv));
	if (argv == NULL)
		return -ENOMEM;
	argv[argc++] = prog;
	for (i = 0; i < RTE_DIM(fixed); i++)
		argv[argc++] = fixed[i];
	argv[argc++] = log[0];
	argv[argc++] = log[1];
	argv[argc++] = prefix;
	argv[argc++] = vdev;
	for (i = 0; i < (unsigned int)o->nb_eal_args; i++)
		argv[argc++] = o->eal_args[i];
	ret = rte_eal_init(argc, argv);
	free(argv);
	return ret < 0 ? -rte_errno : 0;
}

static int
remove_entry(const char *path, const struct stat *st, int flag,
	     struct FTW *ftw)
{
	RTE_SET_USED(st);
	RTE_SET_USED(flag);
	RTE_SET_USED(ftw);
	return remove(path) < 0 ? -1 : 0;
}

/* EAL leaves its runtime directory behind; remove it when it is ours */
static void
remove_runtime_dir(void)
{
	const char *dir = rte_eal_get_runtime_dir();
	const char *base = strrchr(dir, '/');
	char prefix[32];

	file_prefix(prefix, sizeof(prefix));
	if (base != NULL && strcmp(base + 1, prefix) == 0)
		nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

int
emu_eal_start(const struct emu_opts *o, char *prog)
{
	int ret;

	/* stdout carries only what the program reports */
	rte_openlog_stream(stderr);
	ret = emu_wire_check(o);
	if (ret < 0)
		return ret;
	ret = eal_init(o, prog);
	if (ret < 0) {
		fprintf(stderr, "%s: cannot initialise EAL: %s\n", prog,
			rte_strerror(-ret));
		remove_runtime_dir();
	}
	return ret;
}

void
emu_eal_stop(void)
{
	rte_eal_cleanup();
	remove_runtime_dir();
}

int
emu_start(struct emu *emu, const struct emu_opts *o)
{
	uint16_t i;
	int ret;

	emu_funcs_setup(emu, o);
	emu_sched_reset(emu);
	emu->pool = rte_pktmbuf_pool_create("emu_pool", EMU_POOL_SIZE,
					    EMU_POOL_CACHE, 0, EMU_MBUF_SIZE,
					    SOCKET_ID_ANY);
	if (emu->pool == NULL) {
		EMU_LOG(ERR, "cannot create the mbuf pool: %s",
			rte_strerror(rte_errno));
		return -rte_errno;
	}
	ret = emu_flow_init(emu);
	if (ret < 0)
		goto out_pool;
	ret = emu_wire_init(emu);
	if (ret < 0)
		goto out_flow;
	ret = emu_sysfs_create(emu);
	if (ret < 0)
		goto out_wire;
	for (i = 0; i < emu->nb_funcs; i++)
		emu_func_power_on(emu, &emu->funcs[i]);
	/* the switch tables of the zeroed BAR */
	emu_switch_reload(emu);
	emu_link_poll(emu, true);
	ret = emu_iommu_guard(emu);
	if (ret == 0)
		ret = emu_attach_init(emu);
	if (ret == 0)
		return 0;

	emu_iommu_unguard();
	emu_sysfs_remove(emu);
out_wire:
	emu_wire_close(emu);
out_flow:
	emu_flow_fini(emu);
out_pool:
	rte_mempool_free(emu->pool);
	return ret;
}

void
emu_stop(struct emu *emu)
{
	emu_attach_close(emu);
	emu_iommu_unguard();
	emu_sysfs_remove(emu);
	emu_wire_close(emu);
	emu_flow_fini(emu);
	rte_pktmbuf_free(emu->spare);
	rte_mempool_free(emu->pool);
}

unsigned int
emu_poll_frames(struct emu *emu)
{
	unsigned int work;

	emu_tx_prefetch(emu);
	work = emu_wire_rx(emu);
	work += emu_tx_poll(emu);
	work += emu_aq_poll(emu);
	emu_wire_flush(emu);
	emu_rx_flush();
	return work;
}

void
emu_poll_config(struct emu *emu, bool link)
{
	uint16_t i;

	/* first: a lost region still holds addresses a MEM_ADD may reuse */
	emu_iommu_poll(emu);
	emu_attach_poll(emu);
	emu_control_poll(emu);
	for (i = 0; i < emu->nb_funcs; i++)
		emu_func_poll(emu, &emu->funcs[i]);
	emu_switch_poll(emu);
	emu_mbx_poll(emu);
	emu_link_poll(emu, link);
}
