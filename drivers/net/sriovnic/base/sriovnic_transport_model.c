/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * The device model's transport (datasheet Appendix A): BAR0 is the
 * function's sysfs resource0 file, shared with the model; over the
 * function's dma_socket the driver takes its interrupt eventfds and hands
 * it the DMA memory (the model's IOMMU table). Same mechanism as
 * virtio-user -> vhost-user: memseg fds with SCM_RIGHTS.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <bus_pci_driver.h>
#include <rte_eal_memconfig.h>
#include <rte_errno.h>
#include <rte_memory.h>
#include <rte_string_fns.h>

#include "sriovnic_attach_proto.h"
#include "sriovnic_hw.h"

#define SRIOVNIC_ATTACH_TIMEOUT_S	2

/* A function's connection to the model (hw->tp_priv), process-local as
 * the socket is
 */
struct model_conn {
	int fd;			/* the function's dma_socket */
	pthread_mutex_t lock;	/* fd is also used by memory hotplug callbacks */
};

static struct model_conn *
conn_of(const struct sriovnic_hw *hw)
{
	return hw->tp_priv;
}

static int
attach_xfer(struct sriovnic_hw *hw, struct sriovnic_attach_msg *msg,
	    int send_fd, int *recv_fds, unsigned int nb_recv)
{
	char cbuf[CMSG_SPACE(sizeof(int) * SRIOVNIC_NUM_VECS)];
	struct iovec iov = { .iov_base = msg, .iov_len = sizeof(*msg) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;
	unsigned int nfd;
	ssize_t n;

	memset(cbuf, 0, sizeof(cbuf));
	if (send_fd >= 0) {
		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int));
		cmsg = CMSG_FIRSTHDR(&mh);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &send_fd, sizeof(int));
	}
	if (sendmsg(conn_of(hw)->fd, &mh, MSG_NOSIGNAL) != (ssize_t)sizeof(*msg))
		return -errno ? -errno : -EIO;

	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	n = recvmsg(conn_of(hw)->fd, &mh, MSG_CMSG_CLOEXEC);
	if (n != (ssize_t)sizeof(*msg))
		return n < 0 ? -errno : -EPROTO;
	for (cmsg = CMSG_FIRSTHDR(&mh); cmsg != NULL;
	     cmsg = CMSG_NXTHDR(&mh, cmsg)) {
		if (cmsg->cmsg_level != SOL_SOCKET ||
		    cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		nfd = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (nfd > nb_recv) {
			/* never leak what we did not ask for */
			int extra[SRIOVNIC_NUM_VECS];
			unsigned int i;

			memcpy(extra, CMSG_DATA(cmsg),
			       RTE_MIN(nfd, (unsigned int)SRIOVNIC_NUM_VECS) *
			       sizeof(int));
			for (i = 0; i < RTE_MIN(nfd, (unsigned int)SRIOVNIC_NUM_VECS); i++)
				close(extra[i]);
			return -EPROTO;
		}
		memcpy(recv_fds, CMSG_DATA(cmsg), nfd * sizeof(int));
	}
	return msg->result;
}

struct mem_run {
	struct sriovnic_hw *hw;
	uint64_t iova;
	uint64_t len;
	size_t offset;
	int fd;
	int ret;
};

static int
mem_run_flush(struct mem_run *run)
{
	struct sriovnic_attach_msg msg = {
		.type = SRIOVNIC_ATTACH_MEM_ADD,
		.iova = run->iova,
		.len = run->len,
		.offset = run->offset,
	};

	if (run->len == 0)
		return 0;
	run->len = 0;
	return attach_xfer(run->hw, &msg, run->fd, NULL, 0);
}

/* Coalesce segments that are contiguous in one fd: with --no-huge all of
 * DPDK's memory is one memfd made of thousands of 4K segments.
 */
static int
mem_add_seg(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
	    void *arg)
{
	struct mem_run *run = arg;
	size_t offset;
	int fd, ret;

	if (msl->external)
		return 0;
	if (ms->iova == RTE_BAD_IOVA) {
		PMD_INIT_LOG(ERR, "%s: memory has no IOVA; run with --iova-mode=va",
			     run->hw->name);
		run->ret = -EINVAL;
		return -1;
	}
	fd = rte_memseg_get_fd_thread_unsafe(ms);
	if (fd < 0 || rte_memseg_get_fd_offset_thread_unsafe(ms, &offset) < 0) {
		PMD_INIT_LOG(ERR, "%s: DPDK memory is not shareable (no fd): %s",
			     run->hw->name, rte_strerror(rte_errno));
		run->ret = -ENOTSUP;
		return -1;
	}
	if (run->len != 0 && fd == run->fd &&
	    offset == run->offset + run->len &&
	    ms->iova == run->iova + run->len) {
		run->len += ms->len;
		return 0;
	}
	ret = mem_run_flush(run);
	if (ret != 0) {
		run->ret = ret;
		return -1;
	}
	run->iova = ms->iova;
	run->len = ms->len;
	run->offset = offset;
	run->fd = fd;
	return 0;
}

