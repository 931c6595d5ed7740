/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/* net_sriovnic: the physical function, owner of the port, the embedded
 * switch and every VF's policy.
 */
#include <ethdev_pci.h>
#include <rte_kvargs.h>

#include "sriovnic_ethdev.h"
#include "sriovnic_representor.h"
#include "rte_pmd_sriovnic.h"

#define SRIOVNIC_PF_ARG_MBX_RATE	"mbx_rate"
#define SRIOVNIC_PF_ARG_MBX_BURST	"mbx_burst"
#define SRIOVNIC_PF_ARG_TRUST		"vf_trust"
#define SRIOVNIC_PF_ARG_SPOOFCHK	"vf_spoofchk"
#define SRIOVNIC_PF_ARG_FLOW_QUOTA	"vf_flow_quota"
#define SRIOVNIC_PF_ARG_TX_LOOPBACK	"tx_loopback"
#define SRIOVNIC_PF_ARG_SWITCH_MODE	"switch_mode"
/* the most of mbx_rate, mbx_burst and vf_flow_quota */
#define SRIOVNIC_PF_ARG_MAX		1000000
#define SRIOVNIC_PF_FLOW_QUOTA		1024	/* rules per VF */
#define SRIOVNIC_PF_MBX_RATE		1000	/* requests/s per VF */
#define SRIOVNIC_PF_MBX_BURST		64
/* Rounds of one message per VF handled per mailbox interrupt */
#define SRIOVNIC_PF_MBX_ROUNDS	8

static struct sriovnic_pf *
pf_of(struct sriovnic_adapter *ad)
{
	return &sriovnic_pf_ad(ad)->pf;
}

/* The PF's own function goes through the same switch programming as a
 * VF's: edit a copy of its state, apply it all or nothing.
 */
static int
pf_edit(struct sriovnic_adapter *ad,
	int (*edit)(struct sriovnic_func *fn, const void *arg), const void *arg)
{
	return sriovnic_pf_func_edit(pf_of(ad), SRIOVNIC_FUNC_PF, edit, arg);
}

static int
edit_mac(struct sriovnic_func *fn, const void *mac)
{
	memcpy(fn->mac, mac, RTE_ETHER_ADDR_LEN);
	return 0;
}

static int
pf_set_mac(struct sriovnic_adapter *ad, const uint8_t mac[6],
	   const uint8_t old[6])
{
	return pf_edit(ad, edit_mac, mac);
}

struct addr_edit {
	const uint8_t *mac;
	bool add;
};

static int
edit_uc(struct sriovnic_func *fn, const void *arg)
{
	const struct addr_edit *e = arg;

	return sriovnic_func_addr_edit(fn->uc, &fn->nb_uc, SRIOVNIC_FUNC_MAX_UC,
				       e->mac, e->add);
}

static int
edit_mc(struct sriovnic_func *fn, const void *arg)
{
	const struct addr_edit *e = arg;

	return sriovnic_func_addr_edit(fn->mc, &fn->nb_mc, SRIOVNIC_FUNC_MAX_MC,
				       e->mac, e->add);
}

static int
pf_uc(struct sriovnic_adapter *ad, const uint8_t mac[6], bool add)
{
	struct addr_edit e = { mac, add };

	return pf_edit(ad, edit_uc, &e);
}

static int
pf_mc(struct sriovnic_adapter *ad, const uint8_t mac[6], bool add)
{
	struct addr_edit e = { mac, add };

	return pf_edit(ad, edit_mc, &e);
}

static int
edit_rxmode(struct sriovnic_func *fn, const void *arg)
{
	const bool *mode = arg;

	fn->promisc = mode[0];
	fn->allmulti = mode[1];
	return 0;
}

static int
pf_rxmode(struct sriovnic_adapter *ad, bool promisc, bool allmulti)
{
	const bool mode[2] = { promisc, allmulti };

	return pf_edit(ad, edit_rxmode, mode);
}

struct vlan_edit {
	uint16_t vid;
	bool on;
};

