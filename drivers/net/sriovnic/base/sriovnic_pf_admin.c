/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * The administrator's settings for each VF. Whichever way they arrive
 * (private API, representor port), the switch is reprogrammed at once and
 * the VF is told with an event. And the port's own: its link toward the
 * wire and the switch mode.
 */
#include <errno.h>
#include <string.h>

#include <rte_ether.h>

#include "sriovnic_pf.h"
#include "sriovnic_pf_locked.h"

#define SRIOVNIC_PORT_DOWN_TIMEOUT_MS	100	/* datasheet 4 */

/* Called with pf->lock held. Events are best effort: a VF that does not
 * take them still finds the truth in its registers and in GET_* requests.
 */
int
sriovnic_pf_vf_event_locked(struct sriovnic_pf *pf, uint16_t vf, uint16_t op,
			    const void *data, uint16_t len)
{
	const struct sriovnic_func *fn = sriovnic_pf_vf(pf, vf);
	struct sriovnic_mbx_msg ev = { .hdr = { .opcode = op, .len = len } };
	struct sriovnic_mbx_chan ch;
	int ret;

	if (!fn->active || !(fn->caps & SRIOVNIC_MBX_CAP_LINK_EVENT))
		return -ENOTCONN;
	if (len != 0)
		memcpy(ev.payload, data, len);
	sriovnic_mbx_chan_pf(&ch, vf);
	ret = sriovnic_mbx_send(pf->hw, &ch, &ev, SRIOVNIC_PF_REPLY_TIMEOUT_MS);
	if (ret != 0)
		PMD_MBX_LOG(WARNING, "VF %u did not take event %#x", vf, op);
	return ret;
}

void
sriovnic_pf_vf_link_of(struct sriovnic_pf *pf, uint16_t vf,
		       struct sriovnic_mbx_link *link)
{
	uint8_t mode = sriovnic_pf_vf(pf, vf)->link_mode;

	link->speed = sriovnic_read(pf->hw, SRIOVNIC_LINK_SPEED);
	link->status = sriovnic_read(pf->hw, SRIOVNIC_LINK_STATUS);
	if (mode == SRIOVNIC_FLINK_UP)
		link->status |= SRIOVNIC_LINK_UP | SRIOVNIC_LINK_FULL_DUPLEX;
	else if (mode == SRIOVNIC_FLINK_DOWN)
		link->status &= ~SRIOVNIC_LINK_UP;
}

/* Every change of a function's state, the administrator's and the PF
 * port's own: func_begin takes pf->lock and a copy of the state,
 * func_commit applies the edited copy all or nothing, tells a VF ev (0:
 * nothing) once it is applied, and unlocks.
 */
static void
func_begin(struct sriovnic_pf *pf, uint8_t f, struct sriovnic_func *want)
{
	pthread_mutex_lock(&pf->lock);
	*want = pf->func[f];
}

static int
func_commit(struct sriovnic_pf *pf, uint8_t f, const struct sriovnic_func *want,
	    uint16_t ev, const void *data, uint16_t len)
{
	int ret = sriovnic_pf_func_update_locked(pf, f, want);

	if (ret == 0 && ev != 0)
		sriovnic_pf_vf_event_locked(pf, f - SRIOVNIC_FUNC_VF(0), ev, data, len);
	pthread_mutex_unlock(&pf->lock);
	return ret;
}

static int
vf_begin(struct sriovnic_pf *pf, uint16_t vf, struct sriovnic_func *want)
{
	if (vf >= pf->hw->num_vfs)
		return -ENODEV;
	func_begin(pf, SRIOVNIC_FUNC_VF(vf), want);
	return 0;
}

static int
vf_commit(struct sriovnic_pf *pf, uint16_t vf, const struct sriovnic_func *want,
	  uint16_t ev, const void *data, uint16_t len)
{
	return func_commit(pf, SRIOVNIC_FUNC_VF(vf), want, ev, data, len);
}

