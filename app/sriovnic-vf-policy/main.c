/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * sriovnic-vf-policy: exports a VF's policy record as JSON from the PF
 * driver of a running DPDK primary process (testpmd, OVS-DPDK), or
 * applies one to a VF there. A DPDK secondary process that owns no
 * device: it asks the primary's driver over EAL's multi-process channel.
 *
 *   sriovnic-vf-policy --file-prefix P [EAL options] -- export PF VF
 *   sriovnic-vf-policy --file-prefix P [EAL options] -- apply PF VF FILE|-
 *
 * PF is the PF's ethdev port id or name (its PCI address) in the primary.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memfd_create() */
#endif
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <rte_string_fns.h>

#include "vf_policy_json.h"

#define MP_TIMEOUT_S	5

static const char usage[] =
	"usage: sriovnic-vf-policy --file-prefix PREFIX [EAL options] -- export PF VF\n"
	"       sriovnic-vf-policy --file-prefix PREFIX [EAL options] -- apply PF VF FILE|-\n"
	"PF: the PF's port id or name (PCI address) in the primary process\n";

/* The message on stderr; the exit status of a failure */
static int __rte_format_printf(1, 2)
fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sriovnic-vf-policy: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* The primary's answer to one request; its fd, if any, in *fd */
static int
request(const struct rte_pmd_sriovnic_mp_req *req, int fd_in, int *fd,
	char *why, size_t len)
{
	struct rte_mp_msg msg;
	struct rte_mp_reply rep = { 0 };
	struct timespec ts = { .tv_sec = MP_TIMEOUT_S };
	const struct rte_pmd_sriovnic_mp_rsp *rsp;
	int ret, i;

	memset(&msg, 0, sizeof(msg));
	rte_strlcpy(msg.name, RTE_PMD_SRIOVNIC_MP_VF_POLICY, sizeof(msg.name));
	memcpy(msg.param, req, sizeof(*req));
	msg.len_param = sizeof(*req);
	if (fd_in >= 0) {
		msg.fds[0] = fd_in;
		msg.num_fds = 1;
	}
	*fd = -1;
	if (rte_mp_request_sync(&msg, &rep, &ts) != 0 || rep.nb_received != 1) {
		snprintf(why, len, "no answer from the primary process: its PF driver is not net_sriovnic, or it is busy");
		free(rep.msgs);
		return -ETIMEDOUT;
	}
	if (rep.msgs[0].len_param != sizeof(*rsp)) {
		snprintf(why, len, "malformed answer from the primary process");
		ret = -EPROTO;
	} else {
		rsp = (const void *)rep.msgs[0].param;
		ret = rsp->ret;
		snprintf(why, len, "%.*s", (int)sizeof(rsp->why), rsp->why);
	}
	for (i = 0; i < rep.msgs[0].num_fds; i++) {
		if (i == 0 && ret == 0)
			*fd = rep.msgs[0].fds[0];
		else
			close(rep.msgs[0].fds[i]);
	}
	free(rep.msgs);
	return ret;
}

static int
do_export(struct rte_pmd_sriovnic_mp_req *req)
{
	struct rte_pmd_sriovnic_vf_policy *p = malloc(sizeof(*p));
	char why[256];
	json_t *o;
	int fd, ret;

	if (p == NULL)
		return fail("no memory");
	req->op = RTE_PMD_SRIOVNIC_MP_EXPORT;
	ret = request(req, -1, &fd, why, sizeof(why));
	if (ret == 0 && (fd < 0 || pread(fd, p, sizeof(*p), 0) != sizeof(*p))) {
		snprintf(why, sizeof(why), "the primary sent no record");
		ret = -EPROTO;
	}
	if (fd >= 0)
		close(fd);
	if (ret != 0) {
		free(p);
		return fail("export refused (%s): %s", strerror(-ret), why);
	}
	o = sriovnic_vf_policy_to_json(p);
	free(p);
	if (o == NULL || json_dumpf(o, stdout, JSON_INDENT(2)) != 0)
		return fail("cannot write the record");
	json_decref(o);
	printf("\n");
	return 0;
}

