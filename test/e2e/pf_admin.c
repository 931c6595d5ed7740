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
 *   loopback 0|1        (tx loopback of the port: 1 VEB, 0 VEPA)
 *   deny OPCODE         (policy: refuse that mailbox request from any VF)
 *   events              (number of VF_MBOX events seen)
 *   bad                 (calls with bad arguments; prints each result)
 *   quit
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "rte_pmd_sriovnic.h"

static unsigned int mbox_events;
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

static const char *const link_names[] = { "auto", "up", "down" };

static void
print_macs(const struct rte_ether_addr *m, unsigned int n)
{
	char buf[RTE_ETHER_ADDR_FMT_SIZE];
	unsigned int k;

	for (k = 0; k < n; k++) {
		rte_ether_format_addr(buf, sizeof(buf), &m[k]);
		printf("%s\"%s\"", k ? ", " : "", buf);
	}
}

static void
print_policy(const struct rte_pmd_sriovnic_vf_policy *p)
{
	unsigned int k;

	printf("ok {\"version\": %u, \"mac\": ", p->version);
	print_macs(&p->mac, 1);
	printf(", \"admin_mac\": %s, \"extra_mac\": [",
	       p->admin_mac ? "true" : "false");
	print_macs(p->extra_mac, p->nb_extra_mac);
	printf("], \"pvid\": %u, \"pcp\": %u, \"tpid\": %u, \"vlan\": [",
	       p->pvid, p->pcp, p->tpid);
	for (k = 0; k < p->nb_vlan; k++)
		printf("%s%u", k ? ", " : "", p->vlan[k]);
	printf("], \"vlan_filtering\": %s, \"trust\": %s, "
	       "\"mac_anti_spoof\": %s, \"vlan_anti_spoof\": %s, "
	       "\"link\": \"%s\", \"tx_rate_max\": %" PRIu64 ", "
	       "\"tx_burst_max\": %u, \"tx_weight\": %u, "
	       "\"flow_quota\": %u, \"flow_rules\": %u}\n",
	       p->vlan_filtering ? "true" : "false",
	       p->trust ? "true" : "false",
	       p->mac_anti_spoof ? "true" : "false",
	       p->vlan_anti_spoof ? "true" : "false",
	       p->link < RTE_DIM(link_names) ? link_names[p->link] : "?",
	       p->tx_rate_max, p->tx_burst_max, p->tx_weight, p->flow_quota,
	       p->flow_rules);
	fflush(stdout);
}

/* The value of "key" in a flat JSON object as policy prints it, or NULL */
static const char *
json_val(const char *js, const char *key)
{
	char pat[40];
	const char *v;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	v = strstr(js, pat);
	if (v == NULL)
		return NULL;
	v += strlen(pat);
	while (*v == ' ')
		v++;
	return v;
}

static uint64_t
json_num(const char *js, const char *key)
{
	const char *v = json_val(js, key);

	return v != NULL ? strtoull(v, NULL, 0) : 0;
}

static bool
json_bool(const char *js, const char *key)
{
	const char *v = json_val(js, key);

	return v != NULL && strncmp(v, "true", 4) == 0;
}

/* The quoted MAC at *v into m (when m is not NULL); past it, or NULL */
static const char *
json_mac_at(const char *v, struct rte_ether_addr *m)
{
	const char *end = *v == '"' ? strchr(v + 1, '"') : NULL;
	char buf[32];

	if (end == NULL || end - v > (int)sizeof(buf))
		return NULL;
	memcpy(buf, v + 1, end - v - 1);
	buf[end - v - 1] = '\0';
	if (m != NULL && rte_ether_unformat_addr(buf, m) != 0)
		return NULL;
	return end + 1;
}

/* An array of numbers (macs false) or of MACs: up to max stored, the
 * count of all of them returned, or -1
 */
