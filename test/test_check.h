/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_TEST_CHECK_H
#define SRIOVNIC_TEST_CHECK_H

#include <stdarg.h>
#include <stdio.h>

/* Checks that report a failure and go on, so that one run shows them all */
static int failures;

/* fmt is ": " and the message of the check, if it has one */
static inline void __attribute__((format(printf, 4, 5)))
test_check_failed(const char *file, int line, const char *cond,
		  const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: check failed: %s", file, line, cond);
	if (fmt[2] != '\0') {
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	fputc('\n', stderr);
	failures++;
}

/* CHECK(cond) or CHECK(cond, "format", ...): the message says what the
 * condition alone does not, values seen for instance
 */
#define CHECK(cond, ...) do { \
	if (!(cond)) \
		test_check_failed(__FILE__, __LINE__, #cond, \
				  ": " __VA_ARGS__); \
} while (0)

#endif /* SRIOVNIC_TEST_CHECK_H */
