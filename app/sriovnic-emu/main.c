/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* sriovnic-emu: the device model of the sriovnic SR-IOV NIC. One lcore
 * polls the functions' tx rings and the wire (fast path) and, every
 * millisecond, the attach socket, resets, the PF driver's status, queue
 * enables, the switch configuration, the mailboxes and the link (slow
 * path).
 */

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>

#include "emu.h"

RTE_LOG_REGISTER(emu_logtype, sriovnic.emu, INFO);

#define EMU_EXIT_USAGE		2
#define EMU_POOL_SIZE		2047
#define EMU_POOL_CACHE		64
/* the largest frame, and a tx tag inserted into the headroom */
#define EMU_MBUF_SIZE		(RTE_PKTMBUF_HEADROOM + SRIOVNIC_MAX_FRAME_LIMIT)
#define EMU_SLOW_PERIOD_US	1000
#define EMU_LINK_PERIOD_US	100000
/* idle back-off, so that the model shares the machine's two cores */
#define EMU_SLEEP_MIN_US	10u
#define EMU_SLEEP_MAX_US	1000u
#define EMU_EAL_ARGS		12	/* our own */

static volatile sig_atomic_t quit;

static void
on_signal(int sig)
{
	RTE_SET_USED(sig);
	quit = 1;
}

static void
setup_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* a driver closing its socket must not kill the model */
	signal(SIGPIPE, SIG_IGN);
}

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
		"--no-huge", "-m", "64", "--no-pci", "--no-telemetry", "-l", "0",
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

static void
slow_path(struct emu *emu, bool link)
{
	uint16_t i;

	emu_attach_poll(emu);
	for (i = 0; i < emu->nb_funcs; i++)
		emu_func_poll(emu, &emu->funcs[i]);
	emu_switch_poll(emu);
	emu_mbx_poll(emu);
	if (link)
		emu_link_poll(emu);
}

static void
main_loop(struct emu *emu)
{
	const uint64_t hz = rte_get_timer_hz();
	const uint64_t slow_period = hz * EMU_SLOW_PERIOD_US / US_PER_S;
	const uint64_t link_period = hz * EMU_LINK_PERIOD_US / US_PER_S;
	uint64_t now, next_slow = 0, next_link = 0;
	unsigned int work, sleep_us = 0;
	uint16_t i;

	while (!quit) {
		work = emu_wire_rx(emu);
		for (i = 0; i < emu->nb_funcs; i++)
			work += emu_tx_poll(emu, &emu->funcs[i]);
		emu_wire_flush(emu);

		now = rte_get_timer_cycles();
		if (now >= next_slow) {
			slow_path(emu, now >= next_link);
			next_slow = now + slow_period;
			if (now >= next_link)
				next_link = now + link_period;
		}
		if (work > 0) {
			sleep_us = 0;
			continue;
		}
		sleep_us = sleep_us == 0 ? EMU_SLEEP_MIN_US :
			RTE_MIN(sleep_us * 2, EMU_SLEEP_MAX_US);
		rte_delay_us_sleep(sleep_us);
	}
}

static void
print_ready(const struct emu *emu)
{
	uint16_t i;

	printf("sriovnic-emu: ready pf=%s vfs=",
	       emu->funcs[SRIOVNIC_FUNC_PF].name);
	for (i = SRIOVNIC_FUNC_VF(0); i < emu->nb_funcs; i++)
		printf("%s%s", i > SRIOVNIC_FUNC_VF(0) ? "," : "",
		       emu->funcs[i].name);
	printf(" wire=%s dir=%s\n", emu->opts->wire, emu->opts->dir);
	fflush(stdout);
}

static void
print_stats(const struct emu *emu)
{
	const struct emu_wire *w = &emu->wire;
	uint16_t i;

	for (i = 0; i < emu->nb_funcs; i++)
		emu_func_print_stats(&emu->funcs[i], stdout);
	/* tx_pkts counts what was queued, dropped frames included */
	printf("sriovnic-emu: stats wire rx_pkts=%" PRIu64 " rx_errors=%" PRIu64
	       " tx_pkts=%" PRIu64 " tx_drops=%" PRIu64 "\n", w->rx_pkts,
	       w->rx_errors, w->tx_pkts - w->tx_drops, w->tx_drops);
	fflush(stdout);
}

static int
run(struct emu *emu, const struct emu_opts *o)
{
	uint16_t i;
	int ret;

	emu_funcs_setup(emu, o);
	emu->pool = rte_pktmbuf_pool_create("emu_pool", EMU_POOL_SIZE,
					    EMU_POOL_CACHE, 0, EMU_MBUF_SIZE,
					    SOCKET_ID_ANY);
	if (emu->pool == NULL) {
		EMU_LOG(ERR, "cannot create the mbuf pool: %s",
			rte_strerror(rte_errno));
		return -rte_errno;
	}
	ret = emu_wire_init(emu);
	if (ret < 0)
		goto out_pool;
	ret = emu_switch_init(emu);
	if (ret < 0)
		goto out_wire;
	ret = emu_sysfs_create(emu);
	if (ret < 0)
		goto out_switch;
	for (i = 0; i < emu->nb_funcs; i++)
		emu_func_power_on(emu, &emu->funcs[i]);
	emu_link_poll(emu);
	ret = emu_attach_init(emu);
	if (ret < 0)
		goto out_sysfs;

	print_ready(emu);
	main_loop(emu);
	print_stats(emu);

	emu_attach_close(emu);
out_sysfs:
	emu_sysfs_remove(emu);
out_switch:
	emu_switch_free(emu);
out_wire:
	emu_wire_close(emu);
out_pool:
	rte_mempool_free(emu->pool);
	return ret;
}

int
main(int argc, char **argv)
{
	static struct emu_opts opts;
	static struct emu emu;
	int ret;

	ret = emu_opts_parse(argc, argv, &opts);
	if (ret != 0)
		return ret > 0 ? EXIT_SUCCESS : EMU_EXIT_USAGE;
	setup_signals();
	/* stdout carries only the ready line and the counters */
	rte_openlog_stream(stderr);
	if (emu_wire_check(&opts) < 0)
		return EXIT_FAILURE;

	ret = eal_init(&opts, argv[0]);
	if (ret < 0) {
		fprintf(stderr, "%s: cannot initialise EAL: %s\n", argv[0],
			rte_strerror(-ret));
		remove_runtime_dir();
		return EXIT_FAILURE;
	}
	ret = run(&emu, &opts);
	rte_eal_cleanup();
	remove_runtime_dir();
	return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
