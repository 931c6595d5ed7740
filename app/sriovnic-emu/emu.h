/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_H
#define EMU_H

/* State of the sriovnic device model. Everything runs on one lcore, so
 * nothing here is locked; the only concurrency is with the drivers, which
 * share the BARs and their DMA memory with the model.
 */

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_ether.h>
#include <rte_io.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_memcpy.h>
#include <rte_pci.h>

#include "sriovnic_aq_cmd.h"
#include "sriovnic_attach_proto.h"
#include "sriovnic_regs.h"
#include "fmask.h"

extern int emu_logtype;
#define EMU_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, emu_logtype, "sriovnic-emu: " fmt "\n", \
		## __VA_ARGS__)

#define EMU_BURST		32
/* IOMMU table entries per function: enough for 64 GiB in 2 MiB pages */
#define EMU_MAX_REGIONS		32768
#define EMU_TX_MAX_SEGS		18
#define EMU_SRC_WIRE		SRIOVNIC_MAX_FUNCS	/* no function id */
#define EMU_NB_STATS	((SRIOVNIC_ST_RX_OVERSIZE - SRIOVNIC_STATS) / 8 + 1)
/* Keys of the switch's hash: per MAC table entry its (MAC, VLAN) key and,
 * for anti-spoofing, the owner key of its MAC and the key of its VLAN id
 */
#define EMU_SW_KEYS		(3 * SRIOVNIC_SW_MAC_ENTRIES)
/* Slots of the switch's hash: a power of two, at most 3/8 of them used */
#define EMU_SW_SLOTS		4096
/* 802.1Q tags the switch looks at: an outer one and the one behind it */
#define EMU_MAX_TAGS		2

enum emu_wire_kind {
	EMU_WIRE_TAP,
	EMU_WIRE_LOOPBACK,
	EMU_WIRE_VDEV,
};

struct emu_opts {
	const char *dir;
	unsigned int nb_vfs;
	unsigned int nb_queues;
	struct rte_pci_addr pf;
	const char *wire;		/* as given, for messages */
	enum emu_wire_kind wire_kind;
	const char *wire_arg;		/* tap: IFNAME, vdev: DEVARGS */
	struct rte_ether_addr mac;
	bool verbose;
	unsigned int flow_rules;	/* FLOW_RULES */
	int nb_eal_args;		/* appended after ours */
	char **eal_args;
};

/* One IOMMU mapping: driver memory [iova, iova + len) mapped at va; the
 * mapping itself starts map_delta bytes before, at a page boundary.
 */
struct emu_region {	/* 32 bytes: the frame path indexes them */
	uint64_t iova;
	uint64_t len;
	uint8_t *va;
	uint32_t map_delta;	/* below the page size */
	/* its file shrank under an access: mapped to zeros until
	 * emu_iommu_poll() drops it
	 */
	bool lost;
};

/* What a queue moved since its counters were last written: the frame
 * path writes them once per burst or poll (emu_queue_count())
 */
struct emu_count {
	uint32_t pkts;
	uint32_t bcast;		/* rx */
	uint32_t mcast;		/* rx */
	uint64_t bytes;
};

struct emu_queue {
	void *ring;		/* host address of the ring; NULL unless enabled */
	struct emu_func *func;	/* whose queue it is */
	struct emu_tm_node *tm;	/* tx queue 0..15: its scheduler node */
	uint32_t regs;		/* BAR offset of the queue's register block */
	uint32_t stats;		/* BAR offset of its counters, 0 for none */
	uint16_t vf_func;	/* representor tx queue: function id of its VF */
	bool rx;
	bool error;		/* STATUS.ERROR until the driver clears ENABLE */
	bool scatter;		/* rx: chain buffers, latched at enable */
	uint8_t desc_shift;	/* rx: 1 for 32-byte descriptors, else 0 */
	bool keep_crc;		/* rx: FCS written after the frame, likewise */
	bool discard;		/* tx: drop descriptors up to the next EOP */
	bool head_late;		/* rx: HEAD is written by emu_rx_flush() */
	uint32_t len;		/* descriptors, power of two */
	uint32_t buf_len;	/* rx buffer bytes */
	uint32_t head;
	uint32_t tail;		/* last doorbell read */
	struct emu_count count;
};

