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
	struct sriovnic_pf *pf = NULL;

	*err = -ENODEV;
	if (rte_eth_dev_is_valid_port(port) &&
	    rte_eal_process_type() != RTE_PROC_PRIMARY) {
		PMD_DRV_LOG(ERR, "port %u: the VF administration is the primary process's",
			    port);
		*err = -E_RTE_SECONDARY;
		return NULL;
	}
	if (rte_eth_dev_is_valid_port(port))
		pf = sriovnic_pf_of_port(&rte_eth_devices[port]);
	if (pf == NULL)
		PMD_DRV_LOG(ERR, "port %u is not a sriovnic PF port", port);
	return pf;
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

_Static_assert(RTE_PMD_SRIOVNIC_VF_RULE_FROM_VF == SRIOVNIC_FRULE_FROM_VF &&
	       RTE_PMD_SRIOVNIC_VF_RULE_TO_VF == SRIOVNIC_FRULE_TO_VF,
	       "record rule flags are the base layer's");
_Static_assert(RTE_PMD_SRIOVNIC_RULE_LEN == sizeof(struct sriovnic_flow_rule),
	       "record rule is the card's rule buffer");

/* The administrator's rules are the switch rules of the PF port and its
 * representors: these ports, NULL where there is none
 */
static struct rte_eth_dev *
rule_port(struct sriovnic_pf_adapter *pa, unsigned int n)
{
	return n == 0 ? pa->ad.eth_dev : pa->repr[n - 1];
}

#define RULE_PORTS	(1 + SRIOVNIC_MAX_VFS)

/* A rule that is VF vf's alone: a switch rule naming it and no other VF,
 * without a meter (the card's meters do not move with it); its fields
 * naming the VF, else 0
 */
static int
vf_rule_fields(const struct rte_flow *f, uint16_t vf)
{
	int fields;

	if (f->where.table != SRIOVNIC_FLOW_TBL_SWITCH ||
	    (f->rule.act.mods & SRIOVNIC_FMOD_METER))
		return 0;
	fields = sriovnic_flow_rule_vf_fields(&f->rule, vf);
	return fields < 0 ? 0 : fields;
}

/* VF vf's rules on port n of rule_port() into the record; -E2BIG past
 * its room. A port's rte_flow calls run under its flow_ops_mutex, which
 * ethdev takes; the PF port's, held by the caller, also keeps its
 * representors from being closed meanwhile (repr_close)
 */
static int
rules_of_port(struct rte_eth_dev *dev, unsigned int n, uint16_t vf,
	      struct rte_pmd_sriovnic_vf_policy *p)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct rte_pmd_sriovnic_vf_rule *out;
	struct sriovnic_flow_rule r;
	const struct rte_flow *f;
	int fields, ret = 0;

	if (n != 0)
		pthread_mutex_lock(&dev->data->flow_ops_mutex);
	TAILQ_FOREACH(f, &ad->flows, next) {
		fields = vf_rule_fields(f, vf);
		if (fields == 0)
			continue;
		if (p->nb_admin_rules == RTE_PMD_SRIOVNIC_VF_MAX_RULES) {
			ret = -E2BIG;
			break;
		}
		out = &p->admin_rules[p->nb_admin_rules++];
		r = f->rule;
		sriovnic_flow_rule_vf_put(&r, fields, -1);
		out->group = f->where.group;
		out->priority = f->where.priority;
		out->vf_fields = fields;
		memcpy(out->rule, &r, sizeof(r));
	}
	if (n != 0)
		pthread_mutex_unlock(&dev->data->flow_ops_mutex);
	return ret;
}

int
sriovnic_vf_policy_get(uint16_t port, uint16_t vf,
		       struct rte_pmd_sriovnic_vf_policy *policy)
{
	struct sriovnic_pf *pf = PF_OR_ENODEV(port);
	struct sriovnic_pf_adapter *pa =
		container_of(pf, struct sriovnic_pf_adapter, pf);
	struct sriovnic_pf_vf_info i;
	unsigned int n;
	int ret;

