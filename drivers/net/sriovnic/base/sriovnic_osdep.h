/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_OSDEP_H
#define SRIOVNIC_OSDEP_H

/* What the base layer needs from the environment: EAL only, no ethdev. */

#include <stdbool.h>
#include <stdint.h>
#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_io.h>
#include <rte_log.h>

extern int sriovnic_logtype_init;
extern int sriovnic_logtype_driver;
extern int sriovnic_logtype_mbx;

#define SRIOVNIC_LOG(type, level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, sriovnic_logtype_ ## type, \
		"sriovnic %s(): " fmt "\n", __func__, ##__VA_ARGS__)

#define PMD_INIT_LOG(level, fmt, ...) SRIOVNIC_LOG(init, level, fmt, ##__VA_ARGS__)
#define PMD_DRV_LOG(level, fmt, ...) SRIOVNIC_LOG(driver, level, fmt, ##__VA_ARGS__)
#define PMD_MBX_LOG(level, fmt, ...) SRIOVNIC_LOG(mbx, level, fmt, ##__VA_ARGS__)

#endif /* SRIOVNIC_OSDEP_H */