/* Parameters of a scheduler node (datasheet 14.2) */
struct emu_tm_params {
	uint64_t cir;		/* bytes/s, 0: no committed bucket */
	uint64_t pir;		/* bytes/s, 0: no peak bucket */
	uint32_t cbs;
	uint32_t pbs;
	uint8_t priority;
	uint8_t weight;
	int8_t adjust;
};

/* A node of the transmit scheduler's tree (datasheet 14). Buckets hold
 * bytes times the TSC frequency, so that a refill is cycles times rate,
 * exact.
 */
struct emu_tm_node {
	struct emu_tm_params live;
	struct emu_tm_params staged;
	bool suspended;
	bool backlog;		/* frames were left at the last poll */
	int64_t peak;		/* P */
	int64_t committed;	/* C */
	uint64_t refilled;	/* TSC of the last refill */
	int64_t deficit;	/* bytes: DRR among its siblings */
	/* a parent: the child served last, per priority */
	uint8_t last[SRIOVNIC_TM_PRIOS_MIN];
	uint64_t pkts;
	uint64_t bytes;
	uint64_t stall;		/* TSC cycles */
};

struct emu_sched {
	/* every node at its defaults and running: the tx path serves the
	 * queues round robin without looking at the tree
	 */
	bool plain;
	uint64_t hz;		/* TSC */
	uint64_t wake;		/* TSC when a node held back conforms, or 0 */
	struct emu_tm_node port;
	struct emu_tm_node func[SRIOVNIC_MAX_FUNCS];
	struct emu_tm_node queue[SRIOVNIC_MAX_FUNCS][SRIOVNIC_MAX_QUEUES];
};

/* The PF's admin queue (datasheet 12) */
struct emu_aq {
	struct sriovnic_aq_desc *ring;	/* NULL unless enabled */
	bool error;		/* AQ_STATUS.ERROR until ENABLE is cleared */
	uint32_t len;
	uint32_t head;
	uint64_t last_cmd;	/* timer cycles of the last command run */
};

/* Flow tables (datasheet 13): the ingress table of function f at index
 * f, the switch table behind them
 */
#define EMU_FLOW_SWITCH		SRIOVNIC_MAX_FUNCS
#define EMU_FLOW_TABLES		(EMU_FLOW_SWITCH + 1)
#define EMU_FLOW_GROUPS		SRIOVNIC_FLOW_GROUPS_MIN

/* What a frame's lookup in a flow table decided (13.2) */
struct emu_flow_res {
	uint8_t fate;		/* DROP, PORT, REP, QUEUE, RSS; 0: none */
	uint8_t dest;		/* PORT, REP */
	uint8_t queue;		/* QUEUE, RSS */
	bool hashed;		/* RSS: hash is valid */
	bool vlan_changed;	/* switch: VLAN actions changed the frame */
	uint16_t status_ext;	/* ingress: SRIOVNIC_RXDX_MARK, _FLAG */
	uint32_t mark;
	uint32_t hash;
};

/* Mailbox sequence numbers and acks last relayed, per VF */
struct emu_mbx_seen {
	uint32_t vf_tx_seq;
	uint32_t pf_rx_ack;
	uint32_t pf_tx_seq;
	uint32_t vf_rx_ack;
};

struct emu_func {
	uint16_t id;		/* SRIOVNIC_FUNC_PF or SRIOVNIC_FUNC_VF(n) */
	struct rte_pci_addr addr;
	char name[PCI_PRI_STR_SIZE];
	uint8_t *bar;		/* resource0, shared with the driver */
	int bar_fd;		/* to grow it back if its driver shrinks it */
	int listen_fd;		/* its attach endpoint, DIR/<bdf>/dma_socket */
	bool attached;
	/* set by the SIGBUS handler: a region lost, resource0 shrank */
	volatile sig_atomic_t dma_lost;
	volatile sig_atomic_t bar_lost;
	int irq[SRIOVNIC_NUM_VECS];	/* eventfds, -1 when detached */
	unsigned int nb_regions;
	unsigned int max_regions;	/* allocated */
	unsigned int last_region;	/* where the last translation hit */
	struct emu_region *regions;	/* sorted by iova, disjoint */
	struct emu_queue rxq[SRIOVNIC_MAX_QUEUES];
	struct emu_queue txq[SRIOVNIC_MAX_QUEUES];
	/* PF: REP_RXQ(n) and REP_TXQ(n) at index n, NUM_VFS each; VF: none */
	unsigned int nb_rep;
	struct emu_queue *rep_rxq;
	struct emu_queue *rep_txq;
	struct emu *emu;	/* the card */
	/* VF: its PF_VFST block in the PF BAR; PF: NULL */
	uint8_t *vfst;
	uint32_t vflr;		/* VF: its SW_VFLR count */
	struct emu_mbx_seen mbx;
	/* counters cleared by resets, so the exit report adds them up */
	uint64_t stats_base[EMU_NB_STATS];
};

