/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * VF policy records for secondary processes (the sriovnic-vf-policy tool):
 * the primary's PF driver answers RTE_PMD_SRIOVNIC_MP_VF_POLICY requests,
 * records passing in memfds as rte_mp params hold 256 bytes only. A
 * secondary is another program: everything it sends is checked.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memfd_create() */
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_string_fns.h>

#include "sriovnic_ethdev.h"
#include "rte_pmd_sriovnic.h"

_Static_assert(sizeof(struct rte_pmd_sriovnic_mp_req) <= RTE_MP_MAX_PARAM_LEN &&
	       sizeof(struct rte_pmd_sriovnic_mp_rsp) <= RTE_MP_MAX_PARAM_LEN,
	       "policy requests fit rte_mp params");
_Static_assert(sizeof(((struct rte_pmd_sriovnic_mp_rsp *)0)->why) >=
	       SRIOVNIC_VF_POLICY_WHY_LEN, "room for the driver's reason");

/* The PF ports a request may use, by port id. A request runs in EAL's
 * multi-process thread, beside the application's: it holds mp_lock
 * throughout, and a PF port leaves (sriovnic_mp_pf_leave) under it before
 * a close or reset takes it apart.
 */
static pthread_mutex_t mp_lock = PTHREAD_MUTEX_INITIALIZER;
static void *mp_pfs[RTE_MAX_ETHPORTS];

void
sriovnic_mp_pf_join(struct rte_eth_dev *dev)
{
	pthread_mutex_lock(&mp_lock);
	mp_pfs[dev->data->port_id] = dev->data->dev_private;
	pthread_mutex_unlock(&mp_lock);
}

void
sriovnic_mp_pf_leave(struct rte_eth_dev *dev)
{
	pthread_mutex_lock(&mp_lock);
	if (mp_pfs[dev->data->port_id] == dev->data->dev_private)
		mp_pfs[dev->data->port_id] = NULL;
	pthread_mutex_unlock(&mp_lock);
}

/* The sriovnic PF port named by a port id or an ethdev name; with
 * mp_lock held
 */
static int
mp_port(const char *name, uint16_t *port, char *why, size_t len)
{
	char *end;
	unsigned long n = strtoul(name, &end, 10);

	if (name[0] >= '0' && name[0] <= '9' && *end == '\0' &&
	    n < RTE_MAX_ETHPORTS)
		*port = n;
	else if (rte_eth_dev_get_port_by_name(name, port) != 0)
		*port = RTE_MAX_ETHPORTS;
	/* the pointers compared, not followed: a port released meanwhile
	 * has its data zeroed, not freed
	 */
	if (*port >= RTE_MAX_ETHPORTS || mp_pfs[*port] == NULL ||
	    mp_pfs[*port] != rte_eth_devices[*port].data->dev_private) {
		snprintf(why, len, "'%s' is not a sriovnic PF port of this process (or it is being reset or closed)",
			 name);
		return -ENODEV;
	}
	return 0;
}

/* The record in a regular file of exactly its size */
static int
mp_read_record(int fd, struct rte_pmd_sriovnic_vf_policy *p, char *why,
	       size_t len)
{
	struct stat st;

	/* memory only (a memfd takes seals), so that the read cannot block
	 * this thread as a file on a network or FUSE mount could
	 */
	if (fcntl(fd, F_GET_SEALS) < 0 || fstat(fd, &st) != 0 ||
	    !S_ISREG(st.st_mode) || st.st_size != sizeof(*p) ||
	    pread(fd, p, sizeof(*p), 0) != sizeof(*p)) {
		snprintf(why, len, "the record is not a memfd of %zu bytes",
			 sizeof(*p));
		return -EINVAL;
	}
	return 0;
}

