/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_FAKE_AQ_H
#define SRIOVNIC_FAKE_AQ_H

/*
 * The admin queue played in-process for the mailbox tests: scheduler
 * commands succeed unless fake_aq_fail is set, and the card's staged tree
 * (14.5) is tracked, so a test can check that the PF never leaves a
 * change staged between two requests. Other commands get -ENOTSUP, as
 * from sriovnic_aq.c without a ring.
 */

#include "sriovnic_aq.h"

static unsigned int fake_aq_staged;	/* TM_NODE_SET since the last commit */
static int fake_aq_fail;		/* status of the next TM_COMMIT */

int
sriovnic_aq_exec(struct sriovnic_aq *aq, struct sriovnic_aq_desc *d,
		 void *buf)
{
	RTE_SET_USED(aq);
	RTE_SET_USED(buf);
	if ((d->opcode & 0xff00) != (SRIOVNIC_AQC_TM_NODE_SET & 0xff00))
		return -ENOTSUP;
	d->status = 0;
	d->info = 0;
	switch (d->opcode) {
	case SRIOVNIC_AQC_TM_NODE_SET:
		fake_aq_staged++;
		break;
	case SRIOVNIC_AQC_TM_COMMIT:
		d->param.tm_commit.fail_node = SRIOVNIC_TM_NODE_NONE;
		if (!(d->param.tm_commit.c_flags & SRIOVNIC_TCOMMIT_ABORT) &&
		    fake_aq_fail != 0) {
			d->status = fake_aq_fail;
			d->info = SRIOVNIC_AQE_TM_HIER;
			d->param.tm_commit.fail_node = SRIOVNIC_TM_NODE_PORT;
			if (!(d->param.tm_commit.c_flags &
			      SRIOVNIC_TCOMMIT_DISCARD_ON_FAIL))
				break;
		}
		fake_aq_staged = 0;
		break;
	default:	/* suspend, resume, statistics */
		break;
	}
	return d->status;
}

const char *
sriovnic_aq_strerror(uint16_t info)
{
	return info == 0 ? "success" : "refused";
}

#endif /* SRIOVNIC_FAKE_AQ_H */