	if (policy == NULL)
		return -EINVAL;
	ret = sriovnic_pf_get_vf_info(pf, vf, &i);
	if (ret != 0)
		return ret;
	policy_of(&i, policy);
	pthread_mutex_lock(&pa->ad.eth_dev->data->flow_ops_mutex);
	for (n = 0; n < RULE_PORTS && ret == 0; n++)
		if (rule_port(pa, n) != NULL)
			ret = rules_of_port(rule_port(pa, n), n, vf, policy);
	pthread_mutex_unlock(&pa->ad.eth_dev->data->flow_ops_mutex);
	if (ret != 0)
		PMD_DRV_LOG(ERR, "port %u: VF %u has more than %u switch rules, more than a record holds",
			    port, vf, RTE_PMD_SRIOVNIC_VF_MAX_RULES);
	return ret;
}

int
rte_pmd_sriovnic_get_vf_policy(uint16_t port, uint16_t vf,
			       struct rte_pmd_sriovnic_vf_policy *policy)
{
	return sriovnic_vf_policy_get(port, vf, policy);
}

/* A record's rules for VF vf, as the card will have them: only fields
 * naming the VF, zero in the record, are written, and the rule must then
 * name that VF and no other, so that a record cannot reach another VF
 */
static int
rules_check(const struct rte_pmd_sriovnic_vf_policy *p, uint16_t vf,
	    struct sriovnic_flow_rule *rules, char *why, size_t len)
{
	const struct rte_pmd_sriovnic_vf_rule *in;
	struct sriovnic_flow_rule *r;
	unsigned int k;

	if (p->nb_admin_rules > RTE_PMD_SRIOVNIC_VF_MAX_RULES) {
		snprintf(why, len, "%u switch rules, a record holds %u",
			 p->nb_admin_rules, RTE_PMD_SRIOVNIC_VF_MAX_RULES);
		return -E2BIG;
	}
	for (k = 0; k < p->nb_admin_rules; k++) {
		in = &p->admin_rules[k];
		r = &rules[k];
		memcpy(r, in->rule, sizeof(*r));
		if (in->vf_fields == 0 ||
		    (in->vf_fields & ~(SRIOVNIC_FRULE_FROM_VF |
				       SRIOVNIC_FRULE_TO_VF)) ||
		    ((in->vf_fields & SRIOVNIC_FRULE_FROM_VF) &&
		     r->key.in_port != 0) ||
		    ((in->vf_fields & SRIOVNIC_FRULE_TO_VF) && r->act.dest != 0))
			goto bad;
		sriovnic_flow_rule_vf_put(r, in->vf_fields, vf);
		if (sriovnic_flow_rule_vf_fields(r, vf) != in->vf_fields)
			goto bad;
		if (r->act.mods & SRIOVNIC_FMOD_METER) {
			snprintf(why, len, "switch rule %u has a meter, which does not move with a record",
				 k);
			return -ENOTSUP;
		}
	}
	return 0;
bad:
	snprintf(why, len, "switch rule %u does not name the VF as its source or destination alone",
		 k);
	return -EINVAL;
}

/* A rule with this place and buffer on a port; with *policy set to it if
 * it is a rule the PF port holds for a record
 */
static bool
rule_listed(struct rte_eth_dev *dev, const struct sriovnic_flow_place *where,
	    const struct sriovnic_flow_rule *r, struct rte_flow **policy)
{
	struct sriovnic_adapter *ad = SRIOVNIC_DEV_TO_AD(dev);
	struct rte_flow *f;
	bool found = false;

	TAILQ_FOREACH(f, &ad->flows, next) {
		if (memcmp(&f->where, where, sizeof(*where)) == 0 &&
		    memcmp(&f->rule, r, sizeof(*r)) == 0) {
			found = true;
			if (f->policy_vf != 0)
				*policy = f;
			break;
		}
	}
	return found;
}

/* A rule of an earlier record that applying a record removed */
struct rule_gone {
	struct sriovnic_flow_place where;
	struct sriovnic_flow_rule rule;
};

/* What applying a record's rules changed: rules it added, rules of an
 * earlier record it found already there, and those of the earlier
 * record it removed (no more than a record holds: an applied record
 * leaves its own alone)
 */