static int
mem_add_range(struct sriovnic_hw *hw, const void *addr, size_t len)
{
	struct mem_run run = { .hw = hw };
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(addr);
	const uint8_t *va;

	if (msl == NULL)
		return -EINVAL;
	/* one region per page, so that a page freed later is one MEM_DEL */
	for (va = addr; va < (const uint8_t *)addr + len; va += msl->page_sz) {
		if (mem_add_seg(msl, rte_mem_virt2memseg(va, msl), &run) != 0)
			return run.ret;
		run.ret = mem_run_flush(&run);
		if (run.ret != 0)
			return run.ret;
	}
	return 0;
}

static void
mem_event_cb(enum rte_mem_event type, const void *addr, size_t len, void *arg)
{
	struct sriovnic_hw *hw = arg;
	struct model_conn *conn = conn_of(hw);
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(addr);
	const uint8_t *va;
	int ret = 0;

	if (msl == NULL)
		return;
	pthread_mutex_lock(&conn->lock);
	if (type == RTE_MEM_EVENT_ALLOC) {
		ret = mem_add_range(hw, addr, len);
	} else {
		for (va = addr; va < (const uint8_t *)addr + len && ret == 0;
		     va += msl->page_sz) {
			struct sriovnic_attach_msg msg = {
				.type = SRIOVNIC_ATTACH_MEM_DEL,
				.iova = rte_mem_virt2memseg(va, msl)->iova,
				.len = msl->page_sz,
			};

			ret = attach_xfer(hw, &msg, -1, NULL, 0);
		}
	}
	pthread_mutex_unlock(&conn->lock);
	if (ret != 0)
		PMD_DRV_LOG(ERR, "%s: cannot update DMA memory of the device: %s",
			    hw->name, strerror(-ret));
}

/* Also after a failed open: the state goes with the connection. Memory
 * callbacks are done once unregistered; the removal watch is stopped
 * before the function is detached.
 */
static void
model_close(struct sriovnic_hw *hw)
{
	struct model_conn *conn = conn_of(hw);
	int i;

	if (conn == NULL)
		return;
	rte_mem_event_callback_unregister(hw->name, hw);
	if (conn->fd >= 0)
		close(conn->fd);
	pthread_mutex_destroy(&conn->lock);
	free(conn);
	hw->tp_priv = NULL;
	for (i = 0; i < SRIOVNIC_NUM_VECS; i++) {
		if (hw->vec_fd[i] >= 0)
			close(hw->vec_fd[i]);
		hw->vec_fd[i] = -1;
	}
}

/* HELLO over the function's socket: the interrupt vectors come back */
static int
model_open(struct sriovnic_hw *hw, const char *dir)
{
	struct sriovnic_attach_msg msg = { .type = SRIOVNIC_ATTACH_HELLO };
	struct timeval tv = { .tv_sec = SRIOVNIC_ATTACH_TIMEOUT_S };
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct model_conn *conn;
	int ret;

	if ((size_t)snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/%s", dir,
			     SRIOVNIC_ATTACH_SOCKET) >= sizeof(sun.sun_path)) {
		PMD_INIT_LOG(ERR, "%s: device path too long: %s", hw->name, dir);
		return -ENAMETOOLONG;
	}
	conn = calloc(1, sizeof(*conn));
	if (conn == NULL)
		return -ENOMEM;
	pthread_mutex_init(&conn->lock, NULL);
	hw->tp_priv = conn;
	conn->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (conn->fd < 0) {
		ret = -errno;
		goto fail;
	}
	setsockopt(conn->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(conn->fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		ret = -errno;
		PMD_INIT_LOG(ERR, "%s: device not reachable at %s: %s", hw->name,
			     sun.sun_path, strerror(errno));
		goto fail;
	}
	rte_strscpy(msg.bdf, hw->name, sizeof(msg.bdf));
	ret = attach_xfer(hw, &msg, -1, hw->vec_fd, SRIOVNIC_NUM_VECS);
	if (ret != 0) {
		PMD_INIT_LOG(ERR, "%s: device refused attach: %s", hw->name,
			     strerror(-ret));
		goto fail;
	}
	return 0;
fail:
	model_close(hw);
	return ret;
}

