/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_FLOW_STORE_H
#define EMU_FLOW_STORE_H

/* The flow engine's rule store (datasheet 13), shared by its commands
 * (flow_cmd.c), the rule checks (flow_check.c) and the lookup (flow.c).
 *
 * Lookup is a tuple-space search: per table and group one subtable per
 * distinct mask, each a hash of the masked keys in it; a key's bucket
 * holds its rules ordered by (priority, rule id). A frame's key is masked
 * and looked up once per subtable, and the best rule found wins. A
 * subtable's hash keys are only the 8-byte words of the key its mask
 * covers, so a probe masks, hashes and compares no more than those.
 *
 * Each subtable's rte_hash takes two memzones of the model's EAL, so the
 * model holds about 1200 subtables (table, group, mask) in all; a
 * FLOW_ADD that needs one more fails (logged), which a card with its
 * fixed rule entries would not do.
 */

#include <rte_hash.h>

#include "flow.h"

#define EMU_FLOW_KEY_WORDS	(sizeof(struct sriovnic_flow_key) / 8)

/* Where a rule sits in the lookup order of its group: priority, then id */
static inline uint64_t
flow_order(uint8_t prio, uint32_t id)
{
	return (uint64_t)prio << 32 | id;
}

/* The rules with one masked key, in lookup order */
struct flow_bucket {
	uint32_t nb;
	uint32_t cap;
	uint64_t ord[];		/* flow_order() of each; the id is the low half */
};

struct flow_subtable {
	struct sriovnic_flow_key mask;
	/* the mask's non-zero words (word 0 if none): its hash keys' words */
	uint64_t mw[EMU_FLOW_KEY_WORDS];
	uint8_t words[EMU_FLOW_KEY_WORDS];
	uint8_t nb_words;
	struct rte_hash *h;	/* masked words -> struct flow_bucket * */
	/* keys per value of their hash's low bits: most probes of a key
	 * not there end at a zero count, before the hash's buckets
	 */
	uint16_t *sigs;
	uint32_t sig_mask;
	uint32_t nb_keys;
	uint32_t cap;		/* keys the hash was made for */
	uint32_t nb_rules;
};

struct flow_group {
	struct flow_subtable **st;
	unsigned int nb;
	unsigned int cap;
};

/* Parts of a frame's key that are read from its headers only when some
 * mask of the table covers them (the rest comes from the parser at once)
 */
#define FLOW_KEY_L2	(1u << 0)	/* MAC addresses */
#define FLOW_KEY_IP	(1u << 1)	/* TOS, TTL, addresses */
#define FLOW_KEY_L4	(1u << 2)	/* ports, ICMP type and code */
#define FLOW_KEY_ALL	(FLOW_KEY_L2 | FLOW_KEY_IP | FLOW_KEY_L4)

struct flow_table {
	struct flow_group groups[EMU_FLOW_GROUPS];
	unsigned int parts;	/* FLOW_KEY_* of its masks */
};

struct flow_rule {
	bool used;
	uint8_t table;		/* SRIOVNIC_FLOW_TBL_* */
	uint8_t func;		/* ingress: the table's function */
	uint8_t group;
	uint8_t prio;
	uint16_t tbl;		/* index in emu_flow.tables */
	struct flow_subtable *st;
	struct sriovnic_flow_key key;	/* masked */
	struct sriovnic_flow_key mask;
	struct sriovnic_flow_actions act;
	/* FRSS_KEY: rss_key as rte_softrss_be() takes it */
	uint32_t rss_key_be[SRIOVNIC_RSS_KEY_LEN / 4];
	uint64_t hits;
	uint64_t bytes;
};

struct emu_flow {
	uint32_t nb_rules;	/* FLOW_RULES */
	struct flow_rule *rules;
	uint32_t quota[SRIOVNIC_MAX_FUNCS];
	uint32_t used[SRIOVNIC_MAX_FUNCS];	/* rules per owner */
	struct flow_table tables[EMU_FLOW_TABLES];
	unsigned int hash_seq;	/* for unique hash names */
};

/* flow.c */
int flow_insert(struct emu *emu, uint32_t id);
void flow_remove(struct emu *emu, uint32_t id);
/* Lookup of key k in table t (13.2): each taken rule counts the frame of
 * len bytes and is passed to take(), which records its modifiers. A
 * decision is left in res->fate and its rule returned, else NULL.
 */
const struct flow_rule *flow_lookup(struct emu *emu, unsigned int t,
				    const struct sriovnic_flow_key *k,
				    uint32_t len, struct emu_flow_res *res,
				    void (*take)(const struct flow_rule *r,
						 void *arg),
				    void *arg);

/* flow_check.c: 0, or a negative errno with the detail code and err_off */
int flow_check_rule(const struct emu *emu, const struct sriovnic_flow_rule *r,
		    uint8_t table, uint8_t func, uint8_t group,
		    uint16_t *info, uint16_t *err_off);

#endif /* EMU_FLOW_STORE_H */
