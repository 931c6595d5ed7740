/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Transmit scheduler (datasheet 14): the fixed tree port -> function ->
 * tx queue, dual token-bucket shapers charged after sending, and the
 * choice of the queue that sends next. Shaping holds frames back in their
 * rings; it never drops one. While every node is at its defaults the tx
 * path serves the queues without coming here (emu_tx_poll()).
 */

#include <errno.h>
#include <string.h>

#include <rte_cycles.h>

#include "emu.h"
#include "aq.h"
#include "queue.h"
#include "scheduler.h"

#define TM_PRIOS		SRIOVNIC_TM_PRIOS_MIN
/* How long the model may have been kept from running (by the OS, by its
 * own sleep) and still make up for it: see node_refill()
 */
#define CATCH_UP_PER_S		20	/* 50 ms */
/* and a bound on it in bucket units, far from overflow */
#define CATCH_UP_MAX		(INT64_MAX / 4)

/* A tx queue of the tree with descriptors the card owns, in this poll */
struct sched_queue {
	struct emu_queue *q;
	uint32_t head;		/* Q_HEAD at the start of the poll */
	bool more;		/* may hold another frame */
};

/* A function with such queues: sched_poll.q[first, first + nb) */
struct sched_func {
	struct emu_tm_node *n;
	uint16_t id;
	uint16_t first;
	uint16_t nb;
};

struct sched_poll {
	unsigned int nb_q;
	unsigned int nb_f;
	struct sched_queue q[SRIOVNIC_MAX_FUNCS * SRIOVNIC_MAX_QUEUES];
	struct sched_func f[SRIOVNIC_MAX_FUNCS];
};

/* A child in a parent's choice (14.4) */
struct sched_kid {
	struct emu_tm_node *n;
	unsigned int idx;	/* among the parent's children, ascending */
	bool ok;		/* eligible, then: still in the choice */
};

static bool
node_is_port(const struct emu_sched *s, const struct emu_tm_node *n)
{
	return n == &s->port;
}

static void
node_defaults(struct emu_sched *s, struct emu_tm_node *n)
{
	memset(&n->live, 0, sizeof(n->live));
	if (!node_is_port(s, n))
		n->live.weight = SRIOVNIC_TM_WEIGHT_DEFAULT;
	n->staged = n->live;
}

static bool
params_default(const struct emu_sched *s, const struct emu_tm_node *n)
{
	const struct emu_tm_params *p = &n->live;

	return p->cir == 0 && p->pir == 0 && p->priority == 0 &&
		p->adjust == 0 && p->weight == (node_is_port(s, n) ? 0 :
						SRIOVNIC_TM_WEIGHT_DEFAULT);
}

/* Every node, absent ones included: they stay at their defaults */
static void
sched_each(struct emu_sched *s, uint64_t now,
	   void (*fn)(struct emu_sched *s, struct emu_tm_node *n,
		      uint64_t now))
{
	unsigned int f, q;

	fn(s, &s->port, now);
	for (f = 0; f < SRIOVNIC_MAX_FUNCS; f++) {
		fn(s, &s->func[f], now);
		for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++)
			fn(s, &s->queue[f][q], now);
	}
}

/* The node with this id (14.1), NULL when malformed or not present */
static struct emu_tm_node *
node_get(struct emu *emu, uint16_t id)
{
	struct emu_sched *s = &emu->sched;
	unsigned int f, q;

	switch (SRIOVNIC_TM_NODE_LEVEL(id)) {
	case SRIOVNIC_TM_LEVEL_PORT:
		return id == SRIOVNIC_TM_NODE_PORT ? &s->port : NULL;
	case SRIOVNIC_TM_LEVEL_FUNC:
		f = id & 0xfff;
		return f < emu->nb_funcs ? &s->func[f] : NULL;
	case SRIOVNIC_TM_LEVEL_QUEUE:
		f = (id >> 4) & 0xff;
		q = id & 0xf;
		return f < emu->nb_funcs && q < emu->opts->nb_queues ?
			&s->queue[f][q] : NULL;
	default:
		return NULL;
	}
}

/* Buckets (14.3) */