/* The record in JSON file (or stdin for "-") */
static int
load_record(const char *file, struct rte_pmd_sriovnic_vf_policy *p)
{
	bool is_stdin = strcmp(file, "-") == 0;
	const char *name = is_stdin ? "stdin" : file;
	FILE *f = is_stdin ? stdin : fopen(file, "r");
	json_error_t jerr;
	char why[256];
	json_t *o;
	int ret;

	if (f == NULL)
		return fail("cannot read %s: %s", file, strerror(errno));
	/* a key given twice is a record edited wrongly, not the last one */
	o = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	if (!is_stdin)
		fclose(f);
	if (o == NULL) {
		snprintf(why, sizeof(why), "line %d: %s", jerr.line, jerr.text);
		return fail("%s is not JSON: %s", name, why);
	}
	ret = sriovnic_vf_policy_from_json(o, p, why, sizeof(why));
	json_decref(o);
	if (ret != 0)
		return fail("%s is not a VF policy record: %s", name, why);
	return 0;
}

static int
do_apply(struct rte_pmd_sriovnic_mp_req *req,
	 const struct rte_pmd_sriovnic_vf_policy *p)
{
	int fd, out, ret;
	char why[256];

	fd = memfd_create("sriovnic_vf_policy", MFD_CLOEXEC);
	if (fd < 0 || write(fd, p, sizeof(*p)) != sizeof(*p)) {
		ret = fail("no memfd for the record: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return ret;
	}
	req->op = RTE_PMD_SRIOVNIC_MP_APPLY;
	ret = request(req, fd, &out, why, sizeof(why));
	close(fd);
	if (out >= 0)
		close(out);
	if (ret != 0)
		return fail("the target refused the record (%s): %s",
			    strerror(-ret), why);
	return 0;
}

int
main(int argc, char **argv)
{
	static struct rte_pmd_sriovnic_vf_policy record;
	struct rte_pmd_sriovnic_mp_req req = { 0 };
	char **eal = calloc(argc + 3, sizeof(*eal));
	int i, n = 0, sep;
	const char *cmd;
	unsigned long vf;
	bool export;
	char *end;
	int ret;

	for (sep = 1; sep < argc && strcmp(argv[sep], "--") != 0; sep++)
		;
	if (eal == NULL)
		return fail("no memory");
	cmd = argc - sep >= 2 ? argv[sep + 1] : "";
	export = strcmp(cmd, "export") == 0;
	if (!export && strcmp(cmd, "apply") != 0) {
		if (*cmd != '\0')
			fail("unknown command '%s'", cmd);
		fputs(usage, stderr);
		return 2;
	}
	if (argc - sep != (export ? 4 : 5)) {
		fail("%s takes %s", cmd, export ? "PF VF" : "PF VF FILE|-");
		fputs(usage, stderr);
		return 2;
	}
	if (strlen(argv[sep + 2]) >= sizeof(req.pf))
		return fail("PF '%s' is longer than a port name", argv[sep + 2]);
	vf = strtoul(argv[sep + 3], &end, 10);
	if (!isdigit((unsigned char)argv[sep + 3][0]) || *end != '\0' ||
	    vf > UINT16_MAX)
		return fail("VF '%s' is not a number from 0 to %u", argv[sep + 3],
			    UINT16_MAX);
	req.vf = vf;
	rte_strlcpy(req.pf, argv[sep + 2], sizeof(req.pf));
	/* a bad record is refused before any process is disturbed */
	if (!export && load_record(argv[sep + 4], &record) != 0)
		return 1;

	/* a secondary of the PF's process, which probes no device itself */
	eal[n++] = argv[0];
	for (i = 1; i < sep; i++)
		eal[n++] = argv[i];
	eal[n++] = (char *)"--proc-type=secondary";
	eal[n++] = (char *)"--no-pci";
	/* stdout is for the record: EAL's log goes to stderr */
	rte_openlog_stream(stderr);
	if (rte_eal_init(n, eal) < 0)
		return fail("no DPDK primary process to attach to: start the PF's application first, with the same --file-prefix, on hugepages (a secondary cannot attach to a --no-huge primary)");
	if (export)
		ret = do_export(&req);
	else
		ret = do_apply(&req, &record);
	rte_eal_cleanup();
	free(eal);
	return ret;
}