int
sriovnic_pf_func_edit(struct sriovnic_pf *pf, uint8_t f,
		      int (*edit)(struct sriovnic_func *want, const void *arg),
		      const void *arg)
{
	struct sriovnic_func want;
	int ret;

	func_begin(pf, f, &want);
	ret = edit(&want, arg);
	if (ret != 0) {
		pthread_mutex_unlock(&pf->lock);
		return ret;
	}
	return func_commit(pf, f, &want, 0, NULL, 0);
}

int
sriovnic_pf_set_vf_policy(struct sriovnic_pf *pf, uint16_t vf,
			  int (*edit)(struct sriovnic_func *want,
				      const void *arg),
			  const void *arg)
{
	struct sriovnic_func want, old;
	struct sriovnic_mbx_mac mac = { .rsvd = 0 };
	struct sriovnic_mbx_vlan vlan;
	struct sriovnic_mbx_link link;
	int ret = vf_begin(pf, vf, &want);

	if (ret != 0)
		return ret;
	old = want;
	ret = edit(&want, arg);
	if (ret == 0)
		ret = sriovnic_pf_func_update_locked(pf, SRIOVNIC_FUNC_VF(vf),
						     &want);
	if (ret != 0) {
		pthread_mutex_unlock(&pf->lock);
		return ret;
	}
	/* the VF learns what its own settings show it, as each setter tells */
	if (memcmp(old.mac, want.mac, sizeof(want.mac)) != 0) {
		memcpy(mac.mac, want.mac, sizeof(mac.mac));
		sriovnic_pf_vf_event_locked(pf, vf, SRIOVNIC_MBX_EV_MAC, &mac,
					    sizeof(mac));
	}
	if (old.pvid != want.pvid || old.pcp != want.pcp) {
		vlan = (struct sriovnic_mbx_vlan){ .vid = want.pvid,
						   .pcp = want.pcp };
		sriovnic_pf_vf_event_locked(pf, vf, SRIOVNIC_MBX_EV_VLAN, &vlan,
					    sizeof(vlan));
	}
	if (old.link_mode != want.link_mode) {
		sriovnic_pf_vf_link_of(pf, vf, &link);
		sriovnic_pf_vf_event_locked(pf, vf, SRIOVNIC_MBX_EV_LINK, &link,
					    sizeof(link));
	}
	pthread_mutex_unlock(&pf->lock);
	return 0;
}

int
sriovnic_pf_set_vf_mac(struct sriovnic_pf *pf, uint16_t vf,
		       const uint8_t mac[6])
{
	struct sriovnic_mbx_mac ev = { .rsvd = 0 };
	struct sriovnic_func want;
	struct rte_ether_addr ea;
	int ret;

	/* mac need not be aligned as struct rte_ether_addr is */
	memcpy(&ea, mac, sizeof(ea));
	if (!rte_is_valid_assigned_ether_addr(&ea))
		return -EINVAL;
	ret = vf_begin(pf, vf, &want);
	if (ret != 0)
		return ret;
	memcpy(want.mac, mac, 6);
	want.admin_mac = true;
	memcpy(ev.mac, mac, 6);
	return vf_commit(pf, vf, &want, SRIOVNIC_MBX_EV_MAC, &ev, sizeof(ev));
}

int
sriovnic_pf_set_vf_trust(struct sriovnic_pf *pf, uint16_t vf, bool on)
{
	struct sriovnic_func want;
	int ret = vf_begin(pf, vf, &want);

	if (ret != 0)
		return ret;
	want.trusted = on;
	if (!on) {
		/* privileges granted under trust go with it */
		want.promisc = false;
		want.allmulti = false;
		want.nb_uc = 0;
	}
	return vf_commit(pf, vf, &want, 0, NULL, 0);
}

int
sriovnic_pf_set_vf_spoofchk(struct sriovnic_pf *pf, uint16_t vf, bool mac,
			    bool vlan)
{
	struct sriovnic_func want;
	int ret = vf_begin(pf, vf, &want);

	if (ret != 0)
		return ret;
	want.spoof_mac = mac;
	want.spoof_vlan = vlan;
	return vf_commit(pf, vf, &want, 0, NULL, 0);
}