static void
node_fill(struct emu_sched *s, struct emu_tm_node *n, uint64_t now)
{
	n->peak = (int64_t)n->live.pbs * (int64_t)s->hz;
	n->committed = (int64_t)n->live.cbs * (int64_t)s->hz;
	n->refilled = now;
}

static int64_t
bucket_refill(int64_t level, uint64_t cycles, uint64_t rate, uint32_t size,
	      uint64_t hz, bool backlog)
{
	int64_t cap = (int64_t)size * (int64_t)hz;
	uint64_t room;

	/* 50 ms of 400 Gbit/s in units of a 4 GHz TSC would not fit */
	if (backlog)
		cap += RTE_MIN(rate, CATCH_UP_MAX / (hz / CATCH_UP_PER_S)) *
			(hz / CATCH_UP_PER_S);
	if (level >= cap)
		return cap;
	room = (uint64_t)(cap - level);
	/* cycles * rate fits: it is at most room */
	if (cycles > room / rate)
		return cap;
	return level + (int64_t)(cycles * rate);
}

/* Cycles until a peak bucket at level gets above 0 */
static uint64_t
peak_wait(int64_t level, uint64_t rate)
{
	return (uint64_t)(-level) / rate + 1;
}

/* A card sends whenever a node conforms; the model only when it polls,
 * and the OS may keep it from polling for milliseconds. A node that had
 * frames waiting at the last poll therefore keeps the tokens of that
 * time beyond its burst size, up to 50 ms of its rate, and sends them as
 * one burst: the long-term rate holds on a busy machine. Idle, the bucket
 * is back at its size at the next refill. The node's stall time (14.7)
 * is counted here too, exactly: from the last refill, while its peak
 * bucket was not above 0 with frames waiting.
 */
static void
node_refill(const struct emu_sched *s, struct emu_tm_node *n, uint64_t now)
{
	uint64_t cycles = now - n->refilled;

	n->refilled = now;
	if (n->live.pir != 0) {
		if (n->backlog && !n->suspended && n->peak <= 0)
			n->stall += RTE_MIN(cycles,
					    peak_wait(n->peak, n->live.pir));
		n->peak = bucket_refill(n->peak, cycles, n->live.pir,
					n->live.pbs, s->hz, n->backlog);
	}
	if (n->live.cir != 0)
		n->committed = bucket_refill(n->committed, cycles,
					     n->live.cir, n->live.cbs, s->hz,
					     n->backlog);
	n->backlog = false;
}

static bool
node_peak_conforms(const struct emu_tm_node *n)
{
	return n->live.pir == 0 || n->peak > 0;
}

static bool
node_committed(const struct emu_tm_node *n)
{
	return n->live.cir != 0 && n->committed > 0;
}

static bool
node_runs(const struct emu_tm_node *n)
{
	return !n->suspended && node_peak_conforms(n);
}

/* A frame that passed n: pkts segments of bytes in all */
static void
node_charge(const struct emu_sched *s, struct emu_tm_node *n, uint32_t pkts,
	    uint64_t bytes)
{
	int64_t len = RTE_MAX((int64_t)bytes + n->live.adjust, INT64_C(1));

	if (n->live.pir != 0)
		n->peak -= len * (int64_t)s->hz;
	if (n->live.cir != 0)
		n->committed -= len * (int64_t)s->hz;
	n->deficit -= len;
	n->pkts += pkts;
	n->bytes += bytes;
}

/* When n's peak bucket gets above 0, UINT64_MAX if it is not what holds
 * n back
 */
static uint64_t
node_wake(const struct emu_tm_node *n, uint64_t now)
{
	if (n->suspended || node_peak_conforms(n))
		return UINT64_MAX;
	return now + peak_wait(n->peak, n->live.pir);
}

/* Choice (14.4) */

/* Which of the children k[0..nb) parent serves, -1 for none: the
 * committed-conforming first, then the lowest priority, then deficit
 * round robin, the quantum weight x 256 bytes. The child served last
 * goes on while it has credit; deficits are charged after sending.
 */
