/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_REPRESENTOR_H
#define SRIOVNIC_REPRESENTOR_H

#include "sriovnic_ethdev.h"

int sriovnic_representors_create(struct sriovnic_pf_adapter *pf_ad,
				 const struct rte_eth_devargs *da);
void sriovnic_representors_destroy(struct sriovnic_pf_adapter *pf_ad);
/* The switch mode the devarg asks for, or switchdev while pf_ad has a
 * representor
 */
int sriovnic_representors_switch_mode(struct sriovnic_pf_adapter *pf_ad);
/* Representors whose link changed, from the PF's misc interrupt: their
 * link updated and RTE_ETH_EVENT_INTR_LSC raised where the port asked
 * for it (intr_conf.lsc)
 */
void sriovnic_representors_link_check(struct sriovnic_pf_adapter *pf_ad);
/* In a secondary process: the representors of the primary's PF pf_dev */
int sriovnic_representors_attach(struct rte_eth_dev *pf_dev);
void sriovnic_representors_detach(struct rte_eth_dev *pf_dev);

#endif /* SRIOVNIC_REPRESENTOR_H */