static int
edit_vlan(struct sriovnic_func *fn, const void *arg)
{
	const struct vlan_edit *e = arg;
	int ret = sriovnic_func_vlan_edit(fn, e->vid, e->on);

	return ret == -ENOENT ? 0 : ret;
}

static int
pf_vlan_filter(struct sriovnic_adapter *ad, uint16_t vid, bool on)
{
	struct vlan_edit e = { vid, on };

	return pf_edit(ad, edit_vlan, &e);
}

static int
edit_strip(struct sriovnic_func *fn, const void *arg)
{
	fn->vlan_strip = *(const bool *)arg;
	return 0;
}

static int
pf_vlan_strip(struct sriovnic_adapter *ad, bool on)
{
	return pf_edit(ad, edit_strip, &on);
}

static int
edit_filtering(struct sriovnic_func *fn, const void *arg)
{
	fn->vlan_filter = *(const bool *)arg;
	return 0;
}

static int
pf_vlan_filtering(struct sriovnic_adapter *ad, bool on)
{
	return pf_edit(ad, edit_filtering, &on);
}

static int
pf_max_frame(struct sriovnic_adapter *ad, uint32_t frame)
{
	return frame <= SRIOVNIC_MAX_FRAME_LIMIT ? 0 : -EINVAL;
}

static int
pf_port_link(struct sriovnic_adapter *ad, bool up)
{
	return sriovnic_pf_set_port_down(pf_of(ad), !up);
}

static void
pf_mbx_intr(struct sriovnic_adapter *ad)
{
	unsigned int round;

	for (round = 0; round < SRIOVNIC_PF_MBX_ROUNDS; round++)
		if (sriovnic_pf_mbx_poll(pf_of(ad)) == 0)
			break;
}

void
sriovnic_pf_vf_xstats(struct sriovnic_adapter *ad, uint16_t vf, uint64_t *v)
{
	struct sriovnic_pf_vf_info i;

	sriovnic_pf_get_vf_info(pf_of(ad), vf, &i);
	v[0] = i.st.spoof_mac;
	v[1] = i.st.spoof_vlan;
	v[2] = i.fn.msgs;
	v[3] = i.fn.nacks;
	v[4] = i.fn.limited;
	v[5] = i.fn.resets;
}

static void
pf_dump(struct sriovnic_adapter *ad, FILE *f)
{
	struct sriovnic_pf_adapter *pa = sriovnic_pf_ad(ad);
	struct sriovnic_pf_port_info pi;
	struct sriovnic_pf_vf_info i;
	uint16_t vf;

	sriovnic_pf_get_port_info(pf_of(ad), &pi);
	fprintf(f, "PF %s: %u VFs, caps %#x\n", ad->hw->name, ad->hw->num_vfs,
		ad->hw->caps);
	fprintf(f, "switch: %s, port %s\n",
		pi.switchdev ? "switchdev" : pi.vepa ? "VEPA" : "VEB",
		pi.port_down ? "down (administratively)" : "up");
	if (pi.mbx_rate_limit)
		fprintf(f, "mailbox: %u requests/s per VF, burst %u\n",
			pa->mbx_rate, pa->mbx_burst);
	else
		fprintf(f, "mailbox: no rate limit\n");
	fprintf(f, "flow rule ids: %u of %u used; scheduler: %u priorities\n",
		pi.flow_ids_used, pi.flow_ids, pi.tm_prios);
	for (vf = 0; vf < ad->hw->num_vfs; vf++) {
		sriovnic_pf_get_vf_info(pf_of(ad), vf, &i);
		sriovnic_dump_vf(f, vf, &i);
	}
}

/* Representors show the port's link and whether their VF is plugged in */
static void
pf_misc_intr(struct sriovnic_adapter *ad, bool link_changed)
{
	bool vfs_changed;

	sriovnic_pf_vflr_poll(pf_of(ad));
	vfs_changed = sriovnic_pf_presence_poll(pf_of(ad)) != 0;
	if (link_changed)
		sriovnic_pf_notify_vfs(pf_of(ad), SRIOVNIC_MBX_EV_LINK);
	if (link_changed || vfs_changed)
		sriovnic_representors_link_check(sriovnic_pf_ad(ad));
}