static int
sched_pick(struct emu_tm_node *parent, struct sched_kid *k, unsigned int nb)
{
	unsigned int prio = TM_PRIOS, i, start = 0, last;
	bool committed = false;
	struct emu_tm_node *n;

	for (i = 0; i < nb; i++)
		committed |= k[i].ok && node_committed(k[i].n);
	for (i = 0; i < nb; i++) {
		k[i].ok &= !committed || node_committed(k[i].n);
		if (k[i].ok)
			prio = RTE_MIN(prio, (unsigned int)k[i].n->live.priority);
	}
	if (prio == TM_PRIOS)
		return -1;
	last = parent->last[prio];
	for (i = 0; i < nb; i++) {
		k[i].ok &= k[i].n->live.priority == prio;
		if (k[i].idx == last && k[i].ok && k[i].n->deficit > 0)
			return i;
		if (k[i].idx <= last)
			start = i + 1;
	}
	/* ends: a child in the choice gains a quantum of at least 256 in
	 * each round
	 */
	for (i = start % nb;; i = (i + 1) % nb) {
		if (!k[i].ok)
			continue;
		n = k[i].n;
		n->deficit += (int64_t)n->live.weight * SRIOVNIC_TM_QUANTUM;
		if (n->deficit > 0) {
			parent->last[prio] = k[i].idx;
			return i;
		}
	}
}

/* The queues of f as children; whether one is eligible */
static bool
sched_func_kids(struct sched_poll *p, const struct sched_func *f,
		struct sched_kid *k)
{
	struct sched_queue *sq;
	bool any = false;
	unsigned int i;

	for (i = 0; i < f->nb; i++) {
		sq = &p->q[f->first + i];
		k[i].n = sq->q->tm;
		k[i].idx = sq->q - sq->q->func->txq;
		k[i].ok = sq->more && node_runs(k[i].n);
		any |= k[i].ok;
	}
	return any;
}

/* The queue to send from, from the port down; NULL when none may */
static struct sched_queue *
sched_next(struct emu_sched *s, struct sched_poll *p, struct sched_func **pf)
{
	static struct sched_kid fk[SRIOVNIC_MAX_FUNCS];
	struct sched_kid qk[SRIOVNIC_MAX_QUEUES];
	unsigned int i;
	int c;

	if (!node_runs(&s->port))
		return NULL;
	for (i = 0; i < p->nb_f; i++) {
		fk[i].n = p->f[i].n;
		fk[i].idx = p->f[i].id;
		fk[i].ok = node_runs(fk[i].n) &&
			sched_func_kids(p, &p->f[i], qk);
	}
	c = sched_pick(&s->port, fk, p->nb_f);
	if (c < 0)
		return NULL;
	*pf = &p->f[c];
	sched_func_kids(p, *pf, qk);
	c = sched_pick((*pf)->n, qk, (*pf)->nb);
	return &p->q[(*pf)->first + c];
}

/* One frame from sq, charged at every node it passes */
static bool
sched_send(struct emu *emu, struct sched_func *f, struct sched_queue *sq)
{
	struct emu_sched *s = &emu->sched;
	struct emu_queue *q = sq->q;
	uint32_t pkts = q->count.pkts;
	uint64_t bytes = q->count.bytes;

	if (!emu_tx_frame(emu, q)) {
		sq->more = false;
		return false;
	}
	pkts = q->count.pkts - pkts;
	bytes = q->count.bytes - bytes;
	/* bad frames pass uncharged */
	if (pkts != 0) {
		node_charge(s, q->tm, pkts, bytes);
		node_charge(s, f->n, pkts, bytes);
		node_charge(s, &s->port, pkts, bytes);
	}
	return true;
}

/* q has descriptors: into the poll, its nodes refilled */
static void
sched_poll_add(struct emu_sched *s, struct sched_poll *p,
	       struct emu_queue *q, uint64_t now)
{
	struct sched_func *f = &p->f[p->nb_f - 1];
	struct sched_queue *sq = &p->q[p->nb_q];

	/* tx_on lists the queues function by function */
	if (p->nb_f == 0 || f->id != q->func->id) {
		f = &p->f[p->nb_f++];
		f->id = q->func->id;
		f->n = &s->func[f->id];
		f->first = p->nb_q;
		f->nb = 0;
		node_refill(s, f->n, now);
	}
	sq->q = q;
	sq->head = q->head;
	sq->more = true;
	f->nb++;
	p->nb_q++;
	node_refill(s, q->tm, now);
}