int
sriovnic_pf_set_vf_link(struct sriovnic_pf *pf, uint16_t vf, uint8_t mode)
{
	struct sriovnic_mbx_link link;
	struct sriovnic_func want;
	int ret;

	if (mode > SRIOVNIC_FLINK_DOWN)
		return -EINVAL;
	ret = vf_begin(pf, vf, &want);
	if (ret != 0)
		return ret;
	want.link_mode = mode;
	ret = sriovnic_pf_func_update_locked(pf, SRIOVNIC_FUNC_VF(vf), &want);
	if (ret == 0) {
		sriovnic_pf_vf_link_of(pf, vf, &link);
		sriovnic_pf_vf_event_locked(pf, vf, SRIOVNIC_MBX_EV_LINK, &link,
					    sizeof(link));
	}
	pthread_mutex_unlock(&pf->lock);
	return ret;
}

int
sriovnic_pf_set_vf_vlan(struct sriovnic_pf *pf, uint16_t vf, uint16_t vid,
			uint8_t pcp)
{
	struct sriovnic_mbx_vlan ev = { .vid = vid, .pcp = pcp };
	struct sriovnic_func want;
	int ret;

	if (vid > 4094 || pcp > 7)
		return -EINVAL;
	ret = vf_begin(pf, vf, &want);
	if (ret != 0)
		return ret;
	/* the VF's own VLAN choices stay recorded, without effect under a
	 * port VLAN (func_vids, and the card ignores VLAN_STRIP)
	 */
	want.pvid = vid;
	want.pcp = vid ? pcp : 0;
	return vf_commit(pf, vf, &want, SRIOVNIC_MBX_EV_VLAN, &ev, sizeof(ev));
}

int
sriovnic_pf_set_vf_vlan_tpid(struct sriovnic_pf *pf, uint16_t vf, uint16_t tpid)
{
	struct sriovnic_func want;
	int ret;

	if (tpid != SRIOVNIC_TPID_STAG && tpid != SRIOVNIC_TPID_CTAG)
		return -EINVAL;
	if (tpid == SRIOVNIC_TPID_STAG && !(pf->hw->caps & SRIOVNIC_CAP_QINQ))
		return -ENOTSUP;
	ret = vf_begin(pf, vf, &want);
	if (ret != 0)
		return ret;
	/* the VF sees no difference: it never sees its port tag */
	want.pvlan_stag = tpid == SRIOVNIC_TPID_STAG;
	return vf_commit(pf, vf, &want, 0, NULL, 0);
}

int
sriovnic_pf_set_vf_vlan_filter(struct sriovnic_pf *pf, uint16_t vf,
			       uint16_t vid, bool on)
{
	struct sriovnic_func want;
	int ret;

	if (vid == 0 || vid > 4094)
		return -EINVAL;
	ret = vf_begin(pf, vf, &want);
	if (ret != 0)
		return ret;
	ret = sriovnic_func_vlan_edit(&want, vid, on);
	if (ret != 0 && ret != -ENOENT) {
		pthread_mutex_unlock(&pf->lock);
		return ret;
	}
	return vf_commit(pf, vf, &want, 0, NULL, 0);
}

int
sriovnic_pf_set_vf_vlan_filtering(struct sriovnic_pf *pf, uint16_t vf, bool on)
{
	struct sriovnic_func want;
	int ret = vf_begin(pf, vf, &want);

	if (ret != 0)
		return ret;
	want.admin_vlan_filter = on;
	return vf_commit(pf, vf, &want, 0, NULL, 0);
}

int
sriovnic_pf_set_vf_rxmode(struct sriovnic_pf *pf, uint16_t vf, bool promisc,
			  bool allmulti)
{
	struct sriovnic_func want;
	int ret = vf_begin(pf, vf, &want);

	if (ret != 0)
		return ret;
	if ((promisc || allmulti) && !want.trusted) {
		pthread_mutex_unlock(&pf->lock);
		return -EPERM;
	}
	want.promisc = promisc;
	want.allmulti = allmulti;
	return vf_commit(pf, vf, &want, 0, NULL, 0);
}