/* The MAC table entries that share one key */
struct emu_mac_dst {
	struct emu_fmask funcs;	/* every entry's function */
	uint16_t first;		/* (MAC, VLAN) keys: lowest entry index */
	uint16_t last;		/* and highest, where the chain grows */
};

/* A MAC table entry in the chain of its (MAC, VLAN) key */
struct emu_mac_ent {
	uint16_t func;
	uint16_t next;		/* next higher entry index, or UINT16_MAX */
};

/* The tables as loaded at SW_GEN, in the form the frame path uses */
struct emu_switch {
	/* hash of the keys: per slot a key and its position in dst[] */
	uint64_t slot_key[EMU_SW_SLOTS];
	uint16_t slot_dst[EMU_SW_SLOTS];	/* UINT16_MAX: free */
	uint32_t gen;		/* SW_GEN of the loaded tables */
	unsigned int nb_dst;
	struct emu_mac_dst dst[EMU_SW_KEYS];
	struct emu_mac_ent ent[SRIOVNIC_SW_MAC_ENTRIES];
	/* SW_FUNC_CFG without reserved bits and values */
	uint32_t cfg[SRIOVNIC_MAX_FUNCS];
	/* port VLAN tag (TCI) of each function, 0 for none, and its TPID */
	uint16_t pvlan[SRIOVNIC_MAX_FUNCS];
	uint16_t pvlan_tpid[SRIOVNIC_MAX_FUNCS];
	/* from SW_FUNC_CFG, RX_ENABLE already applied to the others */
	struct emu_fmask rx_enable;
	struct emu_fmask promisc;
	struct emu_fmask allmulti;
	struct emu_fmask bcast;
	bool vepa;		/* SW_CTRL: functions reach each other via the wire */
};

struct emu_wire {
	uint16_t port;
	bool started;
	struct rte_eth_dev_tx_buffer *txb;
	uint64_t rx_pkts;
	uint64_t rx_errors;
	uint64_t tx_pkts;
	uint64_t tx_drops;
};

/* A connection to a function's endpoint: slot i of conns[] serves
 * function i / EMU_CONNS_PER_FUNC
 */
struct emu_conn {
	int fd;			/* -1 when the slot is free */
	bool attached;		/* its HELLO attached the function */
};

/* Per function: its driver's, and one more for a driver that starts
 * before the model has seen its predecessor's close. Per function, so
 * that connections to one endpoint can never use up another's.
 */
#define EMU_CONNS_PER_FUNC	2
#define EMU_ATTACH_MAX_FDS	4	/* received: more than any message has */
#define EMU_MAX_CONNS		(EMU_CONNS_PER_FUNC * SRIOVNIC_MAX_FUNCS)

struct emu_attach {
	int epoll_fd;
	struct emu_conn conns[EMU_MAX_CONNS];
};

/* What the model created under DIR, undone in reverse order */
struct emu_sysfs_entry {
	char rel[48];		/* path relative to DIR */
	bool dir;
};

struct emu_sysfs {
	const char *dir;
	int dir_fd;
	bool made_dir;		/* DIR itself did not exist before */
	unsigned int nb;
	struct emu_sysfs_entry *entries;
};

/* Parsed headers of a frame, shared by all its destinations */
enum emu_l3 {
	EMU_L3_OTHER,
	EMU_L3_IPV4,
	EMU_L3_IPV6,
};