/* The admin queue and what the card's scheduler and flow engine forgot
 * in a reset: the live tree, quotas and the rules of this port and its
 * representors (VFs add theirs again when they recover)
 */
static int
pf_aq_restart(struct sriovnic_adapter *ad)
{
	struct rte_eth_dev **repr = sriovnic_pf_ad(ad)->repr;
	uint16_t n;
	int ret;

	if (pf_of(ad)->aq.mz == NULL)
		return 0;
	ret = sriovnic_aq_enable(&pf_of(ad)->aq);
	if (ret == 0)
		ret = sriovnic_pf_tm_restore(pf_of(ad));
	if (ret == 0)
		ret = sriovnic_pf_flow_restart(pf_of(ad));
	if (ret != 0)
		return ret;
	/* a rule the card refuses now stays listed; the log names it */
	sriovnic_flow_restore(ad);
	for (n = 0; n < SRIOVNIC_MAX_VFS; n++)
		if (repr[n] != NULL)
			sriovnic_flow_restore(SRIOVNIC_DEV_TO_AD(repr[n]));
	return 0;
}

/* VFs are told first; the PF keeps every function's state and programs
 * it again into the reset switch.
 */
static int
pf_reset(struct sriovnic_adapter *ad)
{
	int ret;

	sriovnic_pf_notify_vfs(pf_of(ad), SRIOVNIC_MBX_EV_RESET);
	ret = sriovnic_hw_reset(ad->hw);
	if (ret == 0)
		ret = pf_aq_restart(ad);
	if (ret == 0)
		ret = sriovnic_pf_reapply(pf_of(ad));
	if (ret == 0)
		ret = sriovnic_dev_rearm(ad);
	return ret;
}

/* With CAP_FLOW or CAP_SCHED the card has an admin queue; the flow engine
 * and the scheduler share it (struct sriovnic_pf, member aq). Without a
 * working one the port still runs, without rte_flow and rte_tm.
 */
static void
pf_aq_init(struct sriovnic_adapter *ad)
{
	int ret;

	if (!(ad->hw->caps & (SRIOVNIC_CAP_FLOW | SRIOVNIC_CAP_SCHED)))
		return;
	ret = sriovnic_aq_init(&pf_of(ad)->aq, ad->hw);
	if (ret != 0) {
		PMD_INIT_LOG(WARNING, "%s: admin queue not usable (%s): no flow rules, no traffic management",
			     ad->hw->name, strerror(-ret));
		pf_of(ad)->tm.prios = 0;	/* TM is not offered */
		return;
	}
	ret = sriovnic_pf_flow_init(pf_of(ad),
				    sriovnic_pf_ad(ad)->vf_flow_quota);
	if (ret != 0) {
		PMD_INIT_LOG(WARNING, "%s: flow engine not usable (%s): no flow rules",
			     ad->hw->name, strerror(-ret));
		sriovnic_pf_flow_fini(pf_of(ad));
	}
}

static void
pf_aq_fini(struct sriovnic_adapter *ad)
{
	sriovnic_pf_flow_fini(pf_of(ad));
	sriovnic_aq_fini(&pf_of(ad)->aq);
}

static void
pf_close(struct sriovnic_adapter *ad)
{
	sriovnic_representors_destroy(sriovnic_pf_ad(ad));
	sriovnic_pf_notify_vfs(pf_of(ad), SRIOVNIC_MBX_EV_PF_DOWN);
	pf_aq_fini(ad);
}

static struct sriovnic_pf_adapter *
pf_switch_pf(struct sriovnic_adapter *ad)
{
	return sriovnic_pf_ad(ad);
}

static const struct sriovnic_func_ops sriovnic_pf_func_ops = {
	.set_mac = pf_set_mac,
	.uc = pf_uc,
	.mc = pf_mc,
	.rxmode = pf_rxmode,
	.vlan_filter = pf_vlan_filter,
	.vlan_strip = pf_vlan_strip,
	.vlan_filtering = pf_vlan_filtering,
	.max_frame = pf_max_frame,
	.misc_intr = pf_misc_intr,
	.port_link = pf_port_link,
	.mbx_intr = pf_mbx_intr,
	.close = pf_close,
	.dump = pf_dump,
	.reset = pf_reset,
	.switch_pf = pf_switch_pf,
	.flow = &sriovnic_flow_pf_backend,
	.tm = &sriovnic_tm_pf_backend,
};

