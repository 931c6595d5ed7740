/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_ATTACH_H
#define EMU_ATTACH_H

/* How drivers reach the card: the sysfs-shaped tree that DPDK's PCI bus
 * scans (sysfs.c) and each function's attach endpoint, over which its
 * driver registers DMA memory and takes its interrupts (attach.c).
 */

#include <stdbool.h>

#include "sriovnic_attach_proto.h"
#include "sriovnic_regs.h"

struct emu;

/* A connection to a function's endpoint: slot i of conns[] serves
 * function i / EMU_CONNS_PER_FUNC
 */
struct emu_conn {
	int fd;			/* -1 when the slot is free */
	bool attached;		/* its HELLO attached the function */
};

/* Per function: its driver's, and one more for a driver that starts
 * before the model has seen its predecessor's close. Per function, so
 * that connections to one endpoint can never use up another's.
 */
#define EMU_CONNS_PER_FUNC	2
#define EMU_ATTACH_MAX_FDS	4	/* received: more than any message has */
#define EMU_MAX_CONNS		(EMU_CONNS_PER_FUNC * SRIOVNIC_MAX_FUNCS)

struct emu_attach {
	int epoll_fd;
	struct emu_conn conns[EMU_MAX_CONNS];
};

/* What the model created under DIR, undone in reverse order */
struct emu_sysfs_entry {
	char rel[48];		/* path relative to DIR */
	bool dir;
};

struct emu_sysfs {
	const char *dir;
	int dir_fd;
	bool made_dir;		/* DIR itself did not exist before */
	unsigned int nb;
	struct emu_sysfs_entry *entries;
};

/* sysfs.c */
int emu_sysfs_create(struct emu *emu);
void emu_sysfs_remove(struct emu *emu);

/* attach.c */
int emu_attach_init(struct emu *emu);
void emu_attach_poll(struct emu *emu);
void emu_attach_close(struct emu *emu);
/* One attach message and its fds (at most SRIOVNIC_NUM_VECS), sent
 * without waiting: 0 or a negative errno
 */
int emu_attach_send(int fd, struct sriovnic_attach_msg *msg, const int *fds,
		    unsigned int nb_fds);
/* One attach message and its fds, without waiting: 1, 0 when
 * there is none, -EINVAL for a malformed one (its fds closed), another
 * negative errno when the connection is over
 */
int emu_attach_recv(int fd, struct sriovnic_attach_msg *msg, int *fds,
		    unsigned int *nb_fds);

#endif /* EMU_ATTACH_H */
