/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <string.h>

#include <rte_memzone.h>
#include <sched.h>

#include "sriovnic_aq.h"

int
sriovnic_aq_init(struct sriovnic_aq *aq, struct sriovnic_hw *hw)
{
	char name[RTE_MEMZONE_NAMESIZE];
	size_t ring_len = SRIOVNIC_AQ_RING_LEN * sizeof(*aq->ring);
	int ret;

	if (!(hw->caps & (SRIOVNIC_CAP_FLOW | SRIOVNIC_CAP_SCHED)))
		return -ENOTSUP;
	memset(aq, 0, sizeof(*aq));
	aq->hw = hw;
	snprintf(name, sizeof(name), "sriovnic_aq_%.19s", hw->name);
	aq->mz = rte_memzone_reserve_aligned(name, ring_len +
					     SRIOVNIC_AQ_RING_LEN * SRIOVNIC_AQ_BUF_LEN,
					     SOCKET_ID_ANY, RTE_MEMZONE_IOVA_CONTIG,
					     SRIOVNIC_AQ_RING_ALIGN);
	if (aq->mz == NULL) {
		PMD_INIT_LOG(ERR, "%s: no memory for the admin queue", hw->name);
		return -ENOMEM;
	}
	aq->ring = aq->mz->addr;
	aq->ring_iova = aq->mz->iova;
	aq->bufs = (uint8_t *)aq->mz->addr + ring_len;
	aq->bufs_iova = aq->mz->iova + ring_len;
	pthread_mutex_init(&aq->lock, NULL);
	ret = sriovnic_aq_enable(aq);
	if (ret < 0)
		sriovnic_aq_fini(aq);
	return ret;
}

int
sriovnic_aq_enable(struct sriovnic_aq *aq)
{
	memset(aq->ring, 0, SRIOVNIC_AQ_RING_LEN * sizeof(*aq->ring));
	aq->tail = 0;
	return sriovnic_hw_queue_enable(aq->hw, SRIOVNIC_AQ, aq->ring_iova,
					SRIOVNIC_AQ_RING_LEN, 0, 0);
}

void
sriovnic_aq_fini(struct sriovnic_aq *aq)
{
	if (aq->mz == NULL)
		return;
	sriovnic_hw_queue_disable(aq->hw, SRIOVNIC_AQ);
	rte_memzone_free(aq->mz);
	aq->mz = NULL;
	pthread_mutex_destroy(&aq->lock);
}

/* Waits for the write-back of slot i: polls first, since the card answers
 * within microseconds while busy, yielding the CPU in case the card's
 * model shares it; then sleeps up to the datasheet's bound
 */
static int
aq_wait(struct sriovnic_aq *aq, volatile struct sriovnic_aq_desc *slot)
{
	uint64_t hz = rte_get_timer_hz();
	uint64_t start = rte_get_timer_cycles();
	uint64_t now;

	while (!(slot->flags & SRIOVNIC_AQF_DONE)) {
		now = rte_get_timer_cycles();
		if (now - start > hz * SRIOVNIC_AQ_TIMEOUT_MS / 1000)
			return -ETIMEDOUT;
		if (now - start < hz / 10000)
			sched_yield();
		else
			rte_delay_us_sleep(20);
		if (sriovnic_hw_removed(aq->hw))
			return -ENODEV;
		if (!(sriovnic_read(aq->hw, SRIOVNIC_AQ_STATUS) &
		      SRIOVNIC_AQSTAT_ENABLED))
			return -EIO;
	}
	rte_io_rmb();
	return 0;
}