/* The nodes of queues with frames left, for their next refill */
static void
sched_backlog(struct emu_sched *s, const struct sched_poll *p)
{
	const struct sched_queue *sq;
	unsigned int i, j;

	for (i = 0; i < p->nb_f; i++) {
		for (j = 0; j < p->f[i].nb; j++) {
			sq = &p->q[p->f[i].first + j];
			if (!sq->more)
				continue;
			sq->q->tm->backlog = true;
			p->f[i].n->backlog = true;
			s->port.backlog = true;
		}
	}
}

/* The earliest time a node on the path of a queue with frames conforms;
 * waking then is early when another node holds the queue back too, which
 * costs a poll
 */
static uint64_t
sched_wake(struct emu_sched *s, const struct sched_poll *p, uint64_t now)
{
	const struct sched_queue *sq;
	const struct sched_func *f;
	uint64_t wake = UINT64_MAX;
	bool more = false, fmore;
	unsigned int i, j;

	for (i = 0; i < p->nb_f; i++) {
		f = &p->f[i];
		fmore = false;
		for (j = 0; j < f->nb; j++) {
			sq = &p->q[f->first + j];
			if (!sq->more)
				continue;
			fmore = true;
			wake = RTE_MIN(wake, node_wake(sq->q->tm, now));
		}
		if (fmore)
			wake = RTE_MIN(wake, node_wake(f->n, now));
		more |= fmore;
	}
	if (more)
		wake = RTE_MIN(wake, node_wake(&s->port, now));
	return wake == UINT64_MAX ? 0 : wake;
}

unsigned int
emu_sched_tx(struct emu *emu)
{
	/* the model runs on one lcore */
	static struct sched_poll p;
	struct emu_sched *s = &emu->sched;
	uint64_t now = rte_get_tsc_cycles();
	unsigned int i, nb = 0, sent = 0, budget;
	struct sched_queue *sq;
	struct sched_func *f;
	struct emu_queue *q;

	p.nb_q = 0;
	p.nb_f = 0;
	for (i = 0; i < emu->nb_tx_on; i++) {
		q = emu->tx_on[i];
		if (q->tm == NULL) {
			/* representor queues are not in the tree */
			nb += emu_tx_burst(emu, q);
		} else if (emu_tx_ready(q)) {
			sched_poll_add(s, &p, q, now);
		} else {
			/* DRR: no credit kept through idleness */
			q->tm->deficit = 0;
		}
	}
	if (p.nb_q == 0) {
		s->wake = 0;
		return nb;
	}
	node_refill(s, &s->port, now);
	/* as many frames as a round of bursts without the tree */
	budget = EMU_BURST * p.nb_q;
	while (sent < budget && (sq = sched_next(s, &p, &f)) != NULL)
		sent += sched_send(emu, f, sq);
	for (i = 0; i < p.nb_q; i++)
		emu_tx_done(p.q[i].q, p.q[i].head);
	sched_backlog(s, &p);
	s->wake = sched_wake(s, &p, now);
	return nb + sent;
}

uint64_t
emu_sched_wait_us(const struct emu *emu)
{
	const struct emu_sched *s = &emu->sched;
	uint64_t now;

	if (s->plain || s->wake == 0)
		return UINT64_MAX;
	now = rte_get_tsc_cycles();
	return s->wake > now ? (s->wake - now) * US_PER_S / s->hz : 0;
}

/* After a change of the live tree: whether the tx path may ignore it */
static void
sched_replan(struct emu *emu)
{
	struct emu_sched *s = &emu->sched;
	unsigned int f, q;
	bool plain;

	plain = params_default(s, &s->port) && !s->port.suspended;
	for (f = 0; f < SRIOVNIC_MAX_FUNCS; f++) {
		plain &= params_default(s, &s->func[f]) &&
			!s->func[f].suspended;
		for (q = 0; q < SRIOVNIC_MAX_QUEUES; q++)
			plain &= params_default(s, &s->queue[f][q]) &&
				!s->queue[f][q].suspended;
	}
	s->plain = plain;
	s->wake = 0;
}

static void
node_reset(struct emu_sched *s, struct emu_tm_node *n, uint64_t now)
{
	memset(n, 0, sizeof(*n));
	node_defaults(s, n);
	n->refilled = now;
}

