/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_common.h>
#include <rte_ether.h>

#include "vf_policy_json.h"

/* The largest VLAN id a record holds: 4095 is reserved */
#define VLAN_ID_MAX	4094

static const char *const link_names[] = { "auto", "up", "down" };

static json_t *
mac_json(const struct rte_ether_addr *m)
{
	char buf[RTE_ETHER_ADDR_FMT_SIZE];

	rte_ether_format_addr(buf, sizeof(buf), m);
	return json_string(buf);
}

/* A rule buffer as hex, its trailing zero bytes left out */
static json_t *
rule_hex(const uint8_t *b)
{
	char hex[2 * RTE_PMD_SRIOVNIC_RULE_LEN + 1];
	unsigned int n = RTE_PMD_SRIOVNIC_RULE_LEN, k;

	while (n > 0 && b[n - 1] == 0)
		n--;
	for (k = 0; k < n; k++)
		snprintf(&hex[2 * k], 3, "%02x", b[k]);
	hex[2 * n] = '\0';
	return json_string(hex);
}

json_t *
sriovnic_vf_policy_to_json(const struct rte_pmd_sriovnic_vf_policy *p)
{
	json_t *o, *extra, *vlan, *rules;
	const struct rte_pmd_sriovnic_vf_rule *r;
	unsigned int k;

	extra = json_array();
	for (k = 0; k < p->nb_extra_mac && k < RTE_DIM(p->extra_mac); k++)
		json_array_append_new(extra, mac_json(&p->extra_mac[k]));
	vlan = json_array();
	for (k = 0; k < p->nb_vlan && k < RTE_DIM(p->vlan); k++)
		json_array_append_new(vlan, json_integer(p->vlan[k]));
	rules = json_array();
	for (k = 0; k < p->nb_admin_rules && k < RTE_DIM(p->admin_rules); k++) {
		r = &p->admin_rules[k];
		json_array_append_new(rules, json_pack("{s:i, s:i, s:b, s:b, s:o}",
			"group", r->group, "priority", r->priority,
			"from_vf", !!(r->vf_fields & RTE_PMD_SRIOVNIC_VF_RULE_FROM_VF),
			"to_vf", !!(r->vf_fields & RTE_PMD_SRIOVNIC_VF_RULE_TO_VF),
			"rule", rule_hex(r->rule)));
	}
	o = json_pack("{s:i, s:o, s:b, s:o, s:i, s:i, s:i, s:o, s:b, s:b, s:b, s:b, s:s, s:I, s:I, s:i, s:I, s:I}",
		"version", p->version,
		"mac", mac_json(&p->mac),
		"admin_mac", p->admin_mac,
		"extra_mac", extra,
		"pvid", p->pvid, "pcp", p->pcp, "tpid", p->tpid,
		"vlan", vlan,
		"vlan_filtering", p->vlan_filtering,
		"trust", p->trust,
		"mac_anti_spoof", p->mac_anti_spoof,
		"vlan_anti_spoof", p->vlan_anti_spoof,
		"link", p->link < RTE_DIM(link_names) ? link_names[p->link] : "?",
		"tx_rate_max", (json_int_t)p->tx_rate_max,
		"tx_burst_max", (json_int_t)p->tx_burst_max,
		"tx_weight", p->tx_weight,
		"flow_quota", (json_int_t)p->flow_quota,
		"flow_rules", (json_int_t)p->flow_rules);
	if (o != NULL && p->version >= 2)
		json_object_set_new(o, "admin_rules", rules);
	else
		json_decref(rules);
	return o;
}

/* Unsigned integer key of o in [0, max] into *v; absent: *v = 0 unless
 * required
 */
static int
get_uint(const json_t *o, const char *key, uint64_t max, bool required,
	 uint64_t *v, char *why, size_t len)
{
	const json_t *j = json_object_get(o, key);

	*v = 0;
	if (j == NULL && !required)
		return 0;
	if (j == NULL) {
		snprintf(why, len, "\"%s\" missing", key);
		return -EINVAL;
	}
	if (!json_is_integer(j) || json_integer_value(j) < 0 ||
	    (uint64_t)json_integer_value(j) > max) {
		snprintf(why, len, "\"%s\" is not an integer from 0 to %" PRIu64,
			 key, max);
		return -EINVAL;
	}
	*v = json_integer_value(j);
	return 0;
}

/* v, within the field's range, into a field of size bytes */
static void
store_uint(void *field, size_t size, uint64_t v)
{
	uint8_t u8 = v;
	uint16_t u16 = v;
	uint32_t u32 = v;

	memcpy(field, size == 1 ? (void *)&u8 : size == 2 ? (void *)&u16 :
	       size == 4 ? (void *)&u32 : (void *)&v, size);
}

static int
get_bool(const json_t *o, const char *key, bool *v, char *why, size_t len)
{
	const json_t *j = json_object_get(o, key);

	*v = false;
	if (j == NULL)
		return 0;
	if (!json_is_boolean(j)) {
		snprintf(why, len, "\"%s\" is not true or false", key);
		return -EINVAL;
	}
	*v = json_is_true(j);
	return 0;
}

