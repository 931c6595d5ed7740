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
#include <stddef.h>

#include "sriovnic_attach_proto.h"
#include "sriovnic_regs.h"

struct emu;
struct emu_func;

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

/* The card's control endpoint, DIR/control: text commands, one per
 * message, each answered (control.c)
 */
#define EMU_CONTROL_SOCKET	"control"
#define EMU_CONTROL_MAX		128	/* bytes of a command or reply */

struct emu_attach {
	int epoll_fd;
	struct emu_conn conns[EMU_MAX_CONNS];
	int control_fd;		/* listening */
	int control_conn;	/* one client at a time, -1 when none */
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

/* A VF's entries, its BAR and endpoint gone (a private zeroed BAR in
 * their place), or made again as at power-on: 0 or a negative errno
 */
int emu_sysfs_func_remove(struct emu *emu, struct emu_func *f);
int emu_sysfs_func_add(struct emu *emu, struct emu_func *f);

/* attach.c */
int emu_attach_init(struct emu *emu);
/* Listens on f's endpoint again, after emu_sysfs_func_add() */
int emu_attach_listen(struct emu *emu, struct emu_func *f);
/* Ends every connection of f, its driver detached (datasheet 3.4) */
void emu_attach_func_close(struct emu *emu, struct emu_func *f);
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

/* control.c: runs one command of the control endpoint, its answer in
 * reply ("ok" or "error: ...")
 */
void emu_control_exec(struct emu *emu, char *cmd, char *reply, size_t len);
/* Orderly removals whose driver detached or whose time is up, done */
void emu_control_poll(struct emu *emu);

#endif /* EMU_ATTACH_H */
