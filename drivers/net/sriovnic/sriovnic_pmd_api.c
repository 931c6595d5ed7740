/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* The private API of rte_pmd_sriovnic.h, over the base layer's PF admin. */
#include <rte_errno.h>

#include "sriovnic_ethdev.h"
#include "rte_pmd_sriovnic.h"

/* The PF of a port, else NULL and why: -ENODEV, or -E_RTE_SECONDARY in a
 * secondary process (the PF's administration is the primary's)
 */
static struct sriovnic_pf *
pf_of(uint16_t port, int *err)
{
	*err = -ENODEV;
	if (!rte_eth_dev_is_valid_port(port))
		return NULL;
	if (rte_eal_process_type() != RTE_PROC_PRIMARY) {
		PMD_DRV_LOG(ERR, "port %u: the VF administration is the primary process's",
			    port);
		*err = -E_RTE_SECONDARY;
		return NULL;
	}
	return sriovnic_pf_of_port(&rte_eth_devices[port]);
}

#define PF_OR_ENODEV(port) ({				\
	int err_;					\
	struct sriovnic_pf *pf_ = pf_of(port, &err_);	\
	if (pf_ == NULL)				\
		return err_;				\
	pf_;						\
})

int
rte_pmd_sriovnic_set_vf_mac_addr(uint16_t port, uint16_t vf,
				 const struct rte_ether_addr *mac)
{
	if (mac == NULL)
		return -EINVAL;
	return sriovnic_pf_set_vf_mac(PF_OR_ENODEV(port), vf, mac->addr_bytes);
}

int
rte_pmd_sriovnic_set_vf_flow_quota(uint16_t port, uint16_t vf, uint32_t quota)
{
	struct sriovnic_pf *pf = PF_OR_ENODEV(port);

	if (vf >= pf->hw->num_vfs)
		return -ENODEV;
	return sriovnic_pf_set_vf_flow_quota(pf, vf, quota);
}

int
rte_pmd_sriovnic_set_vf_trust(uint16_t port, uint16_t vf, bool on)
{
	return sriovnic_pf_set_vf_trust(PF_OR_ENODEV(port), vf, on);
}

/* One of the VF's two spoof checks (mac or VLAN) set, the other kept */
static int
vf_anti_spoof(uint16_t port, uint16_t vf, bool mac, bool on)
{
	struct sriovnic_pf *pf = PF_OR_ENODEV(port);
	const struct sriovnic_func *fn;

	if (vf >= pf->hw->num_vfs)
		return -ENODEV;
	fn = sriovnic_pf_vf(pf, vf);
	return sriovnic_pf_set_vf_spoofchk(pf, vf, mac ? on : fn->spoof_mac,
					   mac ? fn->spoof_vlan : on);
}

int
rte_pmd_sriovnic_set_vf_mac_anti_spoof(uint16_t port, uint16_t vf, bool on)
{
	return vf_anti_spoof(port, vf, true, on);
}

int
rte_pmd_sriovnic_set_vf_vlan_anti_spoof(uint16_t port, uint16_t vf, bool on)
{
	return vf_anti_spoof(port, vf, false, on);
}

int
rte_pmd_sriovnic_set_vf_link_state(uint16_t port, uint16_t vf,
				   enum rte_pmd_sriovnic_link state)
{
	return sriovnic_pf_set_vf_link(PF_OR_ENODEV(port), vf, state);
}

int
rte_pmd_sriovnic_set_vf_vlan_insert(uint16_t port, uint16_t vf, uint16_t vid,
				    uint8_t pcp)
{
	return sriovnic_pf_set_vf_vlan(PF_OR_ENODEV(port), vf, vid, pcp);
}

int
rte_pmd_sriovnic_set_vf_vlan_tpid(uint16_t port, uint16_t vf, uint16_t tpid)
{
	return sriovnic_pf_set_vf_vlan_tpid(PF_OR_ENODEV(port), vf, tpid);
}

int
rte_pmd_sriovnic_set_vf_vlan_filter(uint16_t port, uint16_t vf, uint16_t vid,
				    bool on)
{
	return sriovnic_pf_set_vf_vlan_filter(PF_OR_ENODEV(port), vf, vid, on);
}

int
rte_pmd_sriovnic_get_vf_stats(uint16_t port, uint16_t vf,
			      struct rte_pmd_sriovnic_vf_stats *stats)
{
	struct sriovnic_pf *pf = PF_OR_ENODEV(port);
	struct sriovnic_mbx_stats st;
	const struct sriovnic_func *fn;
	int ret;

	if (stats == NULL)
		return -EINVAL;
	ret = sriovnic_pf_get_vf_stats(pf, vf, &st);
	if (ret != 0)
		return ret;
	fn = sriovnic_pf_vf(pf, vf);
	*stats = (struct rte_pmd_sriovnic_vf_stats){
		.rx_packets = st.rx_pkts,
		.rx_bytes = st.rx_bytes,
		.tx_packets = st.tx_pkts,
		.tx_bytes = st.tx_bytes,
		.rx_missed = st.rx_missed,
		.mac_spoof_dropped = st.spoof_mac,
		.vlan_spoof_dropped = st.spoof_vlan,
		.mbx_requests = fn->msgs,
		.mbx_refused = fn->nacks,
		.mbx_rate_limited = fn->limited,
		.resets = fn->resets,
	};
	return 0;
}

int
rte_pmd_sriovnic_reset_vf_stats(uint16_t port, uint16_t vf)
{
	struct sriovnic_pf *pf = PF_OR_ENODEV(port);

	return sriovnic_pf_reset_vf_stats(pf, vf);
}

int
rte_pmd_sriovnic_ping_vf(uint16_t port, uint16_t vf)
{
	return sriovnic_pf_ping_vf(PF_OR_ENODEV(port), vf);
}

int
rte_pmd_sriovnic_set_tx_loopback(uint16_t port, bool on)
{
	sriovnic_pf_set_vepa(PF_OR_ENODEV(port), !on);
	return 0;
}