/* Power-on and PF reset (14.2, 14.6, 14.7) */
void
emu_sched_reset(struct emu *emu)
{
	struct emu_sched *s = &emu->sched;

	s->hz = rte_get_tsc_hz();
	sched_each(s, rte_get_tsc_cycles(), node_reset);
	sched_replan(emu);
}

/* Commands (14.8): checks on cmd, the descriptor as read once; H
 * fields into wb, the ring's
 */

static bool
shaper_ok(uint64_t rate, uint32_t burst)
{
	if (rate == 0)
		return burst == 0;
	return rate >= SRIOVNIC_TM_RATE_MIN && rate <= SRIOVNIC_TM_RATE_MAX &&
		burst >= SRIOVNIC_TM_BURST_MIN && burst <= SRIOVNIC_TM_BURST_MAX;
}

static int
cmd_node_set(struct emu *emu, const struct sriovnic_aq_tm_node_set *c,
	     uint16_t *info)
{
	struct emu_tm_node *n;
	bool port;

	if (c->rsvd0 != 0 || c->rsvd1 != 0 ||
	    sriovnic_first_nz(c->rsvd2, sizeof(c->rsvd2)) >= 0)
		return emu_aq_fail(info, SRIOVNIC_AQE_PARAM, -EINVAL);
	n = node_get(emu, c->node);
	if (n == NULL)
		return emu_aq_fail(info, SRIOVNIC_AQE_TM_NODE, -EINVAL);
	port = node_is_port(&emu->sched, n);
	if (port ? c->priority != 0 || c->weight != 0 :
	    c->priority >= TM_PRIOS || c->weight < SRIOVNIC_TM_WEIGHT_MIN)
		return emu_aq_fail(info, SRIOVNIC_AQE_TM_SCHED, -EINVAL);
	if (!shaper_ok(c->cir, c->cbs) || !shaper_ok(c->pir, c->pbs) ||
	    (port && c->cir != 0) ||
	    (c->cir != 0 && c->pir != 0 && c->cir > c->pir))
		return emu_aq_fail(info, SRIOVNIC_AQE_TM_SHAPER, -EINVAL);
	n->staged.priority = c->priority;
	n->staged.weight = c->weight;
	n->staged.adjust = c->adjust;
	n->staged.cir = c->cir;
	n->staged.cbs = c->cbs;
	n->staged.pir = c->pir;
	n->staged.pbs = c->pbs;
	return 0;
}

/* Whether the staged cir of the children kids[0..nb) fit the parent's
 * staged pir (14.5)
 */
static bool
cir_fit(const struct emu_tm_node *parent, const struct emu_tm_node *kids,
	unsigned int nb)
{
	uint64_t sum = 0;
	unsigned int i;

	if (parent->staged.pir == 0)
		return true;
	for (i = 0; i < nb; i++)
		sum += kids[i].staged.cir;
	return sum <= parent->staged.pir;
}

/* The lowest id of a node whose guarantees cannot be met, or NONE */
static uint16_t
sched_check(struct emu *emu)
{
	struct emu_sched *s = &emu->sched;
	unsigned int f;

	if (!cir_fit(&s->port, s->func, emu->nb_funcs))
		return SRIOVNIC_TM_NODE_PORT;
	for (f = 0; f < emu->nb_funcs; f++)
		if (!cir_fit(&s->func[f], s->queue[f], emu->opts->nb_queues))
			return SRIOVNIC_TM_NODE_FUNC(f);
	return SRIOVNIC_TM_NODE_NONE;
}

static void
node_unstage(struct emu_sched *s, struct emu_tm_node *n, uint64_t now)
{
	RTE_SET_USED(s);
	RTE_SET_USED(now);
	n->staged = n->live;
}

/* New shaper parameters start with full buckets, the others keep theirs */
static void
node_commit(struct emu_sched *s, struct emu_tm_node *n, uint64_t now)
{
	const struct emu_tm_params *a = &n->live, *b = &n->staged;
	bool reshaped = a->cir != b->cir || a->cbs != b->cbs ||
		a->pir != b->pir || a->pbs != b->pbs;

	node_refill(s, n, now);
	n->live = n->staged;
	if (reshaped)
		node_fill(s, n, now);
}

static int
cmd_commit(struct emu *emu, const struct sriovnic_aq_tm_commit *c,
	   struct sriovnic_aq_tm_commit *wb, uint16_t *info)
{
	struct emu_sched *s = &emu->sched;
	uint16_t fail;

