/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * What an operator reads of a running port: ethdev's private dump (the
 * telemetry command /ethdev/dump_priv, rte_eth_dev_priv_dump()) for each
 * role, and the /sriovnic/ telemetry commands with the PF's view of its
 * VFs. Telemetry answers in its own thread: the PF's state is read through
 * the base's copies taken under pf->lock.
 */
#include <ctype.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdlib.h>

#include <rte_telemetry.h>

#include "sriovnic_ethdev.h"

static const char *
link_mode_name(uint8_t mode)
{
	static const char *const names[] = {
		[SRIOVNIC_FLINK_AUTO] = "auto",
		[SRIOVNIC_FLINK_UP] = "up",
		[SRIOVNIC_FLINK_DOWN] = "down",
	};

	return mode < RTE_DIM(names) ? names[mode] : "?";
}

static void
mac_str(char buf[RTE_ETHER_ADDR_FMT_SIZE], const uint8_t mac[6])
{
	struct rte_ether_addr ea;

	memcpy(&ea, mac, sizeof(ea));
	rte_ether_format_addr(buf, RTE_ETHER_ADDR_FMT_SIZE, &ea);
}

static uint16_t
port_vlan_tpid(const struct sriovnic_func *fn)
{
	return fn->pvlan_stag ? SRIOVNIC_TPID_STAG : SRIOVNIC_TPID_CTAG;
}

void
sriovnic_dump_vf(FILE *f, uint16_t vf, const struct sriovnic_pf_vf_info *i)
{
	const struct sriovnic_func *fn = &i->fn;
	char mac[RTE_ETHER_ADDR_FMT_SIZE];

	mac_str(mac, fn->mac);
	fprintf(f, "vf%u: %s%s, mac %s%s, port vlan %u tpid %#x, trust %d, spoofchk mac %d vlan %d, link %s, rules %u/%u, mbx %" PRIu64 " refused %" PRIu64 " limited %" PRIu64 ", resets %" PRIu64 "\n",
		vf, fn->active ? "active" : "inactive",
		i->present ? "" : " (unplugged)", mac,
		fn->admin_mac ? " (admin)" : "", fn->pvid, port_vlan_tpid(fn),
		fn->trusted, fn->spoof_mac, fn->spoof_vlan,
		link_mode_name(fn->link_mode), i->nb_rules, i->quota,
		fn->msgs, fn->nacks, fn->limited, fn->resets);
}

int
sriovnic_dev_priv_dump(struct rte_eth_dev *dev, FILE *f)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	const struct rte_flow *fl;
	unsigned int nb_flows = 0;

	/* the lock ethdev takes around the port's rte_flow calls */
	pthread_mutex_lock(&dev->data->flow_ops_mutex);
	TAILQ_FOREACH(fl, &ad->flows, next)
		nb_flows++;
	pthread_mutex_unlock(&dev->data->flow_ops_mutex);
	fprintf(f, "queues: rx %u tx %u (of %u/%u), max frame %u, rte_flow rules %u, rte_tm %s\n",
		dev->data->nb_rx_queues, dev->data->nb_tx_queues,
		ad->hw->max_rxq, ad->hw->max_txq, ad->max_frame, nb_flows,
		ad->tm.committed ? "committed" : "none");
	if (ad->ops->dump != NULL)
		ad->ops->dump(ad, f);
	return 0;
}

/* "<port>" or "<port>,<vf>": n decimal numbers */
static int
parse_params(const char *cmd, const char *params, unsigned long *v,
	     unsigned int n)
{
	const char *p = params;
	unsigned int k;
	char *end;

	for (k = 0; k < n; k++) {
		if (p == NULL || !isdigit((unsigned char)*p))
			goto bad;
		errno = 0;
		v[k] = strtoul(p, &end, 10);
		if (errno != 0 || *end != (k + 1 < n ? ',' : '\0'))
			goto bad;
		p = end + 1;
	}
	return 0;
bad:
	PMD_DRV_LOG(ERR, "%s: parameters \"%s\" are not %s", cmd,
		    params != NULL ? params : "",
		    n == 1 ? "<port>" : "<port>,<vf>");
	return -EINVAL;
}

