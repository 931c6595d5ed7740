/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_REPRESENTOR_H
#define SRIOVNIC_REPRESENTOR_H

#include "sriovnic_ethdev.h"

int sriovnic_representors_create(struct sriovnic_pf_adapter *pf_ad,
				 const struct rte_eth_devargs *da);
void sriovnic_representors_destroy(struct sriovnic_pf_adapter *pf_ad);

#endif /* SRIOVNIC_REPRESENTOR_H */
