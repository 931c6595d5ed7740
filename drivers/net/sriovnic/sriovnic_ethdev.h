/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_ETHDEV_H
#define SRIOVNIC_ETHDEV_H

#include <ethdev_driver.h>
#include <rte_interrupts.h>

#include "sriovnic_flow.h"
#include "sriovnic_hw.h"
#include "sriovnic_pf.h"
#include "sriovnic_tm.h"
#include "sriovnic_vf.h"

#define SRIOVNIC_STATS_WORDS	((SRIOVNIC_ST_TXQ(SRIOVNIC_MAX_QUEUES) - \
				  SRIOVNIC_STATS) / 8)
#define SRIOVNIC_MAX_MC_ADDRS	SRIOVNIC_FUNC_MAX_MC
#define SRIOVNIC_MAX_MAC_ADDRS	(1 + SRIOVNIC_FUNC_MAX_UC)

struct rte_kvargs;
struct sriovnic_adapter;
struct sriovnic_pf_adapter;
struct sriovnic_tm_backend;

/* MAX_FRAME of an MTU: the frame on the wire with one VLAN tag and the
 * FCS (datasheet 7.9)
 */
static inline uint32_t
sriovnic_frame_of_mtu(uint16_t mtu)
{
	return mtu + SRIOVNIC_FRAME_OVERHEAD;
}

/* What differs between the roles, PF, VF and representor: the PF
 * programs its own switch entries, a VF asks its PF over the mailbox, a
 * representor configures its VF through its PF's administration (its
 * ethdev ops are its own, sriovnic_representor.c).
 */
struct sriovnic_func_ops {
	int (*set_mac)(struct sriovnic_adapter *ad, const uint8_t mac[6],
		       const uint8_t old[6]);
	int (*uc)(struct sriovnic_adapter *ad, const uint8_t mac[6], bool add);
	int (*mc)(struct sriovnic_adapter *ad, const uint8_t mac[6], bool add);
	int (*rxmode)(struct sriovnic_adapter *ad, bool promisc, bool allmulti);
	int (*vlan_filter)(struct sriovnic_adapter *ad, uint16_t vid, bool on);
	int (*vlan_strip)(struct sriovnic_adapter *ad, bool on);
	/* filtering on: untagged frames and the listed VLANs only */
	int (*vlan_filtering)(struct sriovnic_adapter *ad, bool on);
	int (*max_frame)(struct sriovnic_adapter *ad, uint32_t frame);
	/* optional: VF asks the PF before it programs RSS and queues */
	int (*rss_check)(struct sriovnic_adapter *ad);
	/* optional: after the misc vector fired, or the port's link was
	 * set; link_changed as seen
	 */
	void (*misc_intr)(struct sriovnic_adapter *ad, bool link_changed);
	/* optional (PF): the port toward the wire, rte_eth_dev_set_link_* */
	int (*port_link)(struct sriovnic_adapter *ad, bool up);
	void (*mbx_intr)(struct sriovnic_adapter *ad);
	void (*close)(struct sriovnic_adapter *ad);	/* optional */
	/* rte_eth_dev_priv_dump(): what matters for the role */
	void (*dump)(struct sriovnic_adapter *ad, FILE *f);
	/* rte_eth_dev_reset(): the function reset and its state restored */
	int (*reset)(struct sriovnic_adapter *ad);
	/* the PF port whose switch takes the port's transfer rules: the PF
	 * itself, a representor's PF; NULL on a VF
	 */
	struct sriovnic_pf_adapter *(*switch_pf)(struct sriovnic_adapter *ad);
	const struct sriovnic_flow_backend *flow;	/* rte_flow */
	const struct sriovnic_tm_backend *tm;		/* rte_tm */
};

/* The state every port has, PF, VF or representor: first in each role's
 * private data (dev_private), which is sized for the role
 */