int
sriovnic_aq_exec(struct sriovnic_aq *aq, struct sriovnic_aq_desc *d,
		 void *buf)
{
	struct sriovnic_aq_desc *slot;
	uint8_t *sbuf;
	uint16_t i;
	int ret;

	if (aq->mz == NULL)
		return -ENOTSUP;
	if (d->buf_len > SRIOVNIC_AQ_BUF_LEN || (d->buf_len != 0 && buf == NULL))
		return -EINVAL;
	pthread_mutex_lock(&aq->lock);
	i = aq->tail;
	slot = &aq->ring[i];
	sbuf = aq->bufs + (size_t)i * SRIOVNIC_AQ_BUF_LEN;
	*slot = *d;
	slot->flags &= ~(SRIOVNIC_AQF_DONE | SRIOVNIC_AQF_ERR);
	slot->status = 0;
	slot->info = 0;
	if (d->buf_len != 0) {
		memcpy(sbuf, buf, d->buf_len);
		slot->buf_addr = aq->bufs_iova + (size_t)i * SRIOVNIC_AQ_BUF_LEN;
	} else {
		slot->buf_addr = 0;
	}
	aq->tail = (i + 1) & (SRIOVNIC_AQ_RING_LEN - 1);
	rte_io_wmb();
	sriovnic_write(aq->hw, SRIOVNIC_AQ_TAIL, aq->tail);
	ret = aq_wait(aq, slot);
	if (ret == 0) {
		*d = *slot;
		if (d->buf_len != 0)
			memcpy(buf, sbuf, d->buf_len);
		ret = d->status;
	} else if (ret != -ENODEV) {	/* the removal was logged */
		PMD_DRV_LOG(ERR, "%s: admin command %#x %s", aq->hw->name,
			    d->opcode, ret == -EIO ? "stopped the admin queue" :
			    "got no answer");
	}
	pthread_mutex_unlock(&aq->lock);
	return ret;
}

const char *
sriovnic_aq_strerror(uint16_t info)
{
	static const char * const names[] = {
		[0] = "success",
		[SRIOVNIC_AQE_OPCODE] = "command not supported by the card",
		[SRIOVNIC_AQE_PARAM] = "bad command parameter",
		[SRIOVNIC_AQE_BUF] = "bad command buffer length",
		[SRIOVNIC_AQE_DMA] = "command buffer refused by the IOMMU",
		[SRIOVNIC_AQE_RULE_ID] = "rule id out of range",
		[SRIOVNIC_AQE_RULE_EXISTS] = "rule id in use",
		[SRIOVNIC_AQE_RULE_UNKNOWN] = "no such rule",
		[SRIOVNIC_AQE_TABLE] = "no such flow table",
		[SRIOVNIC_AQE_GROUP] = "group out of range",
		[SRIOVNIC_AQE_KEY] = "bad match pattern",
		[SRIOVNIC_AQE_ACTION] = "action not supported",
		[SRIOVNIC_AQE_ACTION_ARG] = "bad action argument",
		[SRIOVNIC_AQE_QUOTA] = "rule quota exhausted",
		[SRIOVNIC_AQE_TM_NODE] = "no such scheduler node",
		[SRIOVNIC_AQE_TM_SCHED] = "priority or weight out of range",
		[SRIOVNIC_AQE_TM_SHAPER] = "rate or burst out of range",
		[SRIOVNIC_AQE_TM_HIER] = "committed rates exceed a parent's peak rate",
		[SRIOVNIC_AQE_METER_ID] = "no such meter",
		[SRIOVNIC_AQE_METER_PARAM] = "bad meter parameter",
		[SRIOVNIC_AQE_METER_BUSY] = "meter in use",
		[SRIOVNIC_AQE_VF] = "no such VF",
		[SRIOVNIC_AQE_VF_RUNNING] = "VF not suspended",
		[SRIOVNIC_AQE_STATE_CORRUPT] = "state record corrupt (magic, length or CRC)",
		[SRIOVNIC_AQE_STATE_VERSION] = "state record of an unknown version",
		[SRIOVNIC_AQE_STATE_FIELD] = "bad field in the state record",
		[SRIOVNIC_AQE_STATE_RING] = "ring outside the VF's registered memory",
	};

	if (info < RTE_DIM(names) && names[info] != NULL)
		return names[info];
	return "unknown error";
}
