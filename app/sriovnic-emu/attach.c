/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The attach seam (sriovnic_attach_proto.h): a SOCK_SEQPACKET socket per
 * function, dma_socket in its directory (sysfs.c binds it). A connection
 * to it attaches that function with HELLO, and no other, and detaches it
 * when it closes. Everything is non-blocking and polled from the slow
 * path.
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "emu.h"
#include "attach.h"
#include "iommu.h"

/* epoll data of function i's endpoint; a connection's is its slot */
#define EMU_LISTENER		RTE_BIT32(31)
#define EMU_CONTROL_LISTENER	RTE_BIT32(30)
#define EMU_CONTROL_CONN	RTE_BIT32(29)
#define EMU_MSGS_PER_POLL	16	/* fairness between connections */

static void
close_fds(const int *fds, unsigned int nb)
{
	unsigned int i;

	for (i = 0; i < nb; i++)
		close(fds[i]);
}

static struct emu_func *
conn_func(struct emu *emu, const struct emu_conn *c)
{
	return &emu->funcs[(c - emu->att.conns) / EMU_CONNS_PER_FUNC];
}

static int
listen_on(struct emu *emu, int fd, uint32_t data, const char *fdir,
	  const char *name)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = data };
	int ret;

	if (listen(fd, SOMAXCONN) == 0 &&
	    epoll_ctl(emu->att.epoll_fd, EPOLL_CTL_ADD, fd, &ev) == 0)
		return 0;
	ret = -errno;
	EMU_LOG(ERR, "cannot listen on %s/%s/%s: %s", emu->opts->dir, fdir,
		name, strerror(-ret));
	return ret;
}

int
emu_attach_listen(struct emu *emu, struct emu_func *f)
{
	return listen_on(emu, f->listen_fd, EMU_LISTENER | f->id, f->name,
			 SRIOVNIC_ATTACH_SOCKET);
}

int
emu_attach_init(struct emu *emu)
{
	struct emu_attach *att = &emu->att;
	unsigned int i;
	int ret;

	for (i = 0; i < EMU_MAX_CONNS; i++)
		att->conns[i].fd = -1;
	att->control_conn = -1;
	att->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (att->epoll_fd < 0) {
		ret = -errno;
		EMU_LOG(ERR, "cannot poll the attach endpoints: %s",
			strerror(-ret));
		return ret;
	}
	ret = listen_on(emu, att->control_fd, EMU_CONTROL_LISTENER, ".",
			EMU_CONTROL_SOCKET);
	for (i = 0; ret == 0 && i < emu->nb_funcs; i++)
		ret = emu_attach_listen(emu, &emu->funcs[i]);
	if (ret < 0)
		emu_attach_close(emu);
	return ret;
}