	wb->fail_node = SRIOVNIC_TM_NODE_NONE;
	if ((c->c_flags & ~(SRIOVNIC_TCOMMIT_ABORT |
			    SRIOVNIC_TCOMMIT_DISCARD_ON_FAIL)) != 0 ||
	    sriovnic_first_nz(c->rsvd, sizeof(c->rsvd)) >= 0)
		return emu_aq_fail(info, SRIOVNIC_AQE_PARAM, -EINVAL);
	if (c->c_flags & SRIOVNIC_TCOMMIT_ABORT) {
		sched_each(s, 0, node_unstage);
		return 0;
	}
	fail = sched_check(emu);
	if (fail != SRIOVNIC_TM_NODE_NONE) {
		wb->fail_node = fail;
		if (c->c_flags & SRIOVNIC_TCOMMIT_DISCARD_ON_FAIL)
			sched_each(s, 0, node_unstage);
		return emu_aq_fail(info, SRIOVNIC_AQE_TM_HIER, -EINVAL);
	}
	sched_each(s, rte_get_tsc_cycles(), node_commit);
	sched_replan(emu);
	return 0;
}

/* Suspension is live at once (14.6) */
static int
cmd_suspend(struct emu *emu, const struct sriovnic_aq_tm_node *c,
	    bool suspend, uint16_t *info)
{
	struct emu_tm_node *n;

	if (sriovnic_first_nz(c->rsvd, sizeof(c->rsvd)) >= 0)
		return emu_aq_fail(info, SRIOVNIC_AQE_PARAM, -EINVAL);
	n = node_get(emu, c->node);
	if (n == NULL)
		return emu_aq_fail(info, SRIOVNIC_AQE_TM_NODE, -EINVAL);
	n->suspended = suspend;
	sched_replan(emu);
	return 0;
}

static uint64_t
cycles_to_ns(uint64_t cycles, uint64_t hz)
{
	return cycles / hz * NS_PER_S + cycles % hz * NS_PER_S / hz;
}

static int
cmd_stats(struct emu *emu, const struct sriovnic_aq_tm_stats *c,
	  struct sriovnic_aq_tm_stats *wb, uint16_t *info)
{
	struct emu_tm_node *n;

	if ((c->s_flags & ~SRIOVNIC_TSTAT_CLEAR) != 0 || c->rsvd0 != 0 ||
	    sriovnic_first_nz(c->rsvd1, sizeof(c->rsvd1)) >= 0)
		return emu_aq_fail(info, SRIOVNIC_AQE_PARAM, -EINVAL);
	n = node_get(emu, c->node);
	if (n == NULL)
		return emu_aq_fail(info, SRIOVNIC_AQE_TM_NODE, -EINVAL);
	wb->pkts = n->pkts;
	wb->bytes = n->bytes;
	wb->stall_ns = cycles_to_ns(n->stall, emu->sched.hz);
	if (c->s_flags & SRIOVNIC_TSTAT_CLEAR) {
		n->pkts = 0;
		n->bytes = 0;
		n->stall = 0;
	}
	return 0;
}

int
emu_sched_cmd(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	      struct sriovnic_aq_desc *wb, uint16_t *info)
{
	switch (cmd->opcode) {
	case SRIOVNIC_AQC_TM_NODE_SET:
		return cmd_node_set(emu, &cmd->param.tm_node_set, info);
	case SRIOVNIC_AQC_TM_COMMIT:
		return cmd_commit(emu, &cmd->param.tm_commit,
				  &wb->param.tm_commit, info);
	case SRIOVNIC_AQC_TM_NODE_SUSPEND:
	case SRIOVNIC_AQC_TM_NODE_RESUME:
		return cmd_suspend(emu, &cmd->param.tm_node, cmd->opcode ==
				   SRIOVNIC_AQC_TM_NODE_SUSPEND, info);
	case SRIOVNIC_AQC_TM_STATS_READ:
		return cmd_stats(emu, &cmd->param.tm_stats,
				 &wb->param.tm_stats, info);
	default:
		return emu_aq_fail(info, SRIOVNIC_AQE_OPCODE, -EOPNOTSUPP);
	}
}