int
sriovnic_pf_set_vf_slow_path(struct sriovnic_pf *pf, uint16_t vf, bool on)
{
	struct sriovnic_func want;
	int ret = vf_begin(pf, vf, &want);

	if (ret != 0)
		return ret;
	want.slow_path = on;
	return vf_commit(pf, vf, &want, 0, NULL, 0);
}

static void
vf_stats_raw(struct sriovnic_pf *pf, uint16_t vf, struct sriovnic_mbx_stats *st)
{
	uint32_t base = SRIOVNIC_PF_VFST(vf);

	st->rx_pkts = sriovnic_read64(pf->hw, base + SRIOVNIC_VFST_RX_PKTS);
	st->rx_bytes = sriovnic_read64(pf->hw, base + SRIOVNIC_VFST_RX_BYTES);
	st->tx_pkts = sriovnic_read64(pf->hw, base + SRIOVNIC_VFST_TX_PKTS);
	st->tx_bytes = sriovnic_read64(pf->hw, base + SRIOVNIC_VFST_TX_BYTES);
	st->spoof_mac = sriovnic_read64(pf->hw, base + SRIOVNIC_VFST_SPOOF_MAC);
	st->spoof_vlan = sriovnic_read64(pf->hw, base + SRIOVNIC_VFST_SPOOF_VLAN);
	st->rx_missed = sriovnic_read64(pf->hw, base + SRIOVNIC_VFST_RX_MISSED);
}

/* Counters since the administrator last reset them */
void
sriovnic_pf_get_vf_stats_locked(struct sriovnic_pf *pf, uint16_t vf,
				struct sriovnic_mbx_stats *st)
{
	const struct sriovnic_mbx_stats *b = &sriovnic_pf_vf(pf, vf)->stats_base;

	vf_stats_raw(pf, vf, st);
	st->rx_pkts -= b->rx_pkts;
	st->rx_bytes -= b->rx_bytes;
	st->tx_pkts -= b->tx_pkts;
	st->tx_bytes -= b->tx_bytes;
	st->spoof_mac -= b->spoof_mac;
	st->spoof_vlan -= b->spoof_vlan;
	st->rx_missed -= b->rx_missed;
}

int
sriovnic_pf_get_vf_stats(struct sriovnic_pf *pf, uint16_t vf,
			 struct sriovnic_mbx_stats *st)
{
	if (vf >= pf->hw->num_vfs)
		return -ENODEV;
	pthread_mutex_lock(&pf->lock);
	sriovnic_pf_get_vf_stats_locked(pf, vf, st);
	pthread_mutex_unlock(&pf->lock);
	return 0;
}

int
sriovnic_pf_get_vf_info(struct sriovnic_pf *pf, uint16_t vf,
			struct sriovnic_pf_vf_info *info)
{
	if (vf >= pf->hw->num_vfs)
		return -ENODEV;
	pthread_mutex_lock(&pf->lock);
	info->fn = *sriovnic_pf_vf(pf, vf);
	sriovnic_pf_get_vf_stats_locked(pf, vf, &info->st);
	info->nb_rules = pf->flow.vf[vf].nb_rules;
	info->quota = pf->flow.vf[vf].quota;
	info->tx = pf->tm.live.func[SRIOVNIC_FUNC_VF(vf)];
	info->present = sriovnic_pf_vf_present(pf, vf);
	pthread_mutex_unlock(&pf->lock);
	return 0;
}

void
sriovnic_pf_get_port_info(struct sriovnic_pf *pf,
			  struct sriovnic_pf_port_info *info)
{
	pthread_mutex_lock(&pf->lock);
	info->vepa = pf->vepa;
	info->switchdev = pf->switchdev;
	info->port_down = pf->port_down;
	info->mbx_rate_limit = pf->mbx_rate_limit;
	info->flow_ids = pf->flow.nb_ids;
	info->flow_ids_used = sriovnic_pf_flow_ids_used_locked(pf);
	info->tm_prios = pf->tm.prios;
	pthread_mutex_unlock(&pf->lock);
}