/* The function's resource0 at addr (NULL: anywhere) */
static void *
model_bar_map(const struct sriovnic_hw *hw, void *addr, int flags)
{
	char path[PATH_MAX];
	void *bar;
	int fd;

	snprintf(path, sizeof(path), "%s/%s/resource0",
		 rte_pci_get_sysfs_path(), hw->name);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		PMD_INIT_LOG(ERR, "%s: cannot open %s: %s", hw->name, path,
			     strerror(errno));
		return NULL;
	}
	bar = mmap(addr, SRIOVNIC_BAR0_SIZE, PROT_READ | PROT_WRITE,
		   MAP_SHARED | flags, fd, 0);
	close(fd);
	if (bar == MAP_FAILED) {
		PMD_INIT_LOG(ERR, "%s: cannot map %s%s: %s", hw->name, path,
			     addr != NULL ? " where the primary process has it" : "",
			     strerror(errno));
		return NULL;
	}
	return bar;
}

static int
model_map(struct sriovnic_hw *hw, struct rte_pci_device *pci)
{
	char dir[PATH_MAX];

	hw->bar = model_bar_map(hw, NULL, 0);
	if (hw->bar == NULL)
		return -EIO;
	hw->bar_len = SRIOVNIC_BAR0_SIZE;
	snprintf(dir, sizeof(dir), "%s/%s", rte_pci_get_sysfs_path(),
		 hw->name);
	return model_open(hw, dir);
}

/* No HELLO: the attach socket is the primary's, and so is the memory the
 * device reaches (a secondary's is the primary's hugepages)
 */
static int
model_map_secondary(const struct sriovnic_hw *hw, struct rte_pci_device *pci)
{
	void *bar = model_bar_map(hw, hw->bar, MAP_FIXED_NOREPLACE);

	if (bar == NULL)
		return -EIO;
	if (bar != hw->bar) {
		/* a kernel without MAP_FIXED_NOREPLACE takes it as a hint */
		PMD_INIT_LOG(ERR, "%s: BAR0 at %p in this process, %p in the primary",
			     hw->name, bar, hw->bar);
		munmap(bar, SRIOVNIC_BAR0_SIZE);
		return -EIO;
	}
	return 0;
}

static void
model_unmap_secondary(const struct sriovnic_hw *hw)
{
	munmap(hw->bar, hw->bar_len);
}

static int
model_dma_register(struct sriovnic_hw *hw)
{
	struct mem_run run = { .hw = hw };
	int ret;

	rte_mcfg_mem_read_lock();
	ret = rte_memseg_walk_thread_unsafe(mem_add_seg, &run);
	ret = ret < 0 ? run.ret : mem_run_flush(&run);
	/* legacy memory (--no-huge, --legacy-mem) never changes: no events */
	if (ret == 0 && rte_mem_event_callback_register(hw->name, mem_event_cb,
							hw) != 0 &&
	    rte_errno != ENOTSUP)
		ret = -rte_errno;
	rte_mcfg_mem_read_unlock();
	if (ret != 0)
		PMD_INIT_LOG(ERR, "%s: cannot share DMA memory with the device: %s",
			     hw->name, strerror(-ret));
	return ret;
}

static void
model_unmap(struct sriovnic_hw *hw)
{
	model_close(hw);
	if (hw->bar != NULL)
		munmap(hw->bar, hw->bar_len);
}

static int
model_removal_fd(const struct sriovnic_hw *hw)
{
	return conn_of(hw)->fd;
}

/* The model says nothing unasked: the connection is readable between
 * requests only when the model has gone (end of file, error) or when a
 * reply came after its request had timed out, which is dropped here.
 */
static bool
model_gone(struct sriovnic_hw *hw)
{
	struct model_conn *conn = conn_of(hw);
	struct sriovnic_attach_msg msg;
	ssize_t n;

	pthread_mutex_lock(&conn->lock);
	n = recv(conn->fd, &msg, sizeof(msg), MSG_DONTWAIT);
	pthread_mutex_unlock(&conn->lock);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR);
}

/* Tried after silicon: a function not bound to VFIO or UIO is the model's,
 * whose sysfs directory holds resource0 and the attach socket
 */
static bool
model_probe(const struct rte_pci_device *pci)
{
	return true;
}

const struct sriovnic_transport sriovnic_transport_model = {
	.name = "model",
	.probe = model_probe,
	.map = model_map,
	.dma_register = model_dma_register,
	.unmap = model_unmap,
	.removal_fd = model_removal_fd,
	.gone = model_gone,
	.map_secondary = model_map_secondary,
	.unmap_secondary = model_unmap_secondary,
};
