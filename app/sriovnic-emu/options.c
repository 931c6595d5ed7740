/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "emu.h"
#include "wire.h"

#define EMU_DEFAULT_VFS		2
#define EMU_DEFAULT_QUEUES	4
#define EMU_DEFAULT_PF		"0000:5e:00.0"
#define EMU_DEFAULT_WIRE	"tap:sriovnic0"
#define EMU_DEFAULT_MAC		"02:5e:00:00:01:00"

static void
usage(FILE *out, const char *prog)
{
	fprintf(out,
"Usage: %s --dir DIR [options] [-- EAL args]\n"
"\n"
"Device model of the sriovnic SR-IOV NIC. It publishes the PF and its VFs\n"
"as PCI functions under DIR (run DPDK with SYSFS_PCI_DEVICES=DIR) and\n"
"connects the card's port to a DPDK ethdev, the wire. It prints\n"
"\"sriovnic-emu: ready ...\" once the functions can be probed; on SIGINT or\n"
"SIGTERM it removes what it created and prints per-function counters.\n"
"\n"
"  --dir DIR        directory for the function dirs, best on tmpfs\n"
"                   (e.g. /dev/shm/snic); created if missing\n"
"  --vfs N          number of VFs, 0..%u (default %u);\n"
"                   VF n is at devfn(PF) + 1 + n\n"
"  --pf BDF         PCI address of the PF (default %s)\n"
"  --wire WIRE      tap:IFNAME    kernel tap interface (default %s)\n"
"                   loopback      frames to the wire come back from it\n"
"                   vdev:DEVARGS  any DPDK vdev, e.g. net_pcap0,iface=eth0\n"
"  --mac MAC        permanent MAC of the PF (default %s)\n"
"  --queues Q       rx and tx queues per function, 1..%u (default %u)\n"
"  --flow-rules N   rule entries of the flow engine, FLOW_RULES, 1..%u\n"
"                   (default %u); fewer than a card has, to test limits\n"
"  -v, --verbose    debug logging\n"
"  -h, --help       this text\n"
"\n"
"Arguments after -- are appended to the model's own EAL arguments.\n",
		prog, SRIOVNIC_MAX_VFS, EMU_DEFAULT_VFS, EMU_DEFAULT_PF,
		EMU_DEFAULT_WIRE, EMU_DEFAULT_MAC, SRIOVNIC_MAX_QUEUES,
		EMU_DEFAULT_QUEUES, SRIOVNIC_FLOW_RULES_MIN,
		SRIOVNIC_FLOW_RULES_MIN);
}

static int
parse_uint(const char *s, unsigned int min, unsigned int max,
	   unsigned int *val)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' ||
	    v < min || v > max)
		return -EINVAL;
	*val = v;
	return 0;
}