struct sriovnic_adapter {
	struct sriovnic_hw *hw;		/* a representor's is its PF's */
	const struct sriovnic_func_ops *ops;
	struct rte_eth_dev *eth_dev;
	uint32_t rxq_reg;		/* register block of rx queue 0 */
	uint32_t txq_reg;
	/* MAX_FRAME the tx queues send with: a representor's is its PF's
	 * (datasheet 6.5)
	 */
	const uint32_t *tx_max_frame;
	struct rte_intr_handle *intr[SRIOVNIC_NUM_VECS];
	struct rte_intr_handle *attach_intr;	/* model: its end of file */
	bool rmv_raised;		/* the port was told it is removed */
	uint64_t stats_base[SRIOVNIC_STATS_WORDS];
	uint32_t max_frame;
	uint16_t nb_mc;
	struct rte_ether_addr mc[SRIOVNIC_MAX_MC_ADDRS];
	uint8_t rss_key[SRIOVNIC_RSS_KEY_LEN];
	uint8_t reta[SRIOVNIC_RSS_RETA_SIZE];
	bool reta_set;			/* by the application: kept */
	uint64_t rss_hf;
	bool vlan_strip;
	bool vlan_filtering;
	struct sriovnic_flow_list flows;	/* rte_flow rules of the port */
	uint64_t rx_metadata;		/* RTE_ETH_RX_METADATA_* negotiated */
	uint32_t nb_mark_flows;		/* rules with MARK or FLAG */
	struct sriovnic_tm_hier tm;	/* rte_tm hierarchy (sriovnic_tm.c) */
};

/* Devarg switch_mode: legacy or switchdev, or (absent) switchdev while
 * the PF has representors
 */
enum sriovnic_switch_mode {
	SRIOVNIC_SWITCH_AUTO,
	SRIOVNIC_SWITCH_LEGACY,
	SRIOVNIC_SWITCH_SWITCHDEV,
};

/* net_sriovnic: the PF port, owner of the card's switch and VF policy */
struct sriovnic_pf_adapter {
	struct sriovnic_adapter ad;	/* first */
	struct sriovnic_hw hw;
	struct sriovnic_pf pf;
	unsigned int mbx_rate;		/* devargs */
	unsigned int mbx_burst;
	uint64_t vf_trust;		/* VFs trusted at start */
	uint64_t vf_spoofchk;		/* VFs anti-spoof checked */
	unsigned int vf_flow_quota;	/* rules per VF */
	unsigned int tx_loopback;	/* 0 = VEPA */
	enum sriovnic_switch_mode switch_mode;	/* devarg */
	uint16_t switch_domain;		/* with representors */
	struct rte_eth_dev *repr[SRIOVNIC_MAX_VFS];
};

/* net_sriovnic_vf: a VF port, which asks its PF for everything */
struct sriovnic_vf_adapter {
	struct sriovnic_adapter ad;	/* first */
	struct sriovnic_hw hw;
	struct sriovnic_vf vf;
	unsigned int mbx_timeout_ms;	/* devarg: wait for PF answers */
	bool pf_lost;			/* PF reset or gone, not yet recovered */
	uint32_t pf_state;		/* PF_STATE as last seen */
	uint16_t nb_vlan;		/* filters to restore after a PF reset */
	uint16_t vlan[SRIOVNIC_FUNC_MAX_VLAN];
	uint32_t flow_handle;		/* the next rule's handle */
	uint16_t flow_groups;		/* FLOW_GROUPS, from FLOW_INFO */
	struct sriovnic_mbx_tm_info tm_cap;	/* its cap, from the PF */
	/* its queue nodes as the PF has them */
	struct sriovnic_tm_params tm_live[SRIOVNIC_MAX_QUEUES];
};

/* A VF's representor: a port of its PF's switch */
struct sriovnic_repr {
	struct sriovnic_adapter ad;	/* first; hw is the PF's */
	struct sriovnic_pf_adapter *pf;
	uint16_t vf;
	uint16_t switch_domain;
};

static inline struct sriovnic_pf_adapter *
sriovnic_pf_ad(struct sriovnic_adapter *ad)
{
	return container_of(ad, struct sriovnic_pf_adapter, ad);
}

static inline struct sriovnic_vf_adapter *
sriovnic_vf_ad(struct sriovnic_adapter *ad)
{
	return container_of(ad, struct sriovnic_vf_adapter, ad);
}

static inline struct sriovnic_repr *
sriovnic_repr_of(struct sriovnic_adapter *ad)
{
	return container_of(ad, struct sriovnic_repr, ad);
}

