/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The flow engine's tables (datasheet 13.1, 13.2): rules in tuple-space
 * search form (flow_store.h) and the lookup of a frame's key in a table.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_hash_crc.h>

#include "emu.h"
#include "flow.h"
#include "flow_store.h"

/* Keys of a subtable's first hash; it doubles when full */
#define FLOW_HASH_MIN		64
#define FLOW_BUCKET_MIN		2
/* Counts in a subtable's filter per key its hash has room for */
#define FLOW_SIGS_PER_KEY	4
/* Subtables of a group whose buckets a lookup keeps for the probes after
 * a PASSTHRU rule (the key is the same, so are its buckets)
 */
#define FLOW_PROBE_KEEP		8

int
emu_flow_init(struct emu *emu)
{
	struct emu_flow *fl;

	if (!(emu->caps & SRIOVNIC_CAP_FLOW))
		return 0;
	fl = calloc(1, sizeof(*fl));
	if (fl == NULL)
		return -ENOMEM;
	fl->nb_rules = emu->opts->flow_rules;
	fl->rules = calloc(fl->nb_rules, sizeof(*fl->rules));
	if (fl->rules == NULL) {
		free(fl);
		return -ENOMEM;
	}
	emu->flow = fl;
	emu_flow_reset(emu);
	return 0;
}

void
emu_flow_fini(struct emu *emu)
{
	struct emu_flow *fl = emu->flow;
	unsigned int t, g;

	if (fl == NULL)
		return;
	emu_flow_reset(emu);
	for (t = 0; t < EMU_FLOW_TABLES; t++)
		for (g = 0; g < EMU_FLOW_GROUPS; g++)
			free(fl->tables[t].groups[g].st);
	free(fl->rules);
	free(fl);
	emu->flow = NULL;
}

void
emu_flow_reset(struct emu *emu)
{
	struct emu_flow *fl = emu->flow;
	uint32_t id;

	if (fl == NULL)
		return;
	for (id = 0; id < fl->nb_rules; id++)
		if (fl->rules[id].used)
			flow_remove(emu, id);
	memset(fl->quota, 0, sizeof(fl->quota));
	fl->quota[SRIOVNIC_FUNC_PF] = fl->nb_rules;
}

static struct rte_hash *
flow_hash_create(struct emu_flow *fl, uint32_t entries, uint32_t key_len)
{
	char name[RTE_HASH_NAMESIZE];
	struct rte_hash_parameters p = {
		.name = name,
		.entries = entries,
		.key_len = key_len,
		.hash_func = rte_hash_crc,
		.socket_id = SOCKET_ID_ANY,
		/* every key fits, whatever its bucket */
		.extra_flag = RTE_HASH_EXTRA_FLAGS_EXT_TABLE,
	};

	snprintf(name, sizeof(name), "emu_flow_%u", fl->hash_seq++);
	return rte_hash_create(&p);
}

/* A subtable's hash and filter for cap keys, those of h (if any) in them */
static int
flow_subtable_size(struct emu_flow *fl, struct flow_subtable *st,
		   struct rte_hash *h, uint32_t cap)
{
	struct rte_hash *nh = flow_hash_create(fl, cap, st->nb_words * 8);
	uint16_t *sigs = calloc(FLOW_SIGS_PER_KEY * cap, sizeof(*sigs));
	uint32_t sig_mask = FLOW_SIGS_PER_KEY * cap - 1;
	const void *key;
	uint32_t iter = 0;
	void *data;
	int ret = -ENOMEM;

	if (nh == NULL || sigs == NULL)
		goto err;
	while (h != NULL && rte_hash_iterate(h, &key, &data, &iter) >= 0) {
		ret = rte_hash_add_key_data(nh, key, data);
		if (ret < 0)
			goto err;
		sigs[rte_hash_hash(nh, key) & sig_mask]++;
	}
	rte_hash_free(h);
	free(st->sigs);
	st->h = nh;
	st->sigs = sigs;
	st->sig_mask = sig_mask;
	st->cap = cap;
	return 0;
err:
	rte_hash_free(nh);
	free(sigs);
	return ret;
}