static struct sriovnic_pf *
pf_of_param(const char *cmd, unsigned long port)
{
	struct sriovnic_pf *pf = NULL;

	if (port < RTE_MAX_ETHPORTS && rte_eth_dev_is_valid_port(port))
		pf = sriovnic_pf_of_port(&rte_eth_devices[port]);
	if (pf == NULL)
		PMD_DRV_LOG(ERR, "%s: port %lu is not a net_sriovnic (PF) port",
			    cmd, port);
	return pf;
}

static int
list_cmd(const char *cmd __rte_unused, const char *params __rte_unused,
	 struct rte_tel_data *d)
{
	uint16_t port;

	rte_tel_data_start_array(d, RTE_TEL_INT_VAL);
	RTE_ETH_FOREACH_DEV(port)
		if (sriovnic_pf_of_port(&rte_eth_devices[port]) != NULL)
			rte_tel_data_add_array_int(d, port);
	return 0;
}

static int
vf_list_cmd(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct sriovnic_pf *pf;
	unsigned long port;
	uint16_t vf;

	if (parse_params(cmd, params, &port, 1) != 0)
		return -EINVAL;
	pf = pf_of_param(cmd, port);
	if (pf == NULL)
		return -EINVAL;
	rte_tel_data_start_array(d, RTE_TEL_INT_VAL);
	for (vf = 0; vf < pf->hw->num_vfs; vf++)
		rte_tel_data_add_array_int(d, vf);
	return 0;
}

/* The lists of a VF's dict: extra unicast and multicast MACs, VLANs */
static int
vf_info_lists(struct rte_tel_data *d, const struct sriovnic_func *fn)
{
	struct rte_tel_data *uc = rte_tel_data_alloc();
	struct rte_tel_data *mc = rte_tel_data_alloc();
	struct rte_tel_data *vlan = rte_tel_data_alloc();
	char mac[RTE_ETHER_ADDR_FMT_SIZE];
	unsigned int k;

	if (uc == NULL || mc == NULL || vlan == NULL) {
		rte_tel_data_free(uc);
		rte_tel_data_free(mc);
		rte_tel_data_free(vlan);
		return -ENOMEM;
	}
	rte_tel_data_start_array(uc, RTE_TEL_STRING_VAL);
	for (k = 0; k < fn->nb_uc; k++) {
		mac_str(mac, fn->uc[k]);
		rte_tel_data_add_array_string(uc, mac);
	}
	rte_tel_data_start_array(mc, RTE_TEL_STRING_VAL);
	for (k = 0; k < fn->nb_mc; k++) {
		mac_str(mac, fn->mc[k]);
		rte_tel_data_add_array_string(mc, mac);
	}
	rte_tel_data_start_array(vlan, RTE_TEL_INT_VAL);
	for (k = 0; k < fn->nb_vlan; k++)
		rte_tel_data_add_array_int(vlan, fn->vlan[k]);
	rte_tel_data_add_dict_container(d, "extra_macs", uc, 0);
	rte_tel_data_add_dict_container(d, "mc_macs", mc, 0);
	rte_tel_data_add_dict_container(d, "vlan_filter", vlan, 0);
	return 0;
}

/* A VF's on/off settings and its counters, by name */
#define FN_FLAG(name, field) { name, offsetof(struct sriovnic_func, field) }
static const struct {
	const char *name;
	size_t off;
} vf_flags[] = {
	FN_FLAG("active", active),
	FN_FLAG("admin_mac", admin_mac),
	FN_FLAG("vlan_filtering", vlan_filter),
	FN_FLAG("admin_vlan_filtering", admin_vlan_filter),
	FN_FLAG("vlan_strip", vlan_strip),
	FN_FLAG("trusted", trusted),
	FN_FLAG("promiscuous", promisc),
	FN_FLAG("allmulticast", allmulti),
	FN_FLAG("spoofchk_mac", spoof_mac),
	FN_FLAG("spoofchk_vlan", spoof_vlan),
	FN_FLAG("broadcast", bcast),
	FN_FLAG("slow_path", slow_path),
};

#define VF_COUNTER(name, field) \
	{ name, offsetof(struct sriovnic_pf_vf_info, field) }