static int
json_array(const char *js, const char *key, bool macs, void *out,
	   unsigned int max)
{
	const char *v = json_val(js, key);
	unsigned long num;
	char *end;
	int n = 0;

	if (v == NULL || *v++ != '[')
		return -1;
	while (*v == ' ')
		v++;
	while (*v != ']') {
		if (macs) {
			v = json_mac_at(v, (unsigned int)n < max ?
				(struct rte_ether_addr *)out + n : NULL);
			if (v == NULL)
				return -1;
		} else {
			num = strtoul(v, &end, 0);
			if (end == v)
				return -1;
			if ((unsigned int)n < max)
				/* out of range: 0, which the driver refuses */
				((uint16_t *)out)[n] = num > UINT16_MAX ? 0 : num;
			v = end;
		}
		n++;
		while (*v == ' ' || *v == ',')
			v++;
		if (*v == '\0')
			return -1;
	}
	return n;
}

/* A record as print_policy writes it; counts beyond the card's are kept
 * so that the driver refuses them
 */
static int
parse_policy(const char *js, struct rte_pmd_sriovnic_vf_policy *p)
{
	const char *v;
	unsigned int k;
	int nm, nv;

	memset(p, 0, sizeof(*p));
	p->version = json_num(js, "version");
	v = json_val(js, "mac");
	if (v == NULL || json_mac_at(v, &p->mac) == NULL)
		return -EINVAL;
	p->admin_mac = json_bool(js, "admin_mac");
	nm = json_array(js, "extra_mac", true, p->extra_mac,
			RTE_PMD_SRIOVNIC_VF_MAX_EXTRA_MAC);
	nv = json_array(js, "vlan", false, p->vlan,
			RTE_PMD_SRIOVNIC_VF_MAX_VLAN);
	if (nm < 0 || nm > UINT8_MAX || nv < 0 || nv > UINT8_MAX)
		return -EINVAL;
	p->nb_extra_mac = nm;
	p->nb_vlan = nv;
	p->pvid = json_num(js, "pvid");
	p->pcp = json_num(js, "pcp");
	p->tpid = json_num(js, "tpid");
	p->vlan_filtering = json_bool(js, "vlan_filtering");
	p->trust = json_bool(js, "trust");
	p->mac_anti_spoof = json_bool(js, "mac_anti_spoof");
	p->vlan_anti_spoof = json_bool(js, "vlan_anti_spoof");
	v = json_val(js, "link");
	p->link = RTE_DIM(link_names);	/* none of them: refused */
	for (k = 0; v != NULL && k < RTE_DIM(link_names); k++)
		if (strncmp(v + 1, link_names[k], strlen(link_names[k])) == 0 &&
		    v[1 + strlen(link_names[k])] == '"')
			p->link = k;
	p->tx_rate_max = json_num(js, "tx_rate_max");
	p->tx_burst_max = json_num(js, "tx_burst_max");
	p->tx_weight = json_num(js, "tx_weight");
	p->flow_quota = json_num(js, "flow_quota");
	return 0;
}

static void
bad_calls(uint16_t port)
{
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
}

int
main(int argc, char **argv)
{
	struct rte_pmd_sriovnic_vf_policy pol;
	struct rte_pmd_sriovnic_vf_stats st;
	struct rte_ether_addr mac;
	char line[2048], cmd[32], arg[64];
	unsigned int vf, a, b;
	uint16_t port = 0;
	int ret, n;

	ret = rte_eal_init(argc, argv);
	if (ret < 0 || rte_eth_dev_count_avail() == 0) {
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
		else if (!strcmp(cmd, "apply") && n >= 3) {
			ret = parse_policy(strchr(line, '{') ?: "", &pol);
			result(ret != 0 ? ret :
			       rte_pmd_sriovnic_set_vf_policy(port, vf, &pol));
		} else if (!strcmp(cmd, "policy") && n >= 2) {
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
			       "\n", st.rx_packets, st.tx_packets,
			       st.mac_spoof_dropped, st.mbx_requests,
			       st.mbx_refused, st.resets);
			fflush(stdout);
		} else if (!strcmp(cmd, "deny") && n >= 2) {
			deny_opcode = vf;
			result(0);
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
