/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * A PF application driving the private API of rte_pmd_sriovnic.h and the
 * RTE_ETH_EVENT_VF_MBOX policy hook, one command per stdin line, for the
 * end-to-end tests. Each command prints "ok <result>" or "err <errno name>".
 *   trust VF 0|1        mac VF XX:XX:XX:XX:XX:XX    link VF auto|up|down
 *   spoof VF 0|1        pvid VF VID PCP             filter VF VID 0|1
 *   stats VF            reset VF                    ping VF
 *   quota VF RULES      (flow rules the VF may have)
 *   policy VF           (the VF's policy record, as one line of JSON)
 *   apply VF {JSON}     (a record as policy prints it, to VF)
 *   steer REP MAC       (transfer rule: frames from the wire to MAC go to
 *                        the VF of representor port REP)
 *   loopback 0|1        (tx loopback of the port: 1 VEB, 0 VEPA)
 *   deny OPCODE         (policy: refuse that mailbox request from any VF)
 *   events              (number of VF_MBOX events seen)
 *   bad                 (calls with bad arguments; prints each result)
 *   suspend VF          resume VF
 *   save VF             (VF's state record kept here; prints its length)
 *   restore VF [corrupt] (the kept record into VF; corrupt: one byte of
 *                        it flipped first)
 *   move VF             (suspend, save, restore, resume; prints the
 *                        microseconds from suspend to resume)
 *   quit
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_errno.h>
#include <rte_flow.h>
#include <rte_mbuf.h>

#include "rte_pmd_sriovnic.h"
#include "vf_policy_json.h"

static unsigned int mbox_events;
static uint8_t vf_state[4096];
static int vf_state_len;
static int deny_opcode = -1;

static int
on_vf_mbox(uint16_t port, enum rte_eth_event_type type, void *arg, void *p)
{
	struct rte_pmd_sriovnic_mb_event_param *ev = p;

	mbox_events++;
	if (ev->msg_type == deny_opcode)
		ev->retval = RTE_PMD_SRIOVNIC_MB_EVENT_NOOP_NACK;
	return 0;
}

/* The sriovnic PF among the ports (others, such as a null vdev, may be) */
static int
pf_port(uint16_t *port)
{
	struct rte_eth_dev_info info;
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p)
		if (rte_eth_dev_info_get(p, &info) == 0 &&
		    strcmp(info.driver_name, "net_sriovnic") == 0) {
			*port = p;
			return 0;
		}
	return -ENODEV;
}

static void
result(int ret)
{
	if (ret < 0)
		printf("err %s\n", strerror(-ret));
	else
		printf("ok %d\n", ret);
	fflush(stdout);
}

static int
port_start(uint16_t port)
{
	struct rte_eth_conf conf = { .intr_conf = { .lsc = 1 } };
	struct rte_mempool *mp;
	int ret;

	mp = rte_pktmbuf_pool_create("pf_admin", 1024, 0, 0,
				     RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
	if (mp == NULL)
		return -ENOMEM;
	ret = rte_eth_dev_configure(port, 1, 1, &conf);
	if (ret == 0)
		ret = rte_eth_rx_queue_setup(port, 0, 256, SOCKET_ID_ANY, NULL, mp);
	if (ret == 0)
		ret = rte_eth_tx_queue_setup(port, 0, 256, SOCKET_ID_ANY, NULL);
	if (ret == 0)
		ret = rte_eth_dev_start(port);
	return ret;
}

/* The record as one line of JSON, by the sriovnic-vf-policy tool's codec */
static void
print_policy(const struct rte_pmd_sriovnic_vf_policy *p)
{
	json_t *o = sriovnic_vf_policy_to_json(p);
	char *js = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;

	printf("%s %s\n", js != NULL ? "ok" : "err", js != NULL ? js :
	       "no memory");
	fflush(stdout);
	free(js);
	json_decref(o);
}

static int
apply_policy(uint16_t port, uint16_t vf, const char *js)
{
	struct rte_pmd_sriovnic_vf_policy *p = malloc(sizeof(*p));
	json_t *o = json_loads(js, JSON_REJECT_DUPLICATES, NULL);
	char why[160] = "not JSON";
	int ret = -EINVAL;

	if (p != NULL && o != NULL)
		ret = sriovnic_vf_policy_from_json(o, p, why, sizeof(why));
	if (ret == 0)
		ret = rte_pmd_sriovnic_set_vf_policy(port, vf, p);
	else
		fprintf(stderr, "pf_admin: not a VF policy record: %s\n", why);
	json_decref(o);
	free(p);
	return ret;
}

/* A transfer rule on the PF port: frames from the wire to mac go to the
 * VF that representor port rep stands for
 */
static int
steer(uint16_t port, uint16_t rep, const char *mac)
{
	struct rte_flow_attr attr = { .transfer = 1 };
	struct rte_flow_item_eth spec = { 0 }, mask = { 0 };
	struct rte_flow_item pattern[] = {
		{ .type = RTE_FLOW_ITEM_TYPE_ETH, .spec = &spec, .mask = &mask },
		{ .type = RTE_FLOW_ITEM_TYPE_END },
	};
	struct rte_flow_action_ethdev to = { .port_id = rep };
	struct rte_flow_action actions[] = {
		{ .type = RTE_FLOW_ACTION_TYPE_REPRESENTED_PORT, .conf = &to },
		{ .type = RTE_FLOW_ACTION_TYPE_END },
	};
	struct rte_flow_error err;

	if (rte_ether_unformat_addr(mac, &spec.dst) != 0)
		return -EINVAL;
	memset(&mask.dst, 0xff, sizeof(mask.dst));
	if (rte_flow_create(port, &attr, pattern, actions, &err) == NULL)
		return -rte_errno;
	return 0;
}

static int
state_restore(uint16_t port, uint16_t vf, bool corrupt)
{
	static uint8_t rec[sizeof(vf_state)];

	memcpy(rec, vf_state, sizeof(rec));
	if (corrupt)
		rec[vf_state_len / 2] ^= 0x10;
	return rte_pmd_sriovnic_vf_state_restore(port, vf, rec, vf_state_len);
}

/* A VF's state saved and restored onto it between suspend and resume;
 * the pause in microseconds
 */
static int
state_move(uint16_t port, uint16_t vf)
{
	uint64_t start = rte_get_timer_cycles();
	int ret;

	ret = rte_pmd_sriovnic_vf_suspend(port, vf);
	if (ret == 0) {
		vf_state_len = rte_pmd_sriovnic_vf_state_save(port, vf, vf_state,
							      sizeof(vf_state));
		ret = RTE_MIN(vf_state_len, 0);
	}
	if (ret == 0)
		ret = rte_pmd_sriovnic_vf_state_restore(port, vf, vf_state,
							vf_state_len);
	/* resumed in any case, so that a failure leaves the VF running */
	if (rte_pmd_sriovnic_vf_resume(port, vf) != 0 && ret == 0)
		ret = -EIO;
	if (ret < 0)
		return ret;
	return (rte_get_timer_cycles() - start) * US_PER_S / rte_get_timer_hz();
}

/* A port of this process that is not the PF, else no port at all */
static uint16_t
other_port(uint16_t pf)
{
	uint16_t p;

	RTE_ETH_FOREACH_DEV(p)
		if (p != pf)
			return p;
	return RTE_MAX_ETHPORTS;
}

static void
bad_calls(uint16_t port)
{
	static struct rte_pmd_sriovnic_vf_policy bad_pol;
	struct rte_pmd_sriovnic_vf_stats st;
	struct rte_ether_addr mc = { { 0x01, 0, 0x5e, 0, 0, 1 } };

	result(rte_pmd_sriovnic_set_vf_trust(port, 64, true));
	result(rte_pmd_sriovnic_set_vf_trust(RTE_MAX_ETHPORTS, 0, true));
	result(rte_pmd_sriovnic_set_vf_mac_addr(port, 0, &mc));
	result(rte_pmd_sriovnic_set_vf_link_state(port, 0, 7));
	result(rte_pmd_sriovnic_set_vf_vlan_insert(port, 0, 4095, 0));
	result(rte_pmd_sriovnic_set_vf_vlan_filter(port, 0, 0, true));
	result(rte_pmd_sriovnic_get_vf_stats(port, 0, NULL));
	result(rte_pmd_sriovnic_get_vf_stats(port, 200, &st));
	result(rte_pmd_sriovnic_set_tx_loopback(RTE_MAX_ETHPORTS, true));
	/* the VF state API */
	result(rte_pmd_sriovnic_vf_suspend(other_port(port), 0));
	result(rte_pmd_sriovnic_vf_resume(port, 64));
	result(rte_pmd_sriovnic_vf_state_save(port, 64, NULL, 0));
	result(rte_pmd_sriovnic_vf_suspend(port, 0));
	result(rte_pmd_sriovnic_vf_state_save(port, 0, NULL, sizeof(vf_state)));
	result(rte_pmd_sriovnic_vf_state_save(port, 0, vf_state, 100));
	vf_state_len = rte_pmd_sriovnic_vf_state_save(port, 0, vf_state,
						      sizeof(vf_state));
	result(rte_pmd_sriovnic_vf_state_restore(port, 0, NULL, vf_state_len));
	result(rte_pmd_sriovnic_vf_state_restore(port, 0, vf_state,
						 vf_state_len - 1));
	result(rte_pmd_sriovnic_vf_state_restore(port, 0, vf_state,
						 sizeof(vf_state)));
	result(rte_pmd_sriovnic_vf_resume(port, 0));
	/* the driver's own checks of a record, which the JSON codec's
	 * spare it in the commands above
	 */
	if (rte_pmd_sriovnic_get_vf_policy(port, 0, &bad_pol) != 0)
		return;
	result(rte_pmd_sriovnic_set_vf_policy(port, 0, NULL));
	bad_pol.version = RTE_PMD_SRIOVNIC_VF_POLICY_VERSION + 1;
	result(rte_pmd_sriovnic_set_vf_policy(port, 0, &bad_pol));
	bad_pol.version = RTE_PMD_SRIOVNIC_VF_POLICY_VERSION;
	bad_pol.nb_extra_mac = RTE_PMD_SRIOVNIC_VF_MAX_EXTRA_MAC + 1;
	result(rte_pmd_sriovnic_set_vf_policy(port, 0, &bad_pol));
	bad_pol.nb_extra_mac = 0;
	bad_pol.pvid = 4095;
	result(rte_pmd_sriovnic_set_vf_policy(port, 0, &bad_pol));
}

int
main(int argc, char **argv)
{
	static struct rte_pmd_sriovnic_vf_policy pol;
	struct rte_pmd_sriovnic_vf_stats st;
	struct rte_ether_addr mac;
	char line[16384], cmd[32], arg[64];
	unsigned int vf, a, b;
	uint16_t port = 0;
	int ret, n;

	ret = rte_eal_init(argc, argv);
	if (ret < 0 || pf_port(&port) != 0) {
		fprintf(stderr, "pf_admin: no PF port\n");
		return 1;
	}
	rte_eth_dev_callback_register(port, RTE_ETH_EVENT_VF_MBOX, on_vf_mbox,
				      NULL);
	ret = port_start(port);
	printf("ready %d\n", ret);
	fflush(stdout);

	while (fgets(line, sizeof(line), stdin) != NULL) {
		n = sscanf(line, "%31s %u %63s %u", cmd, &vf, arg, &b);
		if (n < 1)
			continue;
		a = n >= 3 ? strtoul(arg, NULL, 0) : 0;
		if (!strcmp(cmd, "quit"))
			break;
		else if (!strcmp(cmd, "trust") && n >= 3)
			result(rte_pmd_sriovnic_set_vf_trust(port, vf, a));
		else if (!strcmp(cmd, "spoof") && n >= 3)
			result(rte_pmd_sriovnic_set_vf_mac_anti_spoof(port, vf, a));
		else if (!strcmp(cmd, "link") && n >= 3)
			result(rte_pmd_sriovnic_set_vf_link_state(port, vf,
				!strcmp(arg, "up") ? RTE_PMD_SRIOVNIC_LINK_UP :
				!strcmp(arg, "down") ? RTE_PMD_SRIOVNIC_LINK_DOWN :
				RTE_PMD_SRIOVNIC_LINK_AUTO));
		else if (!strcmp(cmd, "mac") && n >= 3 &&
			 rte_ether_unformat_addr(arg, &mac) == 0)
			result(rte_pmd_sriovnic_set_vf_mac_addr(port, vf, &mac));
		else if (!strcmp(cmd, "pvid") && n >= 3)
			result(rte_pmd_sriovnic_set_vf_vlan_insert(port, vf, a,
								    n == 4 ? b : 0));
		else if (!strcmp(cmd, "filter") && n == 4)
			result(rte_pmd_sriovnic_set_vf_vlan_filter(port, vf, a, b));
		else if (!strcmp(cmd, "apply") && n >= 3)
			result(apply_policy(port, vf, strchr(line, '{') ?: ""));
		else if (!strcmp(cmd, "steer") && n >= 3)
			result(steer(port, vf, arg));
		else if (!strcmp(cmd, "policy") && n >= 2) {
			ret = rte_pmd_sriovnic_get_vf_policy(port, vf, &pol);
			if (ret != 0)
				result(ret);
			else
				print_policy(&pol);
		} else if (!strcmp(cmd, "quota") && n >= 3)
			result(rte_pmd_sriovnic_set_vf_flow_quota(port, vf, a));
		else if (!strcmp(cmd, "loopback") && n >= 2)
			result(rte_pmd_sriovnic_set_tx_loopback(port, vf));
		else if (!strcmp(cmd, "ping") && n >= 2)
			result(rte_pmd_sriovnic_ping_vf(port, vf));
		else if (!strcmp(cmd, "reset") && n >= 2)
			result(rte_pmd_sriovnic_reset_vf_stats(port, vf));
		else if (!strcmp(cmd, "stats") && n >= 2) {
			ret = rte_pmd_sriovnic_get_vf_stats(port, vf, &st);
			if (ret != 0) {
				result(ret);
				continue;
			}
			printf("ok rx_packets=%" PRIu64 " tx_packets=%" PRIu64
			       " mac_spoof_dropped=%" PRIu64 " mbx_requests=%"
			       PRIu64 " mbx_refused=%" PRIu64 " resets=%" PRIu64
			       " rx_missed=%" PRIu64 "\n", st.rx_packets,
			       st.tx_packets, st.mac_spoof_dropped,
			       st.mbx_requests, st.mbx_refused, st.resets,
			       st.rx_missed);
			fflush(stdout);
		} else if (!strcmp(cmd, "deny") && n >= 2) {
			deny_opcode = vf;
			result(0);
		} else if (!strcmp(cmd, "suspend") && n >= 2) {
			result(rte_pmd_sriovnic_vf_suspend(port, vf));
		} else if (!strcmp(cmd, "resume") && n >= 2) {
			result(rte_pmd_sriovnic_vf_resume(port, vf));
		} else if (!strcmp(cmd, "save") && n >= 2) {
			vf_state_len = rte_pmd_sriovnic_vf_state_save(port, vf,
					vf_state, sizeof(vf_state));
			result(vf_state_len);
		} else if (!strcmp(cmd, "restore") && n >= 2) {
			result(state_restore(port, vf, n >= 3 &&
					     !strcmp(arg, "corrupt")));
		} else if (!strcmp(cmd, "move") && n >= 2) {
			result(state_move(port, vf));
		} else if (!strcmp(cmd, "events")) {
			result(mbox_events);
		} else if (!strcmp(cmd, "bad")) {
			bad_calls(port);
		} else {
			printf("err unknown command\n");
			fflush(stdout);
		}
	}
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
	rte_eal_cleanup();
	return 0;
}
