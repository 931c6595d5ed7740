/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The base layer's logtypes, registered wherever the base is linked: the
 * PMD, the unit tests, the fuzzers and the benchmark.
 */

#include "sriovnic_osdep.h"

RTE_LOG_REGISTER_SUFFIX(sriovnic_logtype_init, init, NOTICE);
RTE_LOG_REGISTER_SUFFIX(sriovnic_logtype_driver, driver, NOTICE);
RTE_LOG_REGISTER_SUFFIX(sriovnic_logtype_mbx, mbx, NOTICE);