struct rules_change {
	unsigned int nb_added;
	unsigned int nb_kept;
	unsigned int nb_gone;
	struct rte_flow *added[RTE_PMD_SRIOVNIC_VF_MAX_RULES];
	struct rte_flow *kept[RTE_PMD_SRIOVNIC_VF_MAX_RULES];
	struct rule_gone gone[RTE_PMD_SRIOVNIC_VF_MAX_RULES];
};

/* The rules as they were: those added go, those removed come back */
static void
rules_undo(struct sriovnic_pf_adapter *pa, uint16_t vf,
	   struct rules_change *c)
{
	struct sriovnic_flow_verdict v;
	struct rule_gone *g;
	struct rte_flow *f;

	while (c->nb_added > 0)
		sriovnic_flow_remove(&pa->ad, c->added[--c->nb_added]);
	while (c->nb_gone > 0) {
		g = &c->gone[--c->nb_gone];
		if (sriovnic_flow_policy_add(&pa->ad, &g->where, &g->rule, vf,
					     &f, &v) != 0)
			PMD_DRV_LOG(ERR, "port %u: VF %u: a rule of its record could not be put back",
				    pa->ad.eth_dev->data->port_id, vf);
	}
}

/* The record's rules added, those the ports have already skipped; with
 * the PF port's flow_ops_mutex held
 */
static int
rules_apply(struct sriovnic_pf_adapter *pa, uint16_t vf,
	    const struct rte_pmd_sriovnic_vf_policy *p,
	    const struct sriovnic_flow_rule *rules, struct rules_change *c,
	    char *why, size_t len)
{
	struct sriovnic_flow_place where = { .table = SRIOVNIC_FLOW_TBL_SWITCH };
	struct sriovnic_flow_verdict v;
	struct rte_eth_dev *dev;
	struct rte_flow *policy;
	unsigned int k, n;
	bool found;
	int ret;

	memset(c, 0, sizeof(*c));
	for (k = 0; k < p->nb_admin_rules; k++) {
		where.group = p->admin_rules[k].group;
		where.priority = p->admin_rules[k].priority;
		found = false;
		policy = NULL;
		for (n = 0; n < RULE_PORTS && !found; n++) {
			dev = rule_port(pa, n);
			if (dev == NULL)
				continue;
			if (n != 0)
				pthread_mutex_lock(&dev->data->flow_ops_mutex);
			found = rule_listed(dev, &where, &rules[k], &policy);
			if (n != 0)
				pthread_mutex_unlock(&dev->data->flow_ops_mutex);
		}
		if (policy != NULL)
			c->kept[c->nb_kept++] = policy;
		if (found)
			continue;
		ret = sriovnic_flow_policy_add(&pa->ad, &where, &rules[k], vf,
					       &c->added[c->nb_added], &v);
		if (ret != 0) {
			snprintf(why, len, "switch rule %u refused by the card: %s",
				 k, ret == -ENOSPC ? "rule table full" :
				 ret == -ENOTSUP ? "no flow engine" :
				 v.info != 0 ? sriovnic_aq_strerror(v.info) :
				 strerror(-ret));
			rules_undo(pa, vf, c);
			return ret;
		}
		c->nb_added++;
	}
	return 0;
}

static bool
rule_in(struct rte_flow *f, struct rte_flow *const *list, unsigned int n)
{
	while (n-- > 0)
		if (list[n] == f)
			return true;
	return false;
}

/* The rules an earlier record installed for VF vf and this one does not
 * carry go, each noted in c for rules_undo(); one the card keeps is an
 * error, as it would go on steering the VF
 */
static int
rules_commit(struct sriovnic_pf_adapter *pa, uint16_t vf,
	     struct rules_change *c, char *why, size_t len)
{
	struct rte_flow *f, *next;
	struct rule_gone *g;
	int ret;

