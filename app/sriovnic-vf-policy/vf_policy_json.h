/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_VF_POLICY_JSON_H
#define SRIOVNIC_VF_POLICY_JSON_H

/*
 * A VF's policy record (struct rte_pmd_sriovnic_vf_policy) as JSON, the
 * schema of the guide's "VF policy records" section: the one codec of the
 * sriovnic-vf-policy tool and the tests' PF application.
 */

#include <stddef.h>

#include <jansson.h>

#include "rte_pmd_sriovnic.h"

/* The record as a JSON object (a new reference), NULL without memory */
json_t *sriovnic_vf_policy_to_json(const struct rte_pmd_sriovnic_vf_policy *p);

/* A JSON object into a record: 0, or -EINVAL with why naming the key
 * that is unknown, missing, of the wrong type or out of the record's
 * range (VLAN ids up to 4094, PCP up to 7, TPID 0x8100 or 0x88a8), or
 * -E2BIG for a list longer than the record holds. Values the record holds
 * but the target card refuses (version, a weight, a rule) are the
 * driver's to refuse.
 */
int sriovnic_vf_policy_from_json(const json_t *o,
				 struct rte_pmd_sriovnic_vf_policy *p,
				 char *why, size_t len);

#endif /* SRIOVNIC_VF_POLICY_JSON_H */
