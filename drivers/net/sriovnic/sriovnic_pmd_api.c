/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* The private API of rte_pmd_sriovnic.h, over the base layer's PF admin. */
#include <string.h>

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

static void
policy_of(const struct sriovnic_pf_vf_info *i,
	  struct rte_pmd_sriovnic_vf_policy *p)
{
	const struct sriovnic_func *fn = &i->fn;
	unsigned int k;

	memset(p, 0, sizeof(*p));
	p->version = RTE_PMD_SRIOVNIC_VF_POLICY_VERSION;
	p->admin_mac = fn->admin_mac;
	memcpy(&p->mac, fn->mac, sizeof(p->mac));
	p->nb_extra_mac = fn->nb_uc;
	for (k = 0; k < fn->nb_uc; k++)
		memcpy(&p->extra_mac[k], fn->uc[k], sizeof(p->extra_mac[k]));
	p->pvid = fn->pvid;
	p->pcp = fn->pcp;
	p->tpid = fn->pvlan_stag ? SRIOVNIC_TPID_STAG : SRIOVNIC_TPID_CTAG;
	p->nb_vlan = fn->nb_vlan;
	memcpy(p->vlan, fn->vlan, fn->nb_vlan * sizeof(p->vlan[0]));
	p->vlan_filtering = fn->admin_vlan_filter;
	p->trust = fn->trusted;
	p->mac_anti_spoof = fn->spoof_mac;
	p->vlan_anti_spoof = fn->spoof_vlan;
	p->link = fn->link_mode;
	p->tx_rate_max = i->tx.pir;
	p->tx_burst_max = i->tx.pbs;
	p->tx_weight = i->tx.weight;
	p->flow_quota = i->quota;
	p->flow_rules = i->nb_rules;
}

int
rte_pmd_sriovnic_get_vf_policy(uint16_t port, uint16_t vf,
			       struct rte_pmd_sriovnic_vf_policy *policy)
{
	struct sriovnic_pf *pf = PF_OR_ENODEV(port);
	struct sriovnic_pf_vf_info i;
	int ret;

	if (policy == NULL)
		return -EINVAL;
	ret = sriovnic_pf_get_vf_info(pf, vf, &i);
	if (ret == 0)
		policy_of(&i, policy);
	return ret;
}

/* Everything a record may hold wrong, before anything changes */
static int
policy_check(uint16_t port, const struct rte_pmd_sriovnic_vf_policy *p)
{
	unsigned int k;

	if (p->version != RTE_PMD_SRIOVNIC_VF_POLICY_VERSION) {
		PMD_DRV_LOG(ERR, "port %u: VF policy version %u, this driver knows %u",
			    port, p->version, RTE_PMD_SRIOVNIC_VF_POLICY_VERSION);
		return -EPROTONOSUPPORT;
	}
	if (p->nb_extra_mac > RTE_PMD_SRIOVNIC_VF_MAX_EXTRA_MAC ||
	    p->nb_vlan > RTE_PMD_SRIOVNIC_VF_MAX_VLAN) {
		PMD_DRV_LOG(ERR, "port %u: VF policy with %u extra MACs and %u VLAN filters, the card takes %u and %u",
			    port, p->nb_extra_mac, p->nb_vlan,
			    RTE_PMD_SRIOVNIC_VF_MAX_EXTRA_MAC,
			    RTE_PMD_SRIOVNIC_VF_MAX_VLAN);
		return -E2BIG;
	}
	if (p->nb_extra_mac != 0 && !p->trust) {
		PMD_DRV_LOG(ERR, "port %u: VF policy with extra MACs on an untrusted VF",
			    port);
		return -EPERM;
	}
	if (!rte_is_valid_assigned_ether_addr(&p->mac) || p->pvid > 4094 ||
	    p->pcp > 7 || p->link > RTE_PMD_SRIOVNIC_LINK_DOWN ||
	    (p->tpid != SRIOVNIC_TPID_CTAG && p->tpid != SRIOVNIC_TPID_STAG))
		goto bad;
	for (k = 0; k < p->nb_extra_mac; k++)
		if (!rte_is_valid_assigned_ether_addr(&p->extra_mac[k]))
			goto bad;
	for (k = 0; k < p->nb_vlan; k++)
		if (p->vlan[k] == 0 || p->vlan[k] > 4094)
			goto bad;
	return 0;
bad:
	PMD_DRV_LOG(ERR, "port %u: VF policy with a bad MAC, VLAN, PCP, TPID or link mode",
		    port);
	return -EINVAL;
}