struct emu_pkt {
	struct rte_ether_addr dst;
	struct rte_ether_addr src;
	uint16_t tci[EMU_MAX_TAGS];	/* outer tag first; 0 where absent */
	uint8_t tags;			/* 802.1Q/802.1ad tags before L3 */
	/* the EtherType behind the tags, 0 behind too many, and where */
	rte_be16_t l3_type;
	uint32_t l3_off;
	/* the rest by emu_pkt_parse_rx() */
	enum emu_l3 l3;			/* parsed behind the tags */
	/* RSS: TCP/UDP ports in the frame at this offset, 0 for none; the
	 * hash input is read from the frame only for receivers with RSS
	 */
	uint32_t ports_off;
	/* RSS_IPV6_EX: the Home Address option's address and the Type 2
	 * routing header's at these offsets, 0 for none (datasheet 8)
	 */
	uint32_t home_off;
	uint32_t rt2_off;
	/* What the rx descriptor reports of L3 and L4 (datasheet 7.6); a
	 * receiver that finds two tags in front of L3 gets none of it.
	 */
	uint8_t ptype;		/* L3 and L4 fields of the packet type */
	uint8_t csum;		/* RXD_L3CS..RXD_L4E, by emu_pkt_csum() */
	uint32_t l4_off;
	uint32_t l4_len;	/* as the IP header says; 0: not checked */
	uint8_t l4_proto;	/* IPv4 protocol, IPv6 last next header */
};

/* What the first data descriptor of a tx frame and its TSO context
 * descriptor ask for (datasheet 7.3, 7.7, 7.8)
 */
struct emu_tx_offload {
	uint16_t maclen;
	uint16_t iplen;
	uint8_t l4t;		/* L4T: SRIOVNIC_PTYPE_L4_* numbers, 0 none */
	bool iipcsum;
	bool ipv6;		/* the L3 header's version, once checked */
	bool il2tag;
	uint16_t tci;		/* to insert with il2tag */
	bool il2tag2;		/* context: an outer S-tag in front of it */
	uint16_t tci2;		/* to insert with il2tag2 */
	uint16_t mss;		/* TSO: payload bytes per segment; else 0 */
	uint16_t l4len;		/* TSO: TCP header bytes */
};

/* What the card removes from a frame it delivers (datasheet 10.5 step 7) */
enum emu_untag {
	EMU_UNTAG_NONE,
	EMU_UNTAG_STRIP,	/* the outer tag, reported in the descriptor */
	EMU_UNTAG_PORT,		/* the port VLAN tag, never reported */
	EMU_UNTAG_QINQ,		/* both tags, reported (FCTRL_QINQ_STRIP) */
};

struct emu {
	const struct emu_opts *opts;
	uint16_t nb_funcs;
	struct emu_func funcs[SRIOVNIC_MAX_FUNCS];
	struct rte_mempool *pool;
	struct rte_mbuf *spare;	/* kept for the next frame, emu_mbuf_free() */
	/* the enabled tx queues of all functions, which the fast path polls;
	 * rebuilt when tx_stale says that a queue started or stopped
	 */
	struct emu_queue *tx_on[SRIOVNIC_MAX_FUNCS * SRIOVNIC_MAX_QUEUES +
				SRIOVNIC_MAX_VFS];
	unsigned int nb_tx_on;
	bool tx_stale;
	uint64_t mbx_last;	/* timer cycles of the last message relayed */
	struct emu_switch sw;
	struct emu_wire wire;
	struct emu_attach att;
	struct emu_sysfs sysfs;
	uint32_t link_status;	/* of the port */
	uint32_t link_speed;
	uint32_t wire_status;	/* of the wire, LINK_STATUS layout */
	uint32_t wire_speed;
	bool port_down;		/* PORT_CTRL DOWN, as last applied */
	uint32_t pf_state;	/* PF_STATE as every VF sees it */
	struct emu_queue rep_rxq[SRIOVNIC_MAX_VFS];	/* the PF's */
	struct emu_queue rep_txq[SRIOVNIC_MAX_VFS];
	uint32_t caps;		/* CAPS of every function */
	struct emu_aq aq;
	struct emu_flow *flow;	/* NULL without CAP_FLOW */
	/* rules per flow table: an empty table costs a frame this check */
	uint32_t flow_nb[EMU_FLOW_TABLES];
	struct emu_sched sched;
};

/* BAR access. Doorbells and sequence numbers use the ordered accessors,
 * everything else the relaxed ones.
 */
static inline uint32_t
emu_rd32(const struct emu_func *f, uint32_t off)
{
	return rte_read32_relaxed(f->bar + off);
}