struct sriovnic_pf *
sriovnic_pf_of_port(struct rte_eth_dev *dev)
{
	if (dev->dev_ops != &sriovnic_eth_dev_ops ||
	    SRIOVNIC_DEV_TO_AD(dev)->ops != &sriovnic_pf_func_ops)
		return NULL;
	return pf_of(SRIOVNIC_DEV_TO_AD(dev));
}

/* RTE_ETH_EVENT_VF_MBOX: the application may overrule the PF's checks */
static enum sriovnic_policy
pf_policy(void *arg, uint16_t vf, const struct sriovnic_mbx_msg *req)
{
	struct sriovnic_adapter *ad = arg;
	struct rte_pmd_sriovnic_mb_event_param p = {
		.vfid = vf,
		.msg_type = req->hdr.opcode,
		.retval = RTE_PMD_SRIOVNIC_MB_EVENT_PROCEED,
		.msg = req->payload,
		.msg_len = req->hdr.len,
	};

	rte_eth_dev_callback_process(ad->eth_dev, RTE_ETH_EVENT_VF_MBOX, &p);
	switch (p.retval) {
	case RTE_PMD_SRIOVNIC_MB_EVENT_NOOP_ACK:
		return SRIOVNIC_POLICY_ACK;
	case RTE_PMD_SRIOVNIC_MB_EVENT_NOOP_NACK:
		return SRIOVNIC_POLICY_NACK;
	default:
		return SRIOVNIC_POLICY_PROCEED;
	}
}

static int
parse_bool(const char *key, const char *value, void *arg)
{
	unsigned int *out = arg;

	if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0) {
		PMD_INIT_LOG(ERR, "devarg %s=%s: need 0 or 1", key, value);
		return -EINVAL;
	}
	*out = value[0] == '1';
	return 0;
}

static int
parse_switch_mode(const char *key, const char *value, void *arg)
{
	enum sriovnic_switch_mode *out = arg;

	if (strcmp(value, "legacy") == 0) {
		*out = SRIOVNIC_SWITCH_LEGACY;
	} else if (strcmp(value, "switchdev") == 0) {
		*out = SRIOVNIC_SWITCH_SWITCHDEV;
	} else {
		PMD_INIT_LOG(ERR, "devarg %s=%s: need legacy or switchdev",
			     key, value);
		return -EINVAL;
	}
	return 0;
}

/* A list of VFs, "[0,2-5]" or "3", into a bitmap */
static int
parse_vf_list(const char *key, const char *value, void *arg)
{
	uint64_t *set = arg;
	const char *p = value;
	unsigned long a, b;
	char *end;
	bool list = *p == '[';

	if (list)
		p++;
	do {
		a = strtoul(p, &end, 10);
		b = a;
		if (end != p && *end == '-')
			b = strtoul(end + 1, &end, 10);
		if (end == p || a > b || b >= SRIOVNIC_MAX_VFS) {
			PMD_INIT_LOG(ERR, "devarg %s=%s: need VF numbers 0..%u, as N, [N,M-K]",
				     key, value, SRIOVNIC_MAX_VFS - 1);
			return -EINVAL;
		}
		for (; a <= b; a++)
			*set |= RTE_BIT64(a);
		p = end + (*end == ',');
	} while (*end == ',');
	if (list ? strcmp(end, "]") != 0 : *end != '\0') {
		PMD_INIT_LOG(ERR, "devarg %s=%s: stray characters", key, value);
		return -EINVAL;
	}
	return 0;
}