static int
get_mac(const json_t *j, const char *key, struct rte_ether_addr *m, char *why,
	size_t len)
{
	if (!json_is_string(j) ||
	    rte_ether_unformat_addr(json_string_value(j), m) != 0) {
		snprintf(why, len, "\"%s\" is not a MAC address like \"02:00:00:00:00:01\"",
			 key);
		return -EINVAL;
	}
	return 0;
}

/* An array key of o; its size, up to max, the entries the record holds;
 * -EINVAL if it is no array, -E2BIG if it is longer
 */
static int
get_array(const json_t *o, const char *key, unsigned int max,
	  const json_t **a, char *why, size_t len)
{
	*a = json_object_get(o, key);
	if (*a == NULL)
		return 0;
	if (!json_is_array(*a)) {
		snprintf(why, len, "\"%s\" is not an array", key);
		return -EINVAL;
	}
	if (json_array_size(*a) > max) {
		snprintf(why, len, "\"%s\" has %zu entries, a record at most %u",
			 key, json_array_size(*a), max);
		return -E2BIG;
	}
	return json_array_size(*a);
}

/* -EINVAL with why naming the first key of o not in keys (NULL last): a
 * misspelt key would otherwise leave its field at its default unnoticed
 */
static int
known_keys(const json_t *o, const char *const keys[], char *why, size_t len)
{
	const char *key;
	unsigned int k;
	json_t *v;

	/* jansson's iteration takes no const object; it does not change it */
	json_object_foreach((json_t *)o, key, v) {
		for (k = 0; keys[k] != NULL && strcmp(key, keys[k]) != 0; k++)
			;
		if (keys[k] == NULL) {
			snprintf(why, len, "unknown key \"%s\"", key);
			return -EINVAL;
		}
	}
	return 0;
}

static int
hex_rule(const json_t *j, uint8_t *b, char *why, size_t len)
{
	const char *h = json_is_string(j) ? json_string_value(j) : NULL;
	size_t n = h != NULL ? strlen(h) : 1;
	unsigned int i, x;

	memset(b, 0, RTE_PMD_SRIOVNIC_RULE_LEN);
	if (n % 2 != 0 || n > 2 * RTE_PMD_SRIOVNIC_RULE_LEN)
		goto bad;
	for (i = 0; i < n / 2; i++) {
		if (!isxdigit((unsigned char)h[2 * i]) ||
		    !isxdigit((unsigned char)h[2 * i + 1]) ||
		    sscanf(&h[2 * i], "%2x", &x) != 1)
			goto bad;
		b[i] = x;
	}
	return 0;
bad:
	snprintf(why, len, "\"rule\" is not a hex string of at most %u bytes",
		 RTE_PMD_SRIOVNIC_RULE_LEN);
	return -EINVAL;
}

static int
rules_from_json(const json_t *a, struct rte_pmd_sriovnic_vf_policy *p,
		char *why, size_t len)
{
	static const char *const keys[] = {
		"group", "priority", "from_vf", "to_vf", "rule", NULL
	};
	struct rte_pmd_sriovnic_vf_rule *r;
	const json_t *j;
	bool from, to;
	uint64_t v;
	unsigned int k;
	size_t n;
	int ret;

	for (k = 0; k < p->nb_admin_rules; k++) {
		r = &p->admin_rules[k];
		j = json_array_get(a, k);
		if (!json_is_object(j)) {
			snprintf(why, len, "admin_rules[%u] is not an object", k);
			return -EINVAL;
		}
		ret = known_keys(j, keys, why, len);
		if (ret == 0)
			ret = get_uint(j, "group", UINT8_MAX, true, &v, why,
				       len);
		if (ret == 0) {
			r->group = v;
			ret = get_uint(j, "priority", UINT8_MAX, true, &v, why,
				       len);
		}
		if (ret == 0) {
			r->priority = v;
			ret = get_bool(j, "from_vf", &from, why, len);
		}
		if (ret == 0)
			ret = get_bool(j, "to_vf", &to, why, len);
		if (ret == 0)
			ret = hex_rule(json_object_get(j, "rule"), r->rule, why,
				       len);
		if (ret != 0) {
			n = strlen(why);
			snprintf(why + n, len - n, " in admin_rules[%u]", k);
			return ret;
		}
		r->vf_fields = (from ? RTE_PMD_SRIOVNIC_VF_RULE_FROM_VF : 0) |
			       (to ? RTE_PMD_SRIOVNIC_VF_RULE_TO_VF : 0);
	}
	return 0;
}