static inline void
emu_wr32(struct emu_func *f, uint32_t off, uint32_t val)
{
	rte_write32_relaxed(val, f->bar + off);
}

static inline void
emu_counter_add(uint8_t *p, uint64_t val)
{
	rte_write64_relaxed(rte_read64_relaxed(p) + val, p);
}

static inline void
emu_stat_add(struct emu_func *f, uint32_t off, uint64_t val)
{
	emu_counter_add(f->bar + off, val);
}

/* Queue counters (datasheet 9.2); representor queues have none */
static inline void
emu_qstat_add(struct emu_func *f, const struct emu_queue *q, uint32_t off,
	      uint64_t val)
{
	if (q->stats != 0)
		emu_stat_add(f, q->stats + off, val);
}

/* A VF's counter in the PF's PF_VFST block (datasheet 9.3) */
static inline void
emu_vfst_add(struct emu_func *f, uint32_t off, uint64_t val)
{
	if (f->vfst != NULL)
		emu_counter_add(f->vfst + off, val);
}

/* A function counter that PF_VFST mirrors for VFs */
static inline void
emu_fstat_add(struct emu_func *f, uint32_t off, uint32_t vfst_off,
	      uint64_t val)
{
	emu_stat_add(f, off, val);
	emu_vfst_add(f, vfst_off, val);
}

/* The function's SRIOVNIC_FLINK_* (datasheet 4); the PF's reads auto */
static inline unsigned int
emu_link_mode(const struct emu_switch *sw, uint16_t func)
{
	return (sw->cfg[func] & SRIOVNIC_FCFG_LINK_MASK) >>
		SRIOVNIC_FCFG_LINK_SHIFT;
}

/* Frames in the model are single mbufs (wire.c linearizes what arrives),
 * so headers and payload are used in place: bytes [off, off + len) of m,
 * NULL when they are not all in it.
 */
static inline const uint8_t *
emu_frame_data(const struct rte_mbuf *m, uint32_t off, uint32_t len)
{
	if (off > rte_pktmbuf_data_len(m) ||
	    len > rte_pktmbuf_data_len(m) - off)
		return NULL;
	return rte_pktmbuf_mtod_offset(m, const uint8_t *, off);
}

/* An mbuf for a frame. The mbuf of a frame that did not leave through the
 * wire comes back to the next frame, which spares most frames a mempool
 * round trip.
 */
static inline struct rte_mbuf *
emu_mbuf_alloc(struct emu *emu)
{
	struct rte_mbuf *m = emu->spare;

	if (m == NULL)
		return rte_pktmbuf_alloc(emu->pool);
	emu->spare = NULL;
	rte_pktmbuf_reset(m);
	return m;
}

static inline void
emu_mbuf_free(struct emu *emu, struct rte_mbuf *m)
{
	if (emu->spare == NULL && m->pool == emu->pool &&
	    RTE_MBUF_DIRECT(m) && m->next == NULL &&
	    rte_mbuf_refcnt_read(m) == 1) {
		emu->spare = m;
		return;
	}
	rte_pktmbuf_free(m);
}

/* The version of the IPv4 or IPv6 header at l3: its first nibble */
static inline unsigned int
emu_ip_version(const uint8_t *l3)
{
	return *l3 >> 4;
}

#define EMU_IPV4_VERSION	4
#define EMU_IPV6_VERSION	6

/* Descriptor fields are read once each, so a driver rewriting them
 * meanwhile cannot make a checked value differ from the used one.
 */