static int
pf_parse_devargs(struct sriovnic_pf_adapter *ad, const struct rte_devargs *da)
{
	static const char *const keys[] = {
		SRIOVNIC_PF_ARG_MBX_RATE, SRIOVNIC_PF_ARG_MBX_BURST,
		SRIOVNIC_PF_ARG_TRUST, SRIOVNIC_PF_ARG_SPOOFCHK,
		SRIOVNIC_PF_ARG_FLOW_QUOTA, SRIOVNIC_PF_ARG_TX_LOOPBACK,
		SRIOVNIC_PF_ARG_SWITCH_MODE, "representor", NULL,
	};
	struct rte_kvargs *kv;
	int ret;

	ad->mbx_rate = SRIOVNIC_PF_MBX_RATE;
	ad->mbx_burst = SRIOVNIC_PF_MBX_BURST;
	ad->vf_flow_quota = SRIOVNIC_PF_FLOW_QUOTA;
	ad->tx_loopback = 1;
	ad->switch_mode = SRIOVNIC_SWITCH_AUTO;
	if (da == NULL || da->args == NULL || da->args[0] == '\0')
		return 0;
	kv = rte_kvargs_parse(da->args, keys);
	if (kv == NULL) {
		PMD_INIT_LOG(ERR, "invalid devargs '%s'; known: %s=<msgs/s, 0 = no limit>, %s=<msgs>, %s=<VF list>, %s=<VF list>, %s=<rules>, %s=<0|1>, %s=legacy|switchdev, representor=vf[<list>]",
			     da->args, SRIOVNIC_PF_ARG_MBX_RATE,
			     SRIOVNIC_PF_ARG_MBX_BURST, SRIOVNIC_PF_ARG_TRUST,
			     SRIOVNIC_PF_ARG_SPOOFCHK, SRIOVNIC_PF_ARG_FLOW_QUOTA,
			     SRIOVNIC_PF_ARG_TX_LOOPBACK,
			     SRIOVNIC_PF_ARG_SWITCH_MODE);
		return -EINVAL;
	}
	ret = sriovnic_kvargs_once(kv, keys, da->name);
	if (ret == 0)
		ret = rte_kvargs_process(kv, SRIOVNIC_PF_ARG_MBX_RATE,
			sriovnic_devarg_uint, &(struct sriovnic_devarg_uint){
				&ad->mbx_rate, 0, SRIOVNIC_PF_ARG_MAX });
	if (ret == 0)
		ret = rte_kvargs_process(kv, SRIOVNIC_PF_ARG_MBX_BURST,
			sriovnic_devarg_uint, &(struct sriovnic_devarg_uint){
				&ad->mbx_burst, 0, SRIOVNIC_PF_ARG_MAX });
	if (ret == 0)
		ret = rte_kvargs_process(kv, SRIOVNIC_PF_ARG_TRUST,
					 parse_vf_list, &ad->vf_trust);
	if (ret == 0)
		ret = rte_kvargs_process(kv, SRIOVNIC_PF_ARG_SPOOFCHK,
					 parse_vf_list, &ad->vf_spoofchk);
	if (ret == 0)
		ret = rte_kvargs_process(kv, SRIOVNIC_PF_ARG_FLOW_QUOTA,
			sriovnic_devarg_uint, &(struct sriovnic_devarg_uint){
				&ad->vf_flow_quota, 0, SRIOVNIC_PF_ARG_MAX });
	if (ret == 0)
		ret = rte_kvargs_process(kv, SRIOVNIC_PF_ARG_TX_LOOPBACK,
					 parse_bool, &ad->tx_loopback);
	if (ret == 0)
		ret = rte_kvargs_process(kv, SRIOVNIC_PF_ARG_SWITCH_MODE,
					 parse_switch_mode, &ad->switch_mode);
	rte_kvargs_free(kv);
	if (ret == 0 && ad->mbx_rate != 0 && ad->mbx_burst == 0) {
		PMD_INIT_LOG(ERR, "devarg %s must be at least 1 with a rate",
			     SRIOVNIC_PF_ARG_MBX_BURST);
		ret = -EINVAL;
	}
	return ret < 0 ? -EINVAL : 0;
}