static void
conn_close(struct emu *emu, struct emu_conn *c)
{
	epoll_ctl(emu->att.epoll_fd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
	if (c->attached)
		emu_func_detach(emu, conn_func(emu, c));
	c->attached = false;
}

/* The endpoints are sysfs entries: emu_sysfs_remove() closes them */
void
emu_attach_close(struct emu *emu)
{
	struct emu_attach *att = &emu->att;
	unsigned int i;

	for (i = 0; i < EMU_MAX_CONNS; i++)
		if (att->conns[i].fd >= 0)
			conn_close(emu, &att->conns[i]);
	if (att->control_conn >= 0)
		close(att->control_conn);
	att->control_conn = -1;
	if (att->epoll_fd >= 0)
		close(att->epoll_fd);
	att->epoll_fd = -1;
}

void
emu_attach_func_close(struct emu *emu, struct emu_func *f)
{
	unsigned int i, first = f->id * EMU_CONNS_PER_FUNC;

	for (i = first; i < first + EMU_CONNS_PER_FUNC; i++)
		if (emu->att.conns[i].fd >= 0)
			conn_close(emu, &emu->att.conns[i]);
}

/* One client at a time: a newer one replaces it */
static void
control_accept(struct emu *emu)
{
	struct emu_attach *att = &emu->att;
	struct epoll_event ev = { .events = EPOLLIN,
				  .data.u32 = EMU_CONTROL_CONN };
	int fd;

	while ((fd = accept4(att->control_fd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		if (att->control_conn >= 0)
			close(att->control_conn);
		att->control_conn = -1;
		if (epoll_ctl(att->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			close(fd);
			continue;
		}
		att->control_conn = fd;
	}
}

/* False when the connection is to be closed */
static bool
control_serve(struct emu *emu)
{
	char cmd[EMU_CONTROL_MAX + 1], reply[EMU_CONTROL_MAX];
	int fd = emu->att.control_conn;
	ssize_t n;

	n = recv(fd, cmd, EMU_CONTROL_MAX, MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR;
	if (n == 0)
		return false;
	cmd[n] = '\0';
	emu_control_exec(emu, cmd, reply, sizeof(reply));
	return send(fd, reply, strlen(reply), MSG_DONTWAIT | MSG_NOSIGNAL) >= 0;
}

static void
accept_all(struct emu *emu, struct emu_func *f)
{
	struct emu_attach *att = &emu->att;
	struct epoll_event ev = { .events = EPOLLIN };
	unsigned int i, first = f->id * EMU_CONNS_PER_FUNC;
	int fd;

	while ((fd = accept4(f->listen_fd, NULL, NULL,
			     SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		for (i = first; i < first + EMU_CONNS_PER_FUNC; i++)
			if (att->conns[i].fd < 0)
				break;
		ev.data.u32 = i;
		if (i == first + EMU_CONNS_PER_FUNC ||
		    epoll_ctl(att->epoll_fd, EPOLL_CTL_ADD, fd, &ev) < 0) {
			EMU_LOG(WARNING, "%s: refusing an attach connection",
				f->name);
			close(fd);
			continue;
		}
		att->conns[i].fd = fd;
		att->conns[i].attached = false;
	}
}

/* Attaches the endpoint's function, which HELLO must name; its interrupt
 * eventfds go back in the reply.
 */
static int
handle_hello(struct emu_conn *c, struct emu_func *f,
	     const struct sriovnic_attach_msg *msg, int *reply_fds)
{
	struct rte_pci_addr addr;
	unsigned int v;
	int ret;

	if (memchr(msg->bdf, '\0', sizeof(msg->bdf)) == NULL)
		return -EINVAL;
	if (rte_pci_addr_parse(msg->bdf, &addr) != 0 ||
	    rte_pci_addr_cmp(&addr, &f->addr) != 0) {
		EMU_LOG(WARNING, "%s: refusing HELLO for %s on its endpoint",
			f->name, msg->bdf);
		return -EACCES;
	}
	if (c->attached || f->attached)
		return -EBUSY;
	for (v = 0; v < SRIOVNIC_NUM_VECS; v++) {
		f->irq[v] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (f->irq[v] < 0) {
			ret = -errno;
			close_fds(f->irq, v);
			for (v = 0; v < SRIOVNIC_NUM_VECS; v++)
				f->irq[v] = -1;
			return ret;
		}
		reply_fds[v] = f->irq[v];
	}
	f->attached = true;
	c->attached = true;
	EMU_LOG(INFO, "%s attached", f->name);
	return SRIOVNIC_NUM_VECS;
}

/* Returns the number of fds to send back, or a negative errno */
static int
handle_msg(struct emu *emu, struct emu_conn *c,
	   const struct sriovnic_attach_msg *msg, const int *fds,
	   unsigned int nb_fds, int *reply_fds)
{
	struct emu_func *f = conn_func(emu, c);
	int ret;

	switch (msg->type) {
	case SRIOVNIC_ATTACH_HELLO:
		return nb_fds == 0 ? handle_hello(c, f, msg, reply_fds) :
			-EINVAL;
	case SRIOVNIC_ATTACH_MEM_ADD:
		if (!c->attached)
			return -EPROTO;
		if (nb_fds != 1)
			return -EINVAL;
		ret = emu_iommu_add(f, msg->iova, msg->len, fds[0],
				    msg->offset);
		break;
	case SRIOVNIC_ATTACH_MEM_DEL:
		if (!c->attached)
			return -EPROTO;
		if (nb_fds != 0)
			return -EINVAL;
		ret = emu_iommu_del(f, msg->iova);
		break;
	default:
		return -EINVAL;
	}
	EMU_LOG(DEBUG, "%s %s iova 0x%" PRIx64 " len 0x%" PRIx64 ": %d",
		f->name, msg->type == SRIOVNIC_ATTACH_MEM_ADD ? "MEM_ADD" :
		"MEM_DEL", msg->iova, msg->len, ret);
	return ret;
}

int
emu_attach_recv(int fd, struct sriovnic_attach_msg *msg, int *fds,
		unsigned int *nb_fds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * EMU_ATTACH_MAX_FDS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = msg, .iov_len = sizeof(*msg) };
	struct msghdr mh = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctl.buf,
		.msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *cm;
	unsigned int n;
	ssize_t len;

	*nb_fds = 0;
	/* a short message is answered with what it held */
	memset(msg, 0, sizeof(*msg));
	len = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	if (len < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	if (len == 0)
		return -ECONNRESET;
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		n = RTE_MIN(n, EMU_ATTACH_MAX_FDS - *nb_fds);
		memcpy(fds + *nb_fds, CMSG_DATA(cm), n * sizeof(int));
		*nb_fds += n;
	}
	if ((size_t)len != sizeof(*msg) ||
	    (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
		close_fds(fds, *nb_fds);
		*nb_fds = 0;
		return -EINVAL;
	}
	return 1;
}

int
emu_attach_send(int fd, struct sriovnic_attach_msg *msg, const int *fds,
		unsigned int nb_fds)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * SRIOVNIC_NUM_VECS)];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { .iov_base = msg, .iov_len = sizeof(*msg) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;

	if (nb_fds > 0) {
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nb_fds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nb_fds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nb_fds);
	}
	if (sendmsg(fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) !=
	    (ssize_t)sizeof(*msg))
		return -errno;
	return 0;
}

/* False when the connection is to be closed */
static bool
conn_serve(struct emu *emu, struct emu_conn *c)
{
	int fds[EMU_ATTACH_MAX_FDS], reply_fds[SRIOVNIC_NUM_VECS];
	struct sriovnic_attach_msg msg;
	unsigned int nb_fds, i;
	int ret;

	for (i = 0; i < EMU_MSGS_PER_POLL; i++) {
		ret = emu_attach_recv(c->fd, &msg, fds, &nb_fds);
		if (ret == 0)
			return true;
		if (ret < 0 && ret != -EINVAL)
			return false;
		if (ret > 0) {
			ret = handle_msg(emu, c, &msg, fds, nb_fds, reply_fds);
			/* mappings hold their own references */
			close_fds(fds, nb_fds);
		}
		msg.result = RTE_MIN(ret, 0);
		if (emu_attach_send(c->fd, &msg, reply_fds, RTE_MAX(ret, 0)) < 0)
			return false;
	}
	return true;
}

void
emu_attach_poll(struct emu *emu)
{
	struct emu_attach *att = &emu->att;
	struct epoll_event ev[16];
	struct emu_conn *c;
	int n, i;

	n = epoll_wait(att->epoll_fd, ev, RTE_DIM(ev), 0);
	for (i = 0; i < n; i++) {
		if (ev[i].data.u32 == EMU_CONTROL_LISTENER) {
			control_accept(emu);
			continue;
		}
		if (ev[i].data.u32 == EMU_CONTROL_CONN) {
			if (att->control_conn >= 0 && !control_serve(emu)) {
				close(att->control_conn);
				att->control_conn = -1;
			}
			continue;
		}
		if (ev[i].data.u32 & EMU_LISTENER) {
			accept_all(emu, &emu->funcs[ev[i].data.u32 &
						     ~EMU_LISTENER]);
			continue;
		}
		c = &att->conns[ev[i].data.u32];
		if (c->fd < 0)
			continue;
		/* pending messages first: a closing driver may have sent some */
		if (!conn_serve(emu, c) ||
		    (ev[i].events & (EPOLLHUP | EPOLLERR)))
			conn_close(emu, c);
	}
}