/* NULL if the wire is understood, else what is wrong with it */
static const char *
parse_wire(const char *s, struct emu_opts *o)
{
	const char *ifname = s + 4;
	size_t len;

	o->wire = s;
	if (strcmp(s, "loopback") == 0) {
		o->wire_kind = EMU_WIRE_LOOPBACK;
		return NULL;
	}
	if (strncmp(s, "tap:", 4) == 0) {
		len = strlen(ifname);
		if (len >= IFNAMSIZ)
			return "--wire tap:IFNAME: the name is longer than 15 characters (IFNAMSIZ)";
		/* it ends up in "iface=IFNAME" devargs, so no separators */
		if (len == 0 ||
		    strspn(ifname, "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != len)
			return "--wire tap:IFNAME: the name takes letters, digits, '_', '.' and '-'";
		o->wire_kind = EMU_WIRE_TAP;
		o->wire_arg = ifname;
		return NULL;
	}
	if (strncmp(s, "vdev:", 5) == 0 && s[5] != '\0' && s[5] != ',') {
		o->wire_kind = EMU_WIRE_VDEV;
		o->wire_arg = s + 5;
		return NULL;
	}
	return "--wire takes tap:IFNAME, loopback or vdev:DEVARGS";
}

static int
parse_pf(const char *s, struct rte_pci_addr *addr)
{
	if (rte_pci_addr_parse(s, addr) != 0 || addr->devid > 0x1f ||
	    addr->function > 7)
		return -EINVAL;
	return 0;
}

/* Checks that need several options together */
static const char *
opts_check(const struct emu_opts *o)
{
	unsigned int devfn = o->pf.devid << 3 | o->pf.function;

	if (o->dir == NULL || o->dir[0] == '\0')
		return "--dir is required";
	/* VFs are numbered from the PF upwards within its bus */
	if (devfn + o->nb_vfs > 0xff)
		return "--vfs does not fit on the PF's bus";
	/* the drivers connect to DIR/<bdf>/dma_socket */
	if (strlen(o->dir) + sizeof("/0000:00:00.0/" SRIOVNIC_ATTACH_SOCKET) >
	    sizeof(((struct sockaddr_un *)NULL)->sun_path))
		return "--dir is too long for a unix socket path in it";
	return NULL;
}

/* 0 to run, 1 after --help, -EINVAL on bad options (reported) */
int
emu_opts_parse(int argc, char **argv, struct emu_opts *o)
{
	static const struct option longopts[] = {
		{ "dir", required_argument, NULL, 'd' },
		{ "vfs", required_argument, NULL, 'n' },
		{ "pf", required_argument, NULL, 'p' },
		{ "wire", required_argument, NULL, 'w' },
		{ "mac", required_argument, NULL, 'm' },
		{ "queues", required_argument, NULL, 'q' },
		{ "flow-rules", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *prog = argv[0], *err = NULL;
	int opt;

	memset(o, 0, sizeof(*o));
	o->nb_vfs = EMU_DEFAULT_VFS;
	o->nb_queues = EMU_DEFAULT_QUEUES;
	o->flow_rules = SRIOVNIC_FLOW_RULES_MIN;
	parse_pf(EMU_DEFAULT_PF, &o->pf);
	parse_wire(EMU_DEFAULT_WIRE, o);
	rte_ether_unformat_addr(EMU_DEFAULT_MAC, &o->mac);

	/* "+": stop at the first non-option so that "--" ends our options */
	while (err == NULL &&
	       (opt = getopt_long(argc, argv, "+vh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			o->dir = optarg;
			break;
		case 'n':
			if (parse_uint(optarg, 0, SRIOVNIC_MAX_VFS,
				       &o->nb_vfs) != 0)
				err = "--vfs takes a number from 0 to 64";
			break;
		case 'p':
			if (parse_pf(optarg, &o->pf) != 0)
				err = "--pf takes a PCI address like 0000:5e:00.0";
			break;
		case 'w':
			err = parse_wire(optarg, o);
			break;
		case 'm':
			if (rte_ether_unformat_addr(optarg, &o->mac) != 0 ||
			    !rte_is_valid_assigned_ether_addr(&o->mac))
				err = "--mac takes a unicast MAC like 02:5e:00:00:01:00";
			break;
		case 'q':
			if (parse_uint(optarg, 1, SRIOVNIC_MAX_QUEUES,
				       &o->nb_queues) != 0)
				err = "--queues takes a number from 1 to 16";
			break;
		case 'r':
			if (parse_uint(optarg, 1, SRIOVNIC_FLOW_RULES_MIN,
				       &o->flow_rules) != 0)
				err = "--flow-rules takes a number from 1 to 16384";
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout, prog);
			return 1;
		default:
			/* getopt_long has said what is wrong */
			err = "";
			break;
		}
	}
	if (err == NULL && optind < argc && strcmp(argv[optind - 1], "--") != 0)
		err = "unexpected argument; EAL arguments go after --";
	if (err == NULL)
		err = opts_check(o);
	if (err != NULL) {
		if (err[0] != '\0')
			fprintf(stderr, "%s: %s\n", prog, err);
		usage(stderr, prog);
		return -EINVAL;
	}
	o->nb_eal_args = argc - optind;
	o->eal_args = argv + optind;
	return 0;
}