static int
sriovnic_pf_dev_init(struct rte_eth_dev *dev, void *init_params)
{
	struct rte_pci_device *pci = RTE_ETH_DEV_TO_PCI(dev);
	struct sriovnic_pf_adapter *pa = dev->data->dev_private;
	struct sriovnic_adapter *ad = &pa->ad;
	struct sriovnic_pf *pf = &pa->pf;
	uint8_t mac[RTE_ETHER_ADDR_LEN];
	uint16_t i;
	int ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return sriovnic_dev_init_secondary(dev);
	pa->switch_domain = RTE_ETH_DEV_SWITCH_DOMAIN_ID_INVALID;
	ret = pf_parse_devargs(pa, pci->device.devargs);
	if (ret != 0)
		return ret;
	ad->hw = &pa->hw;
	ret = sriovnic_hw_attach(ad->hw, sriovnic_transport_of(pci), pci,
				 false);
	if (ret != 0)
		return ret;
	ret = sriovnic_hw_reset(ad->hw);
	if (ret != 0)
		goto fail;

	ad->ops = &sriovnic_pf_func_ops;
	sriovnic_hw_perm_addr(ad->hw, mac);
	if (!rte_is_valid_assigned_ether_addr((struct rte_ether_addr *)mac)) {
		PMD_INIT_LOG(ERR, "%s: no valid permanent MAC address in the card",
			     ad->hw->name);
		ret = -EINVAL;
		goto fail;
	}
	ret = sriovnic_pf_init(pf, ad->hw, mac, pa->mbx_rate,
			       pa->mbx_burst);
	if (ret != 0)
		goto fail;
	pf_aq_init(ad);
	sriovnic_pf_set_vepa(pf, !pa->tx_loopback);
	ret = sriovnic_representors_switch_mode(pa);
	if (ret != 0) {
		pf_aq_fini(ad);
		goto fail;
	}
	pf->policy = pf_policy;
	pf->policy_arg = ad;
	for (i = 0; i < ad->hw->num_vfs; i++) {
		struct sriovnic_func *fn = sriovnic_pf_vf(pf, i);

		fn->trusted = pa->vf_trust & RTE_BIT64(i);
		fn->spoof_mac = pa->vf_spoofchk & RTE_BIT64(i);
		fn->spoof_vlan = fn->spoof_mac;
	}
	ret = sriovnic_dev_init(dev, mac);
	if (ret != 0) {
		pf_aq_fini(ad);
		goto fail;
	}
	/* without it a tool cannot reach the PF; the port works on */
	sriovnic_mp_init();
	sriovnic_mp_pf_join(dev);
	/* VFs that asked before we were here are answered now */
	pf_mbx_intr(ad);
	PMD_INIT_LOG(INFO, "%s: PF port %u up with %u VFs", ad->hw->name,
		     dev->data->port_id, ad->hw->num_vfs);
	return 0;
fail:
	sriovnic_hw_detach(ad->hw);
	return ret;
}

/* A PF probed again only gets representors: its own settings were fixed
 * at the first probe
 */
static int
pf_reprobe_devargs_check(const struct rte_pci_device *pci)
{
	static const char *const keys[] = { "representor", NULL };
	const struct rte_devargs *da = pci->device.devargs;
	struct rte_kvargs *kv;
	int ret;

	if (da == NULL || da->args == NULL || da->args[0] == '\0')
		return 0;
	kv = rte_kvargs_parse(da->args, keys);
	if (kv == NULL) {
		PMD_INIT_LOG(ERR, "%s: probed again with '%s': a running PF takes representor=vf[<list>] only",
			     pci->device.name, da->args);
		return -EINVAL;
	}
	ret = sriovnic_kvargs_once(kv, keys, pci->device.name);
	rte_kvargs_free(kv);
	return ret;
}

/* A secondary process attaches the PF and the representors that the
 * primary created, whatever its own devargs say (also when the primary
 * hot-plugs representors and ethdev asks the secondaries to follow)
 */