int
sriovnic_pf_reset_vf_stats(struct sriovnic_pf *pf, uint16_t vf)
{
	struct sriovnic_func *fn;

	if (vf >= pf->hw->num_vfs)
		return -ENODEV;
	pthread_mutex_lock(&pf->lock);
	fn = sriovnic_pf_vf(pf, vf);
	vf_stats_raw(pf, vf, &fn->stats_base);
	fn->msgs = 0;
	fn->nacks = 0;
	fn->limited = 0;
	fn->resets = 0;
	pthread_mutex_unlock(&pf->lock);
	return 0;
}

int
sriovnic_pf_ping_vf(struct sriovnic_pf *pf, uint16_t vf)
{
	int ret;

	if (vf >= pf->hw->num_vfs)
		return -ENODEV;
	pthread_mutex_lock(&pf->lock);
	ret = sriovnic_pf_vf_event_locked(pf, vf, SRIOVNIC_MBX_EV_PING, NULL, 0);
	pthread_mutex_unlock(&pf->lock);
	return ret;
}

/* Port-wide events: link change (to VFs following the port), reset
 * impending, PF going away.
 */
void
sriovnic_pf_notify_vfs(struct sriovnic_pf *pf, uint16_t event)
{
	struct sriovnic_mbx_link link;
	uint16_t vf;

	pthread_mutex_lock(&pf->lock);
	for (vf = 0; vf < pf->hw->num_vfs; vf++) {
		if (event != SRIOVNIC_MBX_EV_LINK) {
			sriovnic_pf_vf_event_locked(pf, vf, event, NULL, 0);
		} else if (sriovnic_pf_vf(pf, vf)->link_mode ==
			   SRIOVNIC_FLINK_AUTO) {
			sriovnic_pf_vf_link_of(pf, vf, &link);
			sriovnic_pf_vf_event_locked(pf, vf, event, &link,
						    sizeof(link));
		}
	}
	pthread_mutex_unlock(&pf->lock);
}

/* The card takes the port down within 10 ms, and the misc interrupt that
 * reports it tells the VFs that follow the port (datasheet 4); waiting for
 * it lets the caller report the port down at once. Up is not waited for:
 * it also needs the wire.
 */
int
sriovnic_pf_set_port_down(struct sriovnic_pf *pf, bool down)
{
	int ret;

	pthread_mutex_lock(&pf->lock);
	pf->port_down = down;
	sriovnic_write(pf->hw, SRIOVNIC_PORT_CTRL,
		       down ? SRIOVNIC_PORTCTRL_DOWN : 0);
	pthread_mutex_unlock(&pf->lock);
	if (!down)
		return 0;
	ret = sriovnic_hw_wait(pf->hw, SRIOVNIC_LINK_STATUS, SRIOVNIC_LINK_UP,
			       0, SRIOVNIC_PORT_DOWN_TIMEOUT_MS);
	if (ret != 0)
		PMD_DRV_LOG(ERR, "%s: port still up %u ms after it was taken down",
			    pf->hw->name, SRIOVNIC_PORT_DOWN_TIMEOUT_MS);
	return ret;
}

void
sriovnic_pf_set_vepa(struct sriovnic_pf *pf, bool vepa)
{
	pthread_mutex_lock(&pf->lock);
	pf->vepa = vepa;
	sriovnic_sw_ctrl_locked(pf);
	pthread_mutex_unlock(&pf->lock);
}

int
sriovnic_pf_set_switchdev(struct sriovnic_pf *pf, bool on)
{
	if (on && !(pf->hw->caps & SRIOVNIC_CAP_SWITCHDEV))
		return -ENOTSUP;
	pthread_mutex_lock(&pf->lock);
	if (pf->switchdev != on) {
		pf->switchdev = on;
		sriovnic_sw_ctrl_locked(pf);
		PMD_DRV_LOG(INFO, "%s: switch in %s mode", pf->hw->name,
			    on ? "switchdev" : "legacy");
	}
	pthread_mutex_unlock(&pf->lock);
	return 0;
}