int
sriovnic_vf_policy_from_json(const json_t *o,
			     struct rte_pmd_sriovnic_vf_policy *p,
			     char *why, size_t len)
{
	static const struct {
		const char *key;
		size_t off;
	} flags[] = {
		{ "admin_mac", offsetof(struct rte_pmd_sriovnic_vf_policy, admin_mac) },
		{ "vlan_filtering", offsetof(struct rte_pmd_sriovnic_vf_policy, vlan_filtering) },
		{ "trust", offsetof(struct rte_pmd_sriovnic_vf_policy, trust) },
		{ "mac_anti_spoof", offsetof(struct rte_pmd_sriovnic_vf_policy, mac_anti_spoof) },
		{ "vlan_anti_spoof", offsetof(struct rte_pmd_sriovnic_vf_policy, vlan_anti_spoof) },
	};
#define UINT_FIELD(f, m) { #f, m, \
	offsetof(struct rte_pmd_sriovnic_vf_policy, f), \
	sizeof(((struct rte_pmd_sriovnic_vf_policy *)0)->f) }
	static const struct {
		const char *key;
		uint64_t max;
		size_t off;
		size_t size;
	} uints[] = {
		UINT_FIELD(pvid, VLAN_ID_MAX),
		UINT_FIELD(pcp, 7),
		UINT_FIELD(tpid, UINT16_MAX),
		UINT_FIELD(tx_rate_max, INT64_MAX),
		UINT_FIELD(tx_burst_max, UINT32_MAX),
		UINT_FIELD(tx_weight, UINT8_MAX),
		UINT_FIELD(flow_quota, UINT32_MAX),
		/* read only: checked, then left to the target */
		{ "flow_rules", UINT32_MAX, 0, 0 },
	};
	static const char *const keys[] = {
		"version", "mac", "admin_mac", "extra_mac", "pvid", "pcp",
		"tpid", "vlan", "vlan_filtering", "trust", "mac_anti_spoof",
		"vlan_anti_spoof", "link", "tx_rate_max", "tx_burst_max",
		"tx_weight", "flow_quota", "flow_rules", "admin_rules", NULL
	};
	const json_t *a, *j;
	const char *link;
	uint64_t v;
	unsigned int k;
	int n, ret;

	memset(p, 0, sizeof(*p));
	if (!json_is_object(o)) {
		snprintf(why, len, "a record is a JSON object");
		return -EINVAL;
	}
	ret = known_keys(o, keys, why, len);
	if (ret == 0)
		ret = get_uint(o, "version", UINT16_MAX, true, &v, why, len);
	if (ret != 0)
		return ret;
	p->version = v;
	if (get_mac(json_object_get(o, "mac"), "mac", &p->mac, why, len) != 0)
		return -EINVAL;
	for (k = 0; k < RTE_DIM(flags); k++)
		if (get_bool(o, flags[k].key, (bool *)((char *)p + flags[k].off),
			     why, len) != 0)
			return -EINVAL;
	n = get_array(o, "extra_mac", RTE_DIM(p->extra_mac), &a, why, len);
	if (n < 0)
		return n;
	p->nb_extra_mac = n;
	for (k = 0; k < (unsigned int)n; k++)
		if (get_mac(json_array_get(a, k), "extra_mac", &p->extra_mac[k],
			    why, len) != 0)
			return -EINVAL;
	n = get_array(o, "vlan", RTE_DIM(p->vlan), &a, why, len);
	if (n < 0)
		return n;
	p->nb_vlan = n;
	for (k = 0; k < (unsigned int)n; k++) {
		j = json_array_get(a, k);
		if (!json_is_integer(j) || json_integer_value(j) < 0 ||
		    json_integer_value(j) > VLAN_ID_MAX) {
			snprintf(why, len, "\"vlan\" holds a value that is no VLAN id from 0 to %u",
				 VLAN_ID_MAX);
			return -EINVAL;
		}
		p->vlan[k] = json_integer_value(j);
	}
	for (k = 0; k < RTE_DIM(uints); k++) {
		if (get_uint(o, uints[k].key, uints[k].max, false, &v, why,
			     len) != 0)
			return -EINVAL;
		if (uints[k].size != 0)
			store_uint((char *)p + uints[k].off, uints[k].size, v);
	}
	p->tpid = p->tpid != 0 ? p->tpid : RTE_ETHER_TYPE_VLAN;
	if (p->tpid != RTE_ETHER_TYPE_VLAN && p->tpid != RTE_ETHER_TYPE_QINQ) {
		snprintf(why, len, "\"tpid\" is not %u (0x8100) or %u (0x88a8)",
			 RTE_ETHER_TYPE_VLAN, RTE_ETHER_TYPE_QINQ);
		return -EINVAL;
	}
	j = json_object_get(o, "link");
	link = json_string_value(j);
	p->link = j == NULL ? RTE_PMD_SRIOVNIC_LINK_AUTO : UINT8_MAX;
	for (k = 0; link != NULL && k < RTE_DIM(link_names); k++)
		if (strcmp(link, link_names[k]) == 0)
			p->link = k;
	if (p->link == UINT8_MAX) {
		snprintf(why, len, "\"link\" is not \"auto\", \"up\" or \"down\"");
		return -EINVAL;
	}
	n = get_array(o, "admin_rules", RTE_DIM(p->admin_rules), &a, why, len);
	if (n < 0)
		return n;
	p->nb_admin_rules = n;
	return rules_from_json(a, p, why, len);
}