static inline uint64_t
emu_desc_load(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* card.c */
int emu_eal_init(const struct emu_opts *o, char *prog);
void emu_eal_remove_runtime_dir(void);
int emu_start(struct emu *emu, const struct emu_opts *o);
void emu_stop(struct emu *emu);
/* Frames from the wire and the tx queues, up to a burst from each; how
 * many there were
 */
unsigned int emu_poll_frames(struct emu *emu);
/* Memory lost under the card, attach endpoints, resets, queue enables,
 * switch tables, mailboxes, the port's PORT_CTRL and, with link, the
 * wire's link
 */
void emu_poll_config(struct emu *emu, bool link);

/* options.c */
int emu_opts_parse(int argc, char **argv, struct emu_opts *o);

/* func.c */
void emu_funcs_setup(struct emu *emu, const struct emu_opts *o);
void emu_func_power_on(struct emu *emu, struct emu_func *f);
void emu_func_poll(struct emu *emu, struct emu_func *f);
void emu_func_reset(struct emu *emu, struct emu_func *f);
void emu_func_detach(struct emu *emu, struct emu_func *f);
void emu_func_print_stats(const struct emu_func *f, FILE *out);
uint32_t emu_max_frame(const struct emu_func *f);
void emu_irq_raise(struct emu_func *f, unsigned int vec);

/* sysfs.c */
int emu_sysfs_create(struct emu *emu);
void emu_sysfs_remove(struct emu *emu);

/* attach.c */
int emu_attach_init(struct emu *emu);
void emu_attach_poll(struct emu *emu);
void emu_attach_close(struct emu *emu);
/* One attach message and its fds (at most SRIOVNIC_NUM_VECS), sent
 * without waiting: 0 or a negative errno
 */
int emu_attach_send(int fd, struct sriovnic_attach_msg *msg, const int *fds,
		    unsigned int nb_fds);
/* One attach message and its fds, without waiting: 1, 0 when
 * there is none, -EINVAL for a malformed one (its fds closed), another
 * negative errno when the connection is over
 */
int emu_attach_recv(int fd, struct sriovnic_attach_msg *msg, int *fds,
		    unsigned int *nb_fds);

/* iommu.c */
int emu_iommu_add(struct emu_func *f, uint64_t iova, uint64_t len, int fd,
		  uint64_t offset);
int emu_iommu_del(struct emu_func *f, uint64_t iova);
void emu_iommu_clear(struct emu_func *f);
/* Survives drivers shrinking the files behind their memory or resource0:
 * the SIGBUS handler of the card, from emu_start() to emu_stop()
 */
int emu_iommu_guard(struct emu *emu);
void emu_iommu_unguard(void);
/* Slow path: drops what the handler found lost (a DMA fault each), resets
 * a function whose resource0 shrank
 */
void emu_iommu_poll(struct emu *emu);
void *emu_dma_ring(struct emu_func *f, uint64_t iova, uint64_t len);
int emu_dma_copy(struct emu_func *f, uint64_t iova, uint64_t len,
		 uint8_t *host, bool to_device);

/* The host address of [iova, iova + len) if the region of the last
 * translation holds all of it, else NULL. A burst's buffers mostly lie in
 * one region, so the frame path translates them inline.
 */
static inline uint8_t *
emu_dma_last(const struct emu_func *f, uint64_t iova, uint64_t len)
{
	const struct emu_region *r;
	uint64_t off;

	if (unlikely(f->last_region >= f->nb_regions))
		return NULL;
	r = &f->regions[f->last_region];
	/* unsigned wrap makes an iova below the region fail */
	off = iova - r->iova;
	if (unlikely(off >= r->len || len > r->len - off))
		return NULL;
	return r->va + off;
}

/* Check, read and write of [iova, iova + len), which may span adjacent
 * regions: -EFAULT, counted in DMA_FAULTS, when a byte of it is not
 * registered
 */
static inline int
emu_dma_check(struct emu_func *f, uint64_t iova, uint64_t len)
{
	if (likely(emu_dma_last(f, iova, len) != NULL))
		return 0;
	return emu_dma_copy(f, iova, len, NULL, false);
}

static inline int
emu_dma_read(struct emu_func *f, uint64_t iova, void *dst, uint64_t len)
{
	const uint8_t *p = emu_dma_last(f, iova, len);

	if (likely(p != NULL)) {
		rte_memcpy(dst, p, len);
		return 0;
	}
	return emu_dma_copy(f, iova, len, dst, false);
}

static inline int
emu_dma_write(struct emu_func *f, uint64_t iova, const void *src,
	      uint64_t len)
{
	uint8_t *p = emu_dma_last(f, iova, len);

	if (likely(p != NULL)) {
		rte_memcpy(p, src, len);
		return 0;
	}
	return emu_dma_copy(f, iova, len, (uint8_t *)(uintptr_t)src, true);
}

/* queue.c */
void emu_queues_setup(struct emu_func *f);
void emu_queues_tx_on(struct emu *emu);
void emu_queues_poll(struct emu *emu, struct emu_func *f);
void emu_queues_stop(struct emu_func *f);
void emu_queues_unmap(struct emu_func *f, const struct emu_region *r);
bool emu_queue_doorbell(struct emu_func *f, struct emu_queue *q);
void emu_queue_count(struct emu_queue *q);

/* tx.c */
/* Starts loading the doorbells and first descriptors of the enabled tx
 * queues, which their drivers wrote on other cores, so that the misses
 * of all queues overlap, and with the wire's poll
 */
void emu_tx_prefetch(struct emu *emu);
/* Up to a burst from each of the queues emu_tx_prefetch() found enabled,
 * or as many as the scheduler lets through
 */
unsigned int emu_tx_poll(struct emu *emu);
/* Up to a burst from q, unscheduled */
unsigned int emu_tx_burst(struct emu *emu, struct emu_queue *q);
/* Reads q's doorbell: whether the card owns descriptors of q */
bool emu_tx_ready(struct emu_queue *q);
/* One frame from q: false when there is none to take now */
bool emu_tx_frame(struct emu *emu, struct emu_queue *q);
/* After frames from q: Q_HEAD, if it moved from head, and the counters */
void emu_tx_done(struct emu_queue *q, uint32_t head);

/* sched.c */
void emu_sched_reset(struct emu *emu);
/* The TM_* admin commands (an emu_aq_cmd_fn) */
int emu_sched_cmd(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		  struct sriovnic_aq_desc *wb, uint16_t *info);
/* Frames from the scheduled tx queues, the tree not at its defaults */
unsigned int emu_sched_tx(struct emu *emu);
/* Microseconds until a node that shaping holds back may send;
 * UINT64_MAX if none waits
 */
uint64_t emu_sched_wait_us(const struct emu *emu);

/* What a tx burst of q sent, counted in its nodes (datasheet 14.7) */
static inline void
emu_sched_count(struct emu *emu, const struct emu_queue *q)
{
	struct emu_sched *s = &emu->sched;
	struct emu_tm_node *fn = &s->func[q->func->id];

	q->tm->pkts += q->count.pkts;
	q->tm->bytes += q->count.bytes;
	fn->pkts += q->count.pkts;
	fn->bytes += q->count.bytes;
	s->port.pkts += q->count.pkts;
	s->port.bytes += q->count.bytes;
}

/* rx.c */
void emu_rx_flush(void);
/* in_port: the source as the flow key has it (datasheet 13.3) */
void emu_rx_deliver(struct emu_func *f, uint8_t in_port,
		    const struct rte_mbuf *m, const struct emu_pkt *pkt,
		    enum emu_untag untag);
void emu_rx_rep(struct emu_func *pf, struct emu_queue *q,
		const struct rte_mbuf *m, const struct emu_pkt *pkt);

/* pkt.c */
/* Inserts a tag (tpid, tci) behind the MAC addresses of *m, a fresh
 * single-segment mbuf with headroom, so that it cannot fail.
 */
void emu_tag_insert(struct rte_mbuf **m, uint16_t tpid, uint16_t tci);
void emu_pkt_parse(const struct rte_mbuf *m, struct emu_pkt *pkt);
void emu_pkt_parse_rx(const struct rte_mbuf *m, struct emu_pkt *pkt);

/* csum.c */
void emu_pkt_csum(const struct rte_mbuf *m, struct emu_pkt *pkt);
bool emu_csum_tx_check(const uint8_t *frame, uint32_t len,
		       struct emu_tx_offload *o);
void emu_csum_tx(uint8_t *frame, uint32_t len, const struct emu_tx_offload *o);

/* tso.c */
unsigned int emu_tso_nb_segs(uint32_t len, const struct emu_tx_offload *o);
void emu_tso_segment(const uint8_t *frame, uint32_t len,
		     const struct emu_tx_offload *o, struct rte_mbuf **segs,
		     unsigned int nb);

/* rss.c */
void emu_rss_key_be(const struct emu_func *f, uint32_t *key);
unsigned int emu_rss_queue(const struct emu_func *f, const struct rte_mbuf *m,
			   const struct emu_pkt *pkt, unsigned int untag,
			   uint32_t *hash, uint16_t *status);

/* switch.c */
void emu_switch_poll(struct emu *emu);
void emu_switch_reload(struct emu *emu);
void emu_switch_frame(struct emu *emu, uint16_t src, struct rte_mbuf *m);
void emu_switch_rep_frame(struct emu *emu, uint16_t vf, struct rte_mbuf *m);
void emu_switch_loopback(struct emu *emu, uint16_t src, struct rte_mbuf *m);

/* wire.c */
int emu_wire_devargs(const struct emu_opts *o, char *buf, size_t size);
int emu_wire_check(const struct emu_opts *o);
int emu_wire_init(struct emu *emu);
void emu_wire_close(struct emu *emu);
unsigned int emu_wire_rx(struct emu *emu);
void emu_wire_tx(struct emu *emu, struct rte_mbuf *m);
void emu_wire_flush(struct emu *emu);

/* link.c */
/* With wire, the wire's link is read again; PORT_CTRL always */
void emu_link_poll(struct emu *emu, bool wire);
void emu_link_publish(struct emu *emu, struct emu_func *f, bool mode_changed);

/* aq.c */
/* Runs an admin command whose common checks passed: 0 or a negative
 * errno with the detail code in *info. cmd is the descriptor as read
 * once; the command writes its H fields of param into wb, the ring's.
 */
typedef int (*emu_aq_cmd_fn)(struct emu *emu,
			     const struct sriovnic_aq_desc *cmd,
			     struct sriovnic_aq_desc *wb, uint16_t *info);
int emu_aq_nop(struct emu *emu, const struct sriovnic_aq_desc *cmd,
	       struct sriovnic_aq_desc *wb, uint16_t *info);
bool emu_aq_zero(const void *p, size_t len);
void emu_aq_setup(struct emu *emu);
/* Commands the PF driver handed over, up to a burst; how many ran */
unsigned int emu_aq_poll(struct emu *emu);
/* Enable and disable (slow path) */
void emu_aq_poll_config(struct emu *emu);
void emu_aq_stop(struct emu *emu);
void emu_aq_unmap(struct emu *emu, const struct emu_region *r);
/* Whether a command ran within the last EMU_AQ_ACTIVE_US: the main loop
 * then notices the next doorbell within microseconds (datasheet 12.7)
 */
bool emu_aq_active(const struct emu *emu, uint64_t now);
#define EMU_AQ_ACTIVE_US	10000

/* flow.c, flow_cmd.c */
int emu_flow_init(struct emu *emu);
void emu_flow_fini(struct emu *emu);
/* PF reset: no rules, default quotas */
void emu_flow_reset(struct emu *emu);

static inline bool
emu_flow_on(const struct emu *emu, unsigned int table)
{
	return emu->flow_nb[table] != 0;
}

/* The switch table for a frame from in_port (a function or
 * SRIOVNIC_FLOW_PORT_WIRE) that pkt describes, emu_pkt_parse_rx()
 * included; VLAN actions are applied to m, and pkt parsed again then.
 */
void emu_flow_switch(struct emu *emu, uint8_t in_port, struct rte_mbuf *m,
		     struct emu_pkt *pkt, struct emu_flow_res *res);
/* The ingress table of f for a frame that f receives without its outer
 * tag if untag
 */
void emu_flow_ingress(struct emu *emu, const struct emu_func *f,
		      uint8_t in_port, const struct rte_mbuf *m,
		      const struct emu_pkt *pkt, bool untag,
		      struct emu_flow_res *res);
int emu_flow_add(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		 struct sriovnic_aq_desc *wb, uint16_t *info);
int emu_flow_del(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		 struct sriovnic_aq_desc *wb, uint16_t *info);
int emu_flow_query(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		   struct sriovnic_aq_desc *wb, uint16_t *info);
int emu_flow_flush(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		   struct sriovnic_aq_desc *wb, uint16_t *info);
int emu_flow_quota(struct emu *emu, const struct sriovnic_aq_desc *cmd,
		   struct sriovnic_aq_desc *wb, uint16_t *info);

/* mailbox.c */
/* Relays what either side posted; the number of messages and acks */
unsigned int emu_mbx_poll(struct emu *emu);
/* Whether a message was relayed within the last EMU_MBX_ACTIVE_US: the
 * main loop then relays from its fast loop, so that a request and its
 * reply take microseconds, not a slow poll each
 */
bool emu_mbx_active(const struct emu *emu, uint64_t now);
#define EMU_MBX_ACTIVE_US	10000

#endif /* EMU_H */