/* The record's switch policy into a copy of the VF's function */
static int
policy_edit(struct sriovnic_func *want, const void *arg)
{
	const struct rte_pmd_sriovnic_vf_policy *p = arg;
	unsigned int k;

	want->admin_mac = p->admin_mac;
	memcpy(want->mac, &p->mac, sizeof(want->mac));
	want->nb_uc = p->nb_extra_mac;
	for (k = 0; k < p->nb_extra_mac; k++)
		memcpy(want->uc[k], &p->extra_mac[k], sizeof(want->uc[k]));
	want->pvid = p->pvid;
	want->pcp = p->pvid ? p->pcp : 0;
	want->pvlan_stag = p->tpid == SRIOVNIC_TPID_STAG;
	want->nb_vlan = p->nb_vlan;
	memcpy(want->vlan, p->vlan, p->nb_vlan * sizeof(want->vlan[0]));
	want->admin_vlan_filter = p->vlan_filtering;
	want->trusted = p->trust;
	if (!p->trust) {
		/* as sriovnic_pf_set_vf_trust(): privileges go with trust */
		want->promisc = false;
		want->allmulti = false;
	}
	want->spoof_mac = p->mac_anti_spoof;
	want->spoof_vlan = p->vlan_anti_spoof;
	want->link_mode = p->link;
	return 0;
}

struct tx_edit {
	uint8_t f;
	const struct rte_pmd_sriovnic_vf_policy *p;
};

static void
policy_tx_edit(struct sriovnic_tm_tree *want, const void *arg)
{
	const struct tx_edit *e = arg;

	want->func[e->f].pir = e->p->tx_rate_max;
	want->func[e->f].pbs = e->p->tx_burst_max;
	want->func[e->f].weight = e->p->tx_weight;
}

static int
policy_tx_apply(struct sriovnic_pf *pf, uint16_t vf,
		const struct rte_pmd_sriovnic_vf_policy *p)
{
	struct tx_edit e = { .f = SRIOVNIC_FUNC_VF(vf), .p = p };
	uint16_t fail;

	return sriovnic_pf_tm_edit(pf, policy_tx_edit, &e, &fail);
}

/* Switch policy, then transmit cap, then flow quota, each all or
 * nothing; a later refusal puts the earlier ones back as they were.
 */
int
rte_pmd_sriovnic_set_vf_policy(uint16_t port, uint16_t vf,
			       const struct rte_pmd_sriovnic_vf_policy *policy)
{
	struct sriovnic_pf *pf = PF_OR_ENODEV(port);
	struct rte_pmd_sriovnic_vf_policy old;
	struct sriovnic_pf_port_info card;
	struct sriovnic_pf_vf_info i;
	bool tx, quota;
	int ret;

	if (policy == NULL)
		return -EINVAL;
	ret = sriovnic_pf_get_vf_info(pf, vf, &i);
	if (ret != 0)
		return ret;
	ret = policy_check(port, policy);
	if (ret != 0)
		return ret;
	policy_of(&i, &old);
	sriovnic_pf_get_port_info(pf, &card);
	tx = policy->tx_rate_max != old.tx_rate_max ||
	     policy->tx_burst_max != old.tx_burst_max ||
	     policy->tx_weight != old.tx_weight;
	quota = policy->flow_quota != old.flow_quota;
	if ((tx && card.tm_prios == 0) || (quota && card.flow_ids == 0) ||
	    (policy->tpid == SRIOVNIC_TPID_STAG &&
	     !(pf->hw->caps & SRIOVNIC_CAP_QINQ))) {
		PMD_DRV_LOG(ERR, "port %u: VF policy needs a %s the card lacks",
			    port, tx && card.tm_prios == 0 ? "scheduler" :
			    quota && card.flow_ids == 0 ? "flow engine" :
			    "802.1ad port VLAN");
		return -ENOTSUP;
	}
	ret = sriovnic_pf_set_vf_policy(pf, vf, policy_edit, policy);
	if (ret != 0)
		return ret;
	if (tx) {
		ret = policy_tx_apply(pf, vf, policy);
		if (ret != 0)
			goto undo_func;
	}
	if (quota) {
		ret = sriovnic_pf_set_vf_flow_quota(pf, vf, policy->flow_quota);
		if (ret != 0)
			goto undo_tx;
	}
	return 0;
undo_tx:
	if (tx)
		policy_tx_apply(pf, vf, &old);
undo_func:
	sriovnic_pf_set_vf_policy(pf, vf, policy_edit, &old);
	PMD_DRV_LOG(ERR, "port %u: VF %u policy refused (%s), the old one kept",
		    port, vf, strerror(-ret));
	return ret;
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