/* Word w of a key, whatever the types it was written with */
static inline uint64_t
flow_word(const struct sriovnic_flow_key *k, unsigned int w)
{
	uint64_t v;

	memcpy(&v, (const uint8_t *)k + w * sizeof(v), sizeof(v));
	return v;
}

/* The words of key k that st's mask covers, masked, into w; their
 * rte_hash_crc(), as the hash computes it
 */
static inline uint32_t
flow_st_key(const struct flow_subtable *st, const struct sriovnic_flow_key *k,
	    uint64_t *w)
{
	uint32_t sig = 0;
	unsigned int i;

	for (i = 0; i < st->nb_words; i++) {
		w[i] = flow_word(k, st->words[i]) & st->mw[i];
		sig = rte_hash_crc_8byte(w[i], sig);
	}
	return sig;
}

static void
flow_st_words(struct flow_subtable *st)
{
	unsigned int w;
	uint64_t m;

	for (w = 0; w < EMU_FLOW_KEY_WORDS; w++) {
		m = flow_word(&st->mask, w);
		if (m == 0)
			continue;
		st->mw[st->nb_words] = m;
		st->words[st->nb_words++] = w;
	}
	/* an empty mask: every key is word 0 masked to zero */
	if (st->nb_words == 0)
		st->nb_words = 1;
}