static int
pf_probe_secondary(struct rte_pci_device *pci)
{
	struct rte_eth_dev *dev = rte_eth_dev_allocated(pci->device.name);
	int ret;

	if (dev == NULL || dev->state == RTE_ETH_DEV_UNUSED) {
		ret = rte_eth_dev_create(&pci->device, pci->device.name, 0,
					 eth_dev_pci_specific_init, pci,
					 sriovnic_pf_dev_init, NULL);
		if (ret != 0)
			return ret;
		dev = rte_eth_dev_allocated(pci->device.name);
	}
	return sriovnic_representors_attach(dev);
}

static int
sriovnic_pf_probe(struct rte_pci_driver *drv, struct rte_pci_device *pci)
{
	struct rte_eth_devargs da = { .nb_representor_ports = 0 };
	struct rte_eth_dev *dev;
	int ret;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return pf_probe_secondary(pci);

	if (pci->device.devargs != NULL &&
	    rte_eth_devargs_parse(pci->device.devargs->args, &da) < 0) {
		PMD_INIT_LOG(ERR, "%s: cannot parse devargs '%s'",
			     pci->device.name, pci->device.devargs->args);
		return -EINVAL;
	}
	if (da.type != RTE_ETH_REPRESENTOR_NONE &&
	    da.type != RTE_ETH_REPRESENTOR_VF) {
		PMD_INIT_LOG(ERR, "%s: unsupported representor type in '%s': only VF representors exist (representor=vf[<list>])",
			     pci->device.name, pci->device.devargs->args);
		return -ENOTSUP;
	}
	/* probed again (hot-plug of "<PF>,representor=..."): only the
	 * representors are new
	 */
	dev = rte_eth_dev_allocated(pci->device.name);
	if (dev != NULL) {
		ret = pf_reprobe_devargs_check(pci);
		if (ret != 0 || da.nb_representor_ports == 0)
			return ret;
		return sriovnic_representors_create(dev->data->dev_private,
						    &da);
	}
	ret = rte_eth_dev_create(&pci->device, pci->device.name,
				 sizeof(struct sriovnic_pf_adapter),
				 eth_dev_pci_specific_init, pci,
				 sriovnic_pf_dev_init, NULL);
	if (ret != 0 || da.nb_representor_ports == 0)
		return ret;
	dev = rte_eth_dev_allocated(pci->device.name);
	ret = sriovnic_representors_create(dev->data->dev_private, &da);
	if (ret != 0)
		rte_eth_dev_destroy(dev, NULL);
	return ret;
}

static int
sriovnic_pf_remove(struct rte_pci_device *pci)
{
	struct rte_eth_dev *dev = rte_eth_dev_allocated(pci->device.name);

	if (dev == NULL)
		return 0;
	return rte_eth_dev_close(dev->data->port_id);
}

static const struct rte_pci_id sriovnic_pf_ids[] = {
	{ RTE_PCI_DEVICE(SRIOVNIC_VENDOR_ID, SRIOVNIC_DEV_ID_PF) },
	{ .vendor_id = 0 },
};

static struct rte_pci_driver sriovnic_pf_driver = {
	.id_table = sriovnic_pf_ids,
	.drv_flags = RTE_PCI_DRV_INTR_LSC | RTE_PCI_DRV_PROBE_AGAIN,
	.probe = sriovnic_pf_probe,
	.remove = sriovnic_pf_remove,
};

RTE_PMD_REGISTER_PCI(net_sriovnic, sriovnic_pf_driver);
RTE_PMD_REGISTER_PCI_TABLE(net_sriovnic, sriovnic_pf_ids);
RTE_PMD_REGISTER_KMOD_DEP(net_sriovnic, "* vfio-pci");
RTE_PMD_REGISTER_PARAM_STRING(net_sriovnic,
			      SRIOVNIC_PF_ARG_MBX_RATE "=<0-1000000> "
			      SRIOVNIC_PF_ARG_MBX_BURST "=<0-1000000> "
			      SRIOVNIC_PF_ARG_TRUST "=<VF list> "
			      SRIOVNIC_PF_ARG_SPOOFCHK "=<VF list> "
			      SRIOVNIC_PF_ARG_FLOW_QUOTA "=<0-1000000> "
			      SRIOVNIC_PF_ARG_TX_LOOPBACK "=<0|1> "
			      "representor=vf[<list>]");
