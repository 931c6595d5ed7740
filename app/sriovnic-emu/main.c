/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* sriovnic-emu: the device model of the sriovnic SR-IOV NIC. One lcore
 * polls the functions' tx rings and the wire (fast path) and, every
 * millisecond, the attach socket, resets, the PF driver's status, queue
 * enables, the switch configuration, the mailboxes and the link (slow
 * path).
 */

#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>

#include "emu.h"
#include "aq.h"
#include "mailbox.h"
#include "scheduler.h"
#include "wire.h"

#define EMU_EXIT_USAGE		2
#define EMU_SLOW_PERIOD_US	1000
#define EMU_LINK_PERIOD_US	100000
/* idle back-off, so that the model shares the machine's two cores */
#define EMU_SLEEP_MIN_US	10u
#define EMU_SLEEP_MAX_US	1000u
/* A queue that shaping holds back for less than this is polled again
 * without sleeping: a sleep may overshoot by about as much
 */
#define EMU_SPIN_US		20u

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
main_loop(struct emu *emu)
{
	const uint64_t hz = rte_get_timer_hz();
	const uint64_t slow_period = hz * EMU_SLOW_PERIOD_US / US_PER_S;
	const uint64_t link_period = hz * EMU_LINK_PERIOD_US / US_PER_S;
	uint64_t now, wait_us, next_slow = 0, next_link = 0;
	unsigned int work, sleep_us = 0;

	while (!quit) {
		work = emu_poll_frames(emu);
		now = rte_get_timer_cycles();
		if (now >= next_slow) {
			emu_poll_config(emu, now >= next_link);
			next_slow = now + slow_period;
			if (now >= next_link)
				next_link = now + link_period;
		}
		/* a VF waits for the reply to each request */
		if (emu_mbx_active(emu, now))
			work += emu_mbx_poll(emu);
		if (work > 0) {
			sleep_us = 0;
			continue;
		}
		/* a PF driver issuing commands one by one waits for each; a
		 * VF's next request follows its reply
		 */
		if (emu_aq_active(emu, now) || emu_mbx_active(emu, now)) {
			sched_yield();
			continue;
		}
		/* a shaped queue waiting for tokens is not idle: sleep no
		 * longer than it waits
		 */
		wait_us = emu_sched_wait_us(emu);
		if (wait_us < EMU_SPIN_US) {
			sched_yield();
			continue;
		}
		sleep_us = sleep_us == 0 ? EMU_SLEEP_MIN_US :
			RTE_MIN(sleep_us * 2, EMU_SLEEP_MAX_US);
		rte_delay_us_sleep(RTE_MIN((uint64_t)sleep_us, wait_us));
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
	int ret;

	ret = emu_start(emu, o);
	if (ret < 0)
		return ret;
	print_ready(emu);
	main_loop(emu);
	print_stats(emu);
	emu_stop(emu);
	return 0;
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
	/* sleeps end when asked, not up to 50 us later: shaped queues wake
	 * the model for their tokens
	 */
	prctl(PR_SET_TIMERSLACK, 1UL);
	/* stdout carries only the ready line and the counters */
	if (emu_eal_start(&opts, argv[0]) < 0)
		return EXIT_FAILURE;
	ret = run(&emu, &opts);
	emu_eal_stop();
	return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