static bool
flow_mask_eq(const struct sriovnic_flow_key *a,
	     const struct sriovnic_flow_key *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

static bool
flow_mask_any(const void *m, size_t len)
{
	const uint8_t *p = m;

	while (len-- > 0)
		if (*p++ != 0)
			return true;
	return false;
}

/* The key parts some mask of a table covers, once its masks changed */
static void
flow_table_parts(struct flow_table *tbl)
{
	struct sriovnic_flow_key u = { 0 };
	const uint8_t *m;
	unsigned int g, i, b;

	for (g = 0; g < EMU_FLOW_GROUPS; g++)
		for (i = 0; i < tbl->groups[g].nb; i++) {
			m = (const uint8_t *)&tbl->groups[g].st[i]->mask;
			for (b = 0; b < sizeof(u); b++)
				((uint8_t *)&u)[b] |= m[b];
		}
	tbl->parts = 0;
	if (flow_mask_any(u.dst_mac, sizeof(u.dst_mac)) ||
	    flow_mask_any(u.src_mac, sizeof(u.src_mac)))
		tbl->parts |= FLOW_KEY_L2;
	if (u.ip_tos != 0 || u.ip_ttl != 0 ||
	    flow_mask_any(u.src_ip, sizeof(u.src_ip)) ||
	    flow_mask_any(u.dst_ip, sizeof(u.dst_ip)))
		tbl->parts |= FLOW_KEY_IP;
	if (u.icmp_type != 0 || u.icmp_code != 0 || u.sport != 0 ||
	    u.dport != 0)
		tbl->parts |= FLOW_KEY_L4;
}

/* The subtable of mask in group g of table tbl, made if new */
static struct flow_subtable *
flow_subtable_get(struct emu_flow *fl, struct flow_table *tbl,
		  struct flow_group *g, const struct sriovnic_flow_key *mask)
{
	struct flow_subtable *st, **arr;
	unsigned int i;

	for (i = 0; i < g->nb; i++)
		if (flow_mask_eq(&g->st[i]->mask, mask))
			return g->st[i];
	if (g->nb == g->cap) {
		arr = realloc(g->st, (g->cap + 4) * sizeof(*arr));
		if (arr == NULL)
			return NULL;
		g->st = arr;
		g->cap += 4;
	}
	st = calloc(1, sizeof(*st));
	if (st == NULL)
		return NULL;
	st->mask = *mask;
	flow_st_words(st);
	if (flow_subtable_size(fl, st, NULL, FLOW_HASH_MIN) < 0) {
		free(st);
		return NULL;
	}
	g->st[g->nb++] = st;
	flow_table_parts(tbl);
	return st;
}

static void
flow_subtable_put(struct flow_table *tbl, struct flow_group *g,
		  struct flow_subtable *st)
{
	unsigned int i;

	if (st->nb_rules != 0)
		return;
	for (i = 0; i < g->nb && g->st[i] != st; i++)
		;
	g->st[i] = g->st[--g->nb];
	rte_hash_free(st->h);
	free(st->sigs);
	free(st);
	flow_table_parts(tbl);
}

/* Adds ord to the bucket of key in st, made if new */
static int
flow_bucket_add(struct emu_flow *fl, struct flow_subtable *st,
		const struct sriovnic_flow_key *k, uint64_t ord)
{
	struct flow_bucket *b = NULL, *nb;
	uint64_t key[EMU_FLOW_KEY_WORDS];
	uint32_t cap, i, sig;
	int ret;

	sig = flow_st_key(st, k, key);
	if (rte_hash_lookup_data(st->h, key, (void **)&b) < 0) {
		if (st->nb_keys == st->cap) {
			ret = flow_subtable_size(fl, st, st->h, 2 * st->cap);
			if (ret < 0)
				return ret;
		}
		b = malloc(sizeof(*b) + FLOW_BUCKET_MIN * sizeof(b->ord[0]));
		if (b == NULL)
			return -ENOMEM;
		b->nb = 0;
		b->cap = FLOW_BUCKET_MIN;
		ret = rte_hash_add_key_data(st->h, key, b);
		if (ret < 0) {
			free(b);
			return ret;
		}
		st->sigs[sig & st->sig_mask]++;
		st->nb_keys++;
	} else if (b->nb == b->cap) {
		cap = 2 * b->cap;
		nb = realloc(b, sizeof(*b) + cap * sizeof(b->ord[0]));
		if (nb == NULL)
			return -ENOMEM;
		nb->cap = cap;
		if (nb != b)
			rte_hash_add_key_data(st->h, key, nb);
		b = nb;
	}
	for (i = b->nb; i > 0 && b->ord[i - 1] > ord; i--)
		b->ord[i] = b->ord[i - 1];
	b->ord[i] = ord;
	b->nb++;
	return 0;
}

static void
flow_bucket_del(struct flow_subtable *st, const struct sriovnic_flow_key *k,
		uint64_t ord)
{
	uint64_t key[EMU_FLOW_KEY_WORDS];
	struct flow_bucket *b;
	uint32_t i, sig;

	sig = flow_st_key(st, k, key);
	if (rte_hash_lookup_data(st->h, key, (void **)&b) < 0)
		return;
	for (i = 0; i < b->nb && b->ord[i] != ord; i++)
		;
	if (i == b->nb)
		return;
	memmove(&b->ord[i], &b->ord[i + 1], (b->nb - i - 1) * sizeof(b->ord[0]));
	if (--b->nb == 0) {
		rte_hash_del_key(st->h, key);
		st->sigs[sig & st->sig_mask]--;
		st->nb_keys--;
		free(b);
	}
}

/* The rule entry id, filled in by its FLOW_ADD, into its table */
int
flow_insert(struct emu *emu, uint32_t id)
{
	struct emu_flow *fl = emu->flow;
	struct flow_rule *r = &fl->rules[id];
	struct flow_table *tbl = &fl->tables[r->tbl];
	struct flow_group *g = &tbl->groups[r->group];
	struct flow_subtable *st;
	int ret;

	st = flow_subtable_get(fl, tbl, g, &r->mask);
	if (st == NULL)
		return -ENOMEM;
	ret = flow_bucket_add(fl, st, &r->key, flow_order(r->prio, id));
	if (ret < 0) {
		flow_subtable_put(tbl, g, st);
		return ret;
	}
	st->nb_rules++;
	r->st = st;
	r->used = true;
	r->hits = 0;
	r->bytes = 0;
	fl->used[r->table == SRIOVNIC_FLOW_TBL_SWITCH ?
		 SRIOVNIC_FUNC_PF : r->func]++;
	emu->flow_nb[r->tbl]++;
	return 0;
}

void
flow_remove(struct emu *emu, uint32_t id)
{
	struct emu_flow *fl = emu->flow;
	struct flow_rule *r = &fl->rules[id];
	struct flow_subtable *st = r->st;

	flow_bucket_del(st, &r->key, flow_order(r->prio, id));
	st->nb_rules--;
	flow_subtable_put(&fl->tables[r->tbl],
			  &fl->tables[r->tbl].groups[r->group], st);
	fl->used[r->table == SRIOVNIC_FLOW_TBL_SWITCH ?
		 SRIOVNIC_FUNC_PF : r->func]--;
	emu->flow_nb[r->tbl]--;
	r->used = false;
	r->st = NULL;
}

/* The buckets of one frame's key in the first subtables of a group */
struct flow_probe {
	const struct flow_bucket *b[FLOW_PROBE_KEEP];
	unsigned int found;	/* buckets in b */
};

static const struct flow_bucket *
flow_probe_st(const struct flow_subtable *st,
	      const struct sriovnic_flow_key *k)
{
	uint64_t w[EMU_FLOW_KEY_WORDS];
	struct flow_bucket *b;
	uint32_t sig = flow_st_key(st, k, w);

	if (st->sigs[sig & st->sig_mask] == 0 ||
	    rte_hash_lookup_with_hash_data(st->h, w, sig, (void **)&b) < 0)
		return NULL;
	return b;
}

/* Probes the first subtables of group g for key k, into p */
static void
flow_probe_group(const struct flow_group *g, const struct sriovnic_flow_key *k,
		 struct flow_probe *p)
{
	unsigned int i;

	p->found = 0;
	for (i = 0; i < g->nb && i < FLOW_PROBE_KEEP; i++) {
		p->b[i] = flow_probe_st(g->st[i], k);
		p->found += p->b[i] != NULL;
	}
}

/* The first rule of group g after order min whose masked key is k's: the
 * buckets p has of g, a probe of each further subtable
 */
static struct flow_rule *
flow_best(struct emu_flow *fl, const struct flow_group *g,
	  const struct sriovnic_flow_key *k, uint64_t min,
	  const struct flow_probe *p)
{
	const struct flow_bucket *b;
	uint64_t best = UINT64_MAX;
	unsigned int i;
	uint32_t j;

	if (p->found == 0 && g->nb <= FLOW_PROBE_KEEP)
		return NULL;
	for (i = 0; i < g->nb; i++) {
		b = i < FLOW_PROBE_KEEP ? p->b[i] : flow_probe_st(g->st[i], k);
		if (b == NULL)
			continue;
		for (j = 0; j < b->nb && b->ord[j] < min; j++)
			;
		if (j < b->nb && b->ord[j] < best)
			best = b->ord[j];
	}
	return best == UINT64_MAX ? NULL : &fl->rules[(uint32_t)best];
}

const struct flow_rule *
flow_lookup(struct emu *emu, unsigned int t, const struct sriovnic_flow_key *k,
	    uint32_t len, struct emu_flow_res *res,
	    void (*take)(const struct flow_rule *r, void *arg), void *arg)
{
	struct emu_flow *fl = emu->flow;
	const struct flow_group *g = &fl->tables[t].groups[0];
	struct flow_probe p;
	struct flow_rule *r;
	uint64_t min = 0;

	flow_probe_group(g, k, &p);
	while ((r = flow_best(fl, g, k, min, &p)) != NULL) {
		r->hits++;
		r->bytes += len;
		take(r, arg);
		switch (r->act.fate) {
		case SRIOVNIC_FATE_JUMP:
			g = &fl->tables[t].groups[r->act.group];
			flow_probe_group(g, k, &p);
			min = 0;
			break;
		case SRIOVNIC_FATE_PASSTHRU:
			min = flow_order(r->prio, r - fl->rules) + 1;
			break;
		default:
			res->fate = r->act.fate;
			return r;
		}
	}
	return NULL;
}