static int
mp_write_record(const struct rte_pmd_sriovnic_vf_policy *p, char *why,
		size_t len)
{
	int fd = memfd_create("sriovnic_vf_policy", MFD_CLOEXEC);

	if (fd < 0 || pwrite(fd, p, sizeof(*p), 0) != sizeof(*p)) {
		snprintf(why, len, "no memfd for the record: %s",
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
	return fd;
}

static int
mp_handle(const struct rte_mp_msg *msg, struct rte_mp_msg *reply)
{
	struct rte_pmd_sriovnic_mp_rsp *rsp = (void *)reply->param;
	struct rte_pmd_sriovnic_mp_req req;
	struct rte_pmd_sriovnic_vf_policy *p;
	uint16_t port;
	int ret;

	if (msg->len_param != sizeof(req)) {
		snprintf(rsp->why, sizeof(rsp->why),
			 "malformed request of %d bytes", msg->len_param);
		return -EINVAL;
	}
	memcpy(&req, msg->param, sizeof(req));
	if (msg->num_fds != (req.op == RTE_PMD_SRIOVNIC_MP_APPLY)) {
		snprintf(rsp->why, sizeof(rsp->why),
			 "malformed request with %d fds", msg->num_fds);
		return -EINVAL;
	}
	if (memchr(req.pf, '\0', sizeof(req.pf)) == NULL) {
		snprintf(rsp->why, sizeof(rsp->why), "PF name not terminated");
		return -EINVAL;
	}
	p = malloc(sizeof(*p));
	if (p == NULL)
		return -ENOMEM;
	pthread_mutex_lock(&mp_lock);
	ret = mp_port(req.pf, &port, rsp->why, sizeof(rsp->why));
	if (ret != 0)
		goto out;
	if (req.op == RTE_PMD_SRIOVNIC_MP_EXPORT) {
		ret = sriovnic_vf_policy_get(port, req.vf, p);
		if (ret == 0) {
			ret = mp_write_record(p, rsp->why, sizeof(rsp->why));
			if (ret >= 0) {
				reply->fds[0] = ret;
				reply->num_fds = 1;
				ret = 0;
			}
		}
	} else if (req.op == RTE_PMD_SRIOVNIC_MP_APPLY) {
		ret = mp_read_record(msg->fds[0], p, rsp->why,
				     sizeof(rsp->why));
		if (ret == 0)
			ret = sriovnic_vf_policy_set(port, req.vf, p, rsp->why,
						     sizeof(rsp->why));
	} else {
		snprintf(rsp->why, sizeof(rsp->why), "unknown request %u",
			 req.op);
		ret = -EINVAL;
	}
out:
	pthread_mutex_unlock(&mp_lock);
	free(p);
	return ret;
}

/* Runs in EAL's multi-process thread */
static int
mp_action(const struct rte_mp_msg *msg, const void *peer)
{
	struct rte_mp_msg reply;
	struct rte_pmd_sriovnic_mp_rsp *rsp = (void *)reply.param;
	int i;

	memset(&reply, 0, sizeof(reply));
	rte_strlcpy(reply.name, msg->name, sizeof(reply.name));
	reply.len_param = sizeof(*rsp);
	rsp->ret = mp_handle(msg, &reply);
	if (rsp->ret != 0 && rsp->why[0] == '\0')
		rte_strlcpy(rsp->why, strerror(-rsp->ret), sizeof(rsp->why));
	for (i = 0; i < msg->num_fds && i < RTE_MP_MAX_FD_NUM; i++)
		close(msg->fds[i]);
	if (rte_mp_reply(&reply, peer) != 0)
		PMD_DRV_LOG(ERR, "VF policy request: no reply sent: %s",
			    rte_strerror(rte_errno));
	if (reply.num_fds != 0)
		close(reply.fds[0]);
	return 0;
}

void
sriovnic_mp_init(void)
{
	/* one action for every PF of the process, the request names its PF;
	 * without multi-process support (--in-memory) there is no secondary
	 */
	if (rte_mp_action_register(RTE_PMD_SRIOVNIC_MP_VF_POLICY,
				   mp_action) != 0 &&
	    rte_errno != EEXIST && rte_errno != ENOTSUP)
		PMD_INIT_LOG(ERR, "VF policy requests of secondary processes not answered: %s",
			     rte_strerror(rte_errno));
}