static const struct {
	const char *name;
	size_t off;
} vf_counters[] = {
	VF_COUNTER("mbx_requests", fn.msgs),
	VF_COUNTER("mbx_refused", fn.nacks),
	VF_COUNTER("mbx_rate_limited", fn.limited),
	VF_COUNTER("resets", fn.resets),
	VF_COUNTER("mac_spoof_dropped", st.spoof_mac),
	VF_COUNTER("vlan_spoof_dropped", st.spoof_vlan),
	VF_COUNTER("rx_packets", st.rx_pkts),
	VF_COUNTER("rx_bytes", st.rx_bytes),
	VF_COUNTER("tx_packets", st.tx_pkts),
	VF_COUNTER("tx_bytes", st.tx_bytes),
	VF_COUNTER("rx_missed", st.rx_missed),
	VF_COUNTER("tx_rate_max", tx.pir),
	VF_COUNTER("tx_rate_min", tx.cir),
};

static int
vf_info_cmd(const char *cmd, const char *params, struct rte_tel_data *d)
{
	char mac[RTE_ETHER_ADDR_FMT_SIZE], s[16];
	const struct sriovnic_func *fn;
	struct sriovnic_pf_vf_info i;
	struct sriovnic_pf *pf;
	unsigned long v[2];
	unsigned int k;

	if (parse_params(cmd, params, v, 2) != 0)
		return -EINVAL;
	pf = pf_of_param(cmd, v[0]);
	if (pf == NULL)
		return -EINVAL;
	if (v[1] >= pf->hw->num_vfs) {
		PMD_DRV_LOG(ERR, "%s: port %lu has %u VFs, no VF %lu", cmd,
			    v[0], pf->hw->num_vfs, v[1]);
		return -EINVAL;
	}
	sriovnic_pf_get_vf_info(pf, v[1], &i);
	fn = &i.fn;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_int(d, "vf", v[1]);
	rte_tel_data_add_dict_int(d, "present", i.present);
	mac_str(mac, fn->mac);
	rte_tel_data_add_dict_string(d, "mac", mac);
	if (vf_info_lists(d, fn) != 0)
		return -ENOMEM;
	rte_tel_data_add_dict_int(d, "port_vlan", fn->pvid);
	rte_tel_data_add_dict_int(d, "port_vlan_pcp", fn->pcp);
	snprintf(s, sizeof(s), "%#x", port_vlan_tpid(fn));
	rte_tel_data_add_dict_string(d, "port_vlan_tpid", s);
	for (k = 0; k < RTE_DIM(vf_flags); k++)
		rte_tel_data_add_dict_int(d, vf_flags[k].name,
			*(const bool *)((const char *)fn + vf_flags[k].off));
	rte_tel_data_add_dict_string(d, "link_mode",
				     link_mode_name(fn->link_mode));
	rte_tel_data_add_dict_int(d, "tx_weight", i.tx.weight);
	rte_tel_data_add_dict_u64(d, "flow_rules", i.nb_rules);
	rte_tel_data_add_dict_u64(d, "flow_quota", i.quota);
	snprintf(s, sizeof(s), "%u.%u", SRIOVNIC_MBX_API_MAJOR, fn->api_minor);
	rte_tel_data_add_dict_string(d, "api_version", s);
	rte_tel_data_add_dict_u64(d, "api_caps", fn->caps);
	rte_tel_data_add_dict_int(d, "rx_queues", fn->nb_rxq);
	rte_tel_data_add_dict_int(d, "tx_queues", fn->nb_txq);
	rte_tel_data_add_dict_int(d, "max_rx_queues", fn->max_rxq);
	rte_tel_data_add_dict_int(d, "max_tx_queues", fn->max_txq);
	rte_tel_data_add_dict_u64(d, "max_frame", fn->max_frame);
	for (k = 0; k < RTE_DIM(vf_counters); k++)
		rte_tel_data_add_dict_u64(d, vf_counters[k].name,
			*(const uint64_t *)((const char *)&i + vf_counters[k].off));
	return 0;
}

RTE_INIT(sriovnic_telemetry_init)
{
	rte_telemetry_register_cmd("/sriovnic/list", list_cmd,
		"Returns the net_sriovnic (PF) port ids. Takes no parameters");
	rte_telemetry_register_cmd("/sriovnic/vf_list", vf_list_cmd,
		"Returns the VF numbers of a PF port. Parameters: int port_id");
	rte_telemetry_register_cmd("/sriovnic/vf_info", vf_info_cmd,
		"Returns the PF's view of one VF: policy, negotiation, counters. Parameters: int port_id,int vf");
}
