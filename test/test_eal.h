/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef SRIOVNIC_TEST_EAL_H
#define SRIOVNIC_TEST_EAL_H

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_string_fns.h>

/* Ends EAL and removes the runtime directory that EAL leaves behind, even
 * without shared config, so that test runs do not fill /var/run/dpdk.
 */
static inline void
test_eal_cleanup(void)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	struct dirent *e;
	DIR *d;

	rte_strscpy(dir, rte_eal_get_runtime_dir(), sizeof(dir));
	rte_eal_cleanup();
	d = opendir(dir);
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_name[0] != '.')
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

#endif /* SRIOVNIC_TEST_EAL_H */