#define SRIOVNIC_DEV_TO_AD(dev) \
	((struct sriovnic_adapter *)(dev)->data->dev_private)

extern const struct eth_dev_ops sriovnic_eth_dev_ops;

/* A PF's VF vf's policy counters, in the order of the vf<n>_* xstats;
 * called directly, not through the role's ops, as secondary processes
 * read xstats too and the primary's function pointers are not theirs
 */
void sriovnic_pf_vf_xstats(struct sriovnic_adapter *ad, uint16_t vf,
			   uint64_t *v);
/* Secondary processes (as DPDK's): the primary's ports with their bursts,
 * statistics and information; what changes the port or the card answers
 * -E_RTE_SECONDARY from sriovnic_primary_only()
 */
int sriovnic_dev_init_secondary(struct rte_eth_dev *dev);
void sriovnic_port_secondary(struct rte_eth_dev *dev,
			     const struct eth_dev_ops *ops);
int sriovnic_primary_only(struct rte_eth_dev *dev);

/* A VF's policy record (sriovnic_pmd_api.c) for rte_pmd_sriovnic.h and
 * the multi-process requests (sriovnic_mp.c): set says in why what the
 * target refused
 */
struct rte_pmd_sriovnic_vf_policy;
#define SRIOVNIC_VF_POLICY_WHY_LEN	160
int sriovnic_vf_policy_get(uint16_t port, uint16_t vf,
			   struct rte_pmd_sriovnic_vf_policy *policy);
int sriovnic_vf_policy_set(uint16_t port, uint16_t vf,
			   const struct rte_pmd_sriovnic_vf_policy *policy,
			   char *why, size_t len);
/* Registers, once per primary process, the action answering them */
void sriovnic_mp_init(void);
/* a PF port's requests from secondaries: answered between join and leave */
void sriovnic_mp_pf_join(struct rte_eth_dev *dev);
void sriovnic_mp_pf_leave(struct rte_eth_dev *dev);

/* the transport reaching pci (sriovnic_transport.c), NULL if none */
const struct sriovnic_transport *
sriovnic_transport_of(const struct rte_pci_device *pci);

int sriovnic_dev_init(struct rte_eth_dev *dev, const uint8_t mac[6]);
/* The PF of a PF port (net_sriovnic), else NULL */
struct sriovnic_pf *sriovnic_pf_of_port(struct rte_eth_dev *dev);
int sriovnic_dev_rearm(struct sriovnic_adapter *ad);
void sriovnic_dev_uninit(struct rte_eth_dev *dev);
/* -EINVAL, logged, if one of keys (NULL-terminated) is given twice */
int sriovnic_kvargs_once(const struct rte_kvargs *kv, const char *const keys[],
			 const char *name);
/* An unsigned integer devarg in [min, max]: an rte_kvargs_process()
 * handler whose argument is a struct sriovnic_devarg_uint
 */
struct sriovnic_devarg_uint {
	unsigned int *out;
	unsigned int min;
	unsigned int max;
};
int sriovnic_devarg_uint(const char *key, const char *value, void *arg);

/* ethdev's private dump of any role, and one VF as its PF has it
 * (sriovnic_telemetry.c)
 */
int sriovnic_dev_priv_dump(struct rte_eth_dev *dev, FILE *f);
void sriovnic_dump_vf(FILE *f, uint16_t vf,
		      const struct sriovnic_pf_vf_info *info);

/* rte_tm (sriovnic_tm.c, the roles' sriovnic_tm_pf.c and sriovnic_tm_vf.c) */
extern const struct sriovnic_tm_backend sriovnic_tm_pf_backend;
extern const struct sriovnic_tm_backend sriovnic_tm_vf_backend;
void sriovnic_tm_init(struct sriovnic_adapter *ad);
int sriovnic_tm_ops_get(struct rte_eth_dev *dev, void *arg);
int sriovnic_tm_vf_restore(struct sriovnic_adapter *ad);
void sriovnic_tm_vf_cap_event(struct sriovnic_adapter *ad,
			      const struct sriovnic_mbx_msg *ev);

#endif /* SRIOVNIC_ETHDEV_H */