	for (f = TAILQ_FIRST(&pa->ad.flows); f != NULL; f = next) {
		next = TAILQ_NEXT(f, next);
		if (f->policy_vf != vf + 1 ||
		    rule_in(f, c->added, c->nb_added) ||
		    rule_in(f, c->kept, c->nb_kept))
			continue;
		g = &c->gone[c->nb_gone];
		g->where = f->where;
		g->rule = f->rule;
		ret = sriovnic_flow_remove(&pa->ad, f);
		if (ret != 0) {
			snprintf(why, len, "a switch rule of the former record could not be removed: %s",
				 strerror(-ret));
			return ret;
		}
		c->nb_gone++;
	}
	return 0;
}

/* Everything a record may hold wrong, before anything changes */
static int
policy_check(const struct rte_pmd_sriovnic_vf_policy *p, char *why,
	     size_t len)
{
	unsigned int k;

	if (p->version != 1 &&
	    p->version != RTE_PMD_SRIOVNIC_VF_POLICY_VERSION) {
		snprintf(why, len, "version %u, this driver knows 1 and %u",
			 p->version, RTE_PMD_SRIOVNIC_VF_POLICY_VERSION);
		return -EPROTONOSUPPORT;
	}
	if (p->nb_extra_mac > RTE_PMD_SRIOVNIC_VF_MAX_EXTRA_MAC ||
	    p->nb_vlan > RTE_PMD_SRIOVNIC_VF_MAX_VLAN) {
		snprintf(why, len, "%u extra MACs and %u VLAN filters, the card takes %u and %u",
			 p->nb_extra_mac, p->nb_vlan,
			 RTE_PMD_SRIOVNIC_VF_MAX_EXTRA_MAC,
			 RTE_PMD_SRIOVNIC_VF_MAX_VLAN);
		return -E2BIG;
	}
	if (p->nb_extra_mac != 0 && !p->trust) {
		snprintf(why, len, "extra MACs on an untrusted VF");
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
	snprintf(why, len, "a bad MAC, VLAN, PCP, TPID or link mode");
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

/* The VF's function put back as it was before a record (arg, saved):
 * what the record changed and what it took with it (promiscuous and
 * all-multicast go with trust). Its counters are the live ones: they move
 * with the VF's requests meanwhile and a VFLR is told from them.
 */
static int
policy_undo_edit(struct sriovnic_func *want, const void *arg)
{
	const struct sriovnic_func *saved = arg;

	memcpy(want, saved, offsetof(struct sriovnic_func, stats_base));
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

/* Switch rules, switch policy, transmit cap, then flow quota, each all or
 * nothing; a later refusal puts the earlier ones back as they were. The
 * PF port's flow_ops_mutex keeps its rte_flow calls out meanwhile.
 */
static int
policy_set(uint16_t port, uint16_t vf,
	   const struct rte_pmd_sriovnic_vf_policy *policy, char *why,
	   size_t len)
{
	struct sriovnic_pf *pf = PF_OR_ENODEV(port);
	struct sriovnic_pf_adapter *pa =
		container_of(pf, struct sriovnic_pf_adapter, pf);
	struct sriovnic_flow_rule rules[RTE_PMD_SRIOVNIC_VF_MAX_RULES];
	pthread_mutex_t *flow_lock = &pa->ad.eth_dev->data->flow_ops_mutex;
	struct rte_pmd_sriovnic_vf_policy old;
	struct sriovnic_pf_port_info card;
	struct sriovnic_pf_vf_info i;
	const char *lacks = NULL;
	struct rules_change c;
	bool tx, quota, has_rules;
	int ret;

	if (policy == NULL)
		return -EINVAL;
	ret = sriovnic_pf_get_vf_info(pf, vf, &i);
	if (ret != 0) {
		snprintf(why, len, "no VF %u (the PF has %u)", vf,
			 pf->hw->num_vfs);
		return ret;
	}
	ret = policy_check(policy, why, len);
	has_rules = policy->version >= 2;
	if (ret == 0 && has_rules)
		ret = rules_check(policy, vf, rules, why, len);
	if (ret != 0)
		return ret;
	policy_of(&i, &old);
	sriovnic_pf_get_port_info(pf, &card);
	tx = policy->tx_rate_max != old.tx_rate_max ||
	     policy->tx_burst_max != old.tx_burst_max ||
	     policy->tx_weight != old.tx_weight;
	quota = policy->flow_quota != old.flow_quota;
	if (tx && card.tm_prios == 0)
		lacks = "scheduler";
	else if ((quota || (has_rules && policy->nb_admin_rules != 0)) &&
		 card.flow_ids == 0)
		lacks = "flow engine";
	else if (policy->tpid == SRIOVNIC_TPID_STAG &&
		 !(pf->hw->caps & SRIOVNIC_CAP_QINQ))
		lacks = "802.1ad port VLAN";
	if (lacks != NULL) {
		snprintf(why, len, "needs a %s the card lacks", lacks);
		return -ENOTSUP;
	}
	pthread_mutex_lock(flow_lock);
	if (has_rules) {
		ret = rules_apply(pa, vf, policy, rules, &c, why, len);
		if (ret != 0)
			goto out;
	}
	ret = sriovnic_pf_set_vf_policy(pf, vf, policy_edit, policy);
	if (ret != 0) {
		snprintf(why, len, "the switch refused the VF's settings: %s",
			 strerror(-ret));
		goto undo_rules;
	}
	if (tx) {
		ret = policy_tx_apply(pf, vf, policy);
		if (ret != 0) {
			snprintf(why, len, "the scheduler refused the transmit cap or weight: %s",
				 strerror(-ret));
			goto undo_func;
		}
	}
	if (quota) {
		ret = sriovnic_pf_set_vf_flow_quota(pf, vf, policy->flow_quota);
		if (ret != 0) {
			snprintf(why, len, "flow quota %u refused: %s",
				 policy->flow_quota, strerror(-ret));
			goto undo_tx;
		}
	}
	if (has_rules) {
		ret = rules_commit(pa, vf, &c, why, len);
		if (ret != 0)
			goto undo_quota;
	}
	pthread_mutex_unlock(flow_lock);
	return 0;
undo_quota:
	if (quota)
		sriovnic_pf_set_vf_flow_quota(pf, vf, old.flow_quota);
undo_tx:
	if (tx)
		policy_tx_apply(pf, vf, &old);
undo_func:
	sriovnic_pf_set_vf_policy(pf, vf, policy_undo_edit, &i.fn);
undo_rules:
	if (has_rules)
		rules_undo(pa, vf, &c);
out:
	pthread_mutex_unlock(flow_lock);
	return ret;
}

int
sriovnic_vf_policy_set(uint16_t port, uint16_t vf,
		       const struct rte_pmd_sriovnic_vf_policy *policy,
		       char *why, size_t len)
{
	int ret;

	why[0] = '\0';
	ret = policy_set(port, vf, policy, why, len);
	if (ret != 0)
		PMD_DRV_LOG(ERR, "port %u: VF %u policy refused (%s)%s%s, the old one kept",
			    port, vf, strerror(-ret), why[0] ? ": " : "", why);
	return ret;
}

int
rte_pmd_sriovnic_set_vf_policy(uint16_t port, uint16_t vf,
			       const struct rte_pmd_sriovnic_vf_policy *policy)
{
	char why[SRIOVNIC_VF_POLICY_WHY_LEN];

	return sriovnic_vf_policy_set(port, vf, policy, why, sizeof(why));
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

int
rte_pmd_sriovnic_vf_suspend(uint16_t port, uint16_t vf)
{
	return sriovnic_pf_vf_run(PF_OR_ENODEV(port), vf, false);
}

int
rte_pmd_sriovnic_vf_resume(uint16_t port, uint16_t vf)
{
	return sriovnic_pf_vf_run(PF_OR_ENODEV(port), vf, true);
}

int
rte_pmd_sriovnic_vf_state_save(uint16_t port, uint16_t vf, void *buf,
			       size_t len)
{
	return sriovnic_pf_vf_state_save(PF_OR_ENODEV(port), vf, buf, len);
}

int
rte_pmd_sriovnic_vf_state_restore(uint16_t port, uint16_t vf,
				  const void *buf, size_t len)
{
	return sriovnic_pf_vf_state_restore(PF_OR_ENODEV(port), vf, buf, len);
}
