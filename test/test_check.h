/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_TEST_CHECK_H
#define SRIOVNIC_TEST_CHECK_H

#include <stdio.h>

/* Checks that report a failure and go on, so that one run shows them all */
static int failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
			__LINE__, #cond); \
		failures++; \
	} \
} while (0)

#endif /* SRIOVNIC_TEST_CHECK_H */
