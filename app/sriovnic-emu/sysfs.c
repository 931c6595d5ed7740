/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* The functions as sysfs-shaped directories, which DPDK's PCI bus scans
 * when SYSFS_PCI_DEVICES points at DIR. Every entry is logged so that
 * exactly what was created is removed again, in reverse order.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "emu.h"
#include "attach.h"

#define EMU_DRIVERS_DIR		".drivers"
/* a kernel driver unknown to DPDK: probed without mapping the BARs */
#define EMU_DRIVER		EMU_DRIVERS_DIR "/sriovnic-emu"
#define EMU_PCI_CLASS_ETH	0x020000
#define EMU_BAR_PHYS		UINT64_C(0x380000000000)	/* shown only */
#define EMU_BAR_FLAGS		0x40200	/* IORESOURCE_MEM | SIZEALIGN */
#define EMU_RESOURCE_LINES	13	/* BARs, ROM, SR-IOV BARs */

/* Formats a new log entry without counting it yet, so that a failure to
 * grow the log never leaves an untracked file behind.
 */
static struct emu_sysfs_entry * __rte_format_printf(3, 4)
entry_new(struct emu_sysfs *s, bool dir, const char *fmt, ...)
{
	struct emu_sysfs_entry *e;
	va_list ap;
	int n;

	e = realloc(s->entries, (s->nb + 1) * sizeof(*e));
	if (e == NULL)
		return NULL;
	s->entries = e;
	e += s->nb;
	e->dir = dir;
	va_start(ap, fmt);
	n = vsnprintf(e->rel, sizeof(e->rel), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(e->rel)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return e;
}

static int
entry_fail(const struct emu_sysfs *s, const char *what)
{
	int ret = -errno;

	EMU_LOG(ERR, "cannot create %s/%s: %s%s", s->dir, what,
		strerror(errno), errno == EEXIST ?
		" (left behind by a killed model? remove it)" : "");
	return ret;
}

static int
make_dir(struct emu_sysfs *s, const char *rel)
{
	struct emu_sysfs_entry *e = entry_new(s, true, "%s", rel);

	if (e == NULL || mkdirat(s->dir_fd, e->rel, 0755) < 0)
		return entry_fail(s, rel);
	s->nb++;
	return 0;
}

static int
make_link(struct emu_sysfs *s, const char *target, const char *fdir,
	  const char *name)
{
	struct emu_sysfs_entry *e = entry_new(s, false, "%s/%s", fdir, name);

	if (e == NULL || symlinkat(target, s->dir_fd, e->rel) < 0)
		return entry_fail(s, name);
	s->nb++;
	return 0;
}

static int __rte_format_printf(4, 5)
make_file(struct emu_sysfs *s, const char *fdir, const char *name,
	  const char *fmt, ...)
{
	struct emu_sysfs_entry *e;
	char buf[1024];
	va_list ap;
	ssize_t n;
	int fd;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf)) {
		errno = EOVERFLOW;
		return entry_fail(s, name);
	}
	e = entry_new(s, false, "%s/%s", fdir, name);
	if (e == NULL)
		return entry_fail(s, name);
	fd = openat(s->dir_fd, e->rel, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0644);
	if (fd < 0)
		return entry_fail(s, name);
	s->nb++;
	if (write(fd, buf, n) != n) {
		close(fd);
		return entry_fail(s, name);
	}
	close(fd);
	return 0;
}

/* resource0: the BAR, a file both the model and the driver map shared */
static int
make_bar(struct emu_sysfs *s, struct emu_func *f)
{
	struct emu_sysfs_entry *e = entry_new(s, false, "%s/resource0",
					      f->name);
	void *bar;
	int fd;

	if (e == NULL)
		return entry_fail(s, "resource0");
	fd = openat(s->dir_fd, e->rel, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
	if (fd < 0)
		return entry_fail(s, "resource0");
	s->nb++;
	if (ftruncate(fd, SRIOVNIC_BAR0_SIZE) < 0) {
		close(fd);
		return entry_fail(s, "resource0");
	}
	bar = mmap(NULL, SRIOVNIC_BAR0_SIZE, PROT_READ | PROT_WRITE,
		   MAP_SHARED, fd, 0);
	if (bar == MAP_FAILED) {
		close(fd);
		return entry_fail(s, "resource0");
	}
	f->bar = bar;
	f->bar_fd = fd;
	return 0;
}

/* dma_socket: the function's own attach endpoint, as a VFIO group is its
 * device node: whoever can reach this directory attaches this function
 * and no other. emu_attach_init() listens on it.
 */
static int
make_socket_at(struct emu_sysfs *s, const char *fdir, const char *name,
	       int *listen_fd)
{
	struct emu_sysfs_entry *e = entry_new(s, false, "%s/%s", fdir, name);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, n;

	if (e == NULL)
		return entry_fail(s, name);
	n = snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/%s", s->dir,
		     e->rel);
	if (n < 0 || (size_t)n >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return entry_fail(s, name);
	}
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return entry_fail(s, name);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return entry_fail(s, name);
	}
	s->nb++;
	*listen_fd = fd;
	return 0;
}

static int
make_socket(struct emu_sysfs *s, struct emu_func *f)
{
	return make_socket_at(s, f->name, SRIOVNIC_ATTACH_SOCKET,
			      &f->listen_fd);
}

/* BAR0 first, every other resource empty, as the kernel prints them */
static int
make_resource(struct emu_sysfs *s, const struct emu_func *f)
{
	uint64_t start = EMU_BAR_PHYS + (uint64_t)f->id * SRIOVNIC_BAR0_SIZE;
	char buf[EMU_RESOURCE_LINES * 64];
	size_t len;
	int i;

	len = snprintf(buf, sizeof(buf), "0x%016" PRIx64 " 0x%016" PRIx64
		       " 0x%016" PRIx64 "\n", start,
		       start + SRIOVNIC_BAR0_SIZE - 1, (uint64_t)EMU_BAR_FLAGS);
	for (i = 1; i < EMU_RESOURCE_LINES; i++)
		len += snprintf(buf + len, sizeof(buf) - len, "0x%016x 0x%016x"
				" 0x%016x\n", 0, 0, 0);
	return make_file(s, f->name, "resource", "%s", buf);
}

static int
make_virtfn(struct emu *emu, const struct emu_func *vf)
{
	const struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	char target[PCI_PRI_STR_SIZE + 3];
	char name[16];

	snprintf(target, sizeof(target), "../%s", vf->name);
	snprintf(name, sizeof(name), "virtfn%u",
		 vf->id - SRIOVNIC_FUNC_VF(0));
	return make_link(&emu->sysfs, target, pf->name, name);
}

static int
make_sriov(struct emu *emu, const struct emu_func *f)
{
	struct emu_sysfs *s = &emu->sysfs;
	const struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	char target[PCI_PRI_STR_SIZE + 3];
	int ret = 0;
	uint16_t i;

	if (f != pf) {
		snprintf(target, sizeof(target), "../%s", pf->name);
		return make_link(s, target, f->name, "physfn");
	}
	ret = make_file(s, f->name, "sriov_numvfs", "%u\n",
			emu->opts->nb_vfs);
	if (ret == 0)
		ret = make_file(s, f->name, "sriov_totalvfs", "%u\n",
				SRIOVNIC_MAX_VFS);
	for (i = SRIOVNIC_FUNC_VF(0); ret == 0 && i < emu->nb_funcs; i++)
		ret = make_virtfn(emu, &emu->funcs[i]);
	return ret;
}

static int
make_func(struct emu *emu, struct emu_func *f)
{
	struct emu_sysfs *s = &emu->sysfs;
	unsigned int dev_id = f->id == SRIOVNIC_FUNC_PF ?
		SRIOVNIC_DEV_ID_PF : SRIOVNIC_DEV_ID_VF;
	int ret;

	ret = make_dir(s, f->name);
	if (ret == 0)
		ret = make_file(s, f->name, "vendor", "0x%04x\n",
				SRIOVNIC_VENDOR_ID);
	if (ret == 0)
		ret = make_file(s, f->name, "device", "0x%04x\n", dev_id);
	if (ret == 0)
		ret = make_file(s, f->name, "subsystem_vendor", "0x%04x\n",
				SRIOVNIC_VENDOR_ID);
	if (ret == 0)
		ret = make_file(s, f->name, "subsystem_device", "0x%04x\n",
				dev_id);
	if (ret == 0)
		ret = make_file(s, f->name, "class", "0x%06x\n",
				EMU_PCI_CLASS_ETH);
	if (ret == 0)
		ret = make_file(s, f->name, "numa_node", "0\n");
	if (ret == 0)
		ret = make_resource(s, f);
	if (ret == 0)
		ret = make_link(s, "../" EMU_DRIVER, f->name, "driver");
	if (ret == 0)
		ret = make_bar(s, f);
	if (ret == 0)
		ret = make_socket(s, f);
	if (ret == 0)
		ret = make_sriov(emu, f);
	return ret;
}

int
emu_sysfs_create(struct emu *emu)
{
	struct emu_sysfs *s = &emu->sysfs;
	unsigned int i;
	int ret;

	memset(s, 0, sizeof(*s));
	s->dir = emu->opts->dir;
	s->dir_fd = -1;
	emu->att.control_fd = -1;
	if (mkdir(s->dir, 0755) == 0)
		s->made_dir = true;
	else if (errno != EEXIST)
		return entry_fail(s, ".");
	s->dir_fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s->dir_fd < 0) {
		ret = entry_fail(s, ".");
		goto fail;
	}
	ret = make_dir(s, EMU_DRIVERS_DIR);
	if (ret == 0)
		ret = make_dir(s, EMU_DRIVER);
	for (i = 0; ret == 0 && i < emu->nb_funcs; i++)
		ret = make_func(emu, &emu->funcs[i]);
	if (ret == 0)
		ret = make_socket_at(s, ".", EMU_CONTROL_SOCKET,
				     &emu->att.control_fd);
	if (ret == 0)
		return 0;
fail:
	emu_sysfs_remove(emu);
	return ret;
}

/* resource0 and dma_socket closed: the function has no entries left */
static void
func_close_fds(struct emu_func *f)
{
	if (f->bar_fd >= 0)
		close(f->bar_fd);
	f->bar_fd = -1;
	if (f->listen_fd >= 0)
		close(f->listen_fd);
	f->listen_fd = -1;
}

void
emu_sysfs_remove(struct emu *emu)
{
	struct emu_sysfs *s = &emu->sysfs;
	struct emu_sysfs_entry *e;
	struct emu_func *f;
	unsigned int i;

	for (i = 0; i < emu->nb_funcs; i++) {
		f = &emu->funcs[i];
		if (f->bar != NULL)
			munmap(f->bar, SRIOVNIC_BAR0_SIZE);
		f->bar = NULL;
		func_close_fds(f);
	}
	if (emu->att.control_fd >= 0)
		close(emu->att.control_fd);
	emu->att.control_fd = -1;
	while (s->nb > 0) {
		e = &s->entries[--s->nb];
		if (unlinkat(s->dir_fd, e->rel, e->dir ? AT_REMOVEDIR : 0) < 0)
			EMU_LOG(WARNING, "cannot remove %s/%s: %s", s->dir,
				e->rel, strerror(errno));
	}
	free(s->entries);
	s->entries = NULL;
	if (s->dir_fd >= 0)
		close(s->dir_fd);
	s->dir_fd = -1;
	if (s->made_dir && rmdir(s->dir) < 0)
		EMU_LOG(WARNING, "cannot remove %s: %s", s->dir,
			strerror(errno));
	s->made_dir = false;
}

/* A removed function keeps a private, zeroed BAR, so that the polls run
 * over it as over an idle function; its driver's mapping is of the
 * unlinked file, which the card no longer reads (datasheet 3.7).
 */
int
emu_sysfs_func_remove(struct emu *emu, struct emu_func *f)
{
	struct emu_sysfs *s = &emu->sysfs;
	const struct emu_func *pf = &emu->funcs[SRIOVNIC_FUNC_PF];
	char virtfn[sizeof(s->entries->rel)];
	size_t len = strlen(f->name);
	unsigned int i, nb = 0;
	struct emu_sysfs_entry *e;
	void *bar;

	bar = mmap(NULL, SRIOVNIC_BAR0_SIZE, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (bar == MAP_FAILED)
		return -errno;
	memcpy(bar, f->bar, SRIOVNIC_BAR0_SIZE);
	munmap(f->bar, SRIOVNIC_BAR0_SIZE);
	f->bar = bar;
	func_close_fds(f);
	snprintf(virtfn, sizeof(virtfn), "%s/virtfn%u", pf->name,
		 f->id - SRIOVNIC_FUNC_VF(0));
	/* newest first, so that a directory goes after its entries */
	for (i = s->nb; i-- > 0; ) {
		e = &s->entries[i];
		if (strcmp(e->rel, virtfn) != 0 &&
		    (strncmp(e->rel, f->name, len) != 0 ||
		     (e->rel[len] != '\0' && e->rel[len] != '/')))
			continue;
		if (unlinkat(s->dir_fd, e->rel, e->dir ? AT_REMOVEDIR : 0) < 0)
			EMU_LOG(WARNING, "cannot remove %s/%s: %s", s->dir,
				e->rel, strerror(errno));
		e->rel[0] = '\0';
	}
	for (i = 0; i < s->nb; i++)
		if (s->entries[i].rel[0] != '\0')
			s->entries[nb++] = s->entries[i];
	s->nb = nb;
	return 0;
}

int
emu_sysfs_func_add(struct emu *emu, struct emu_func *f)
{
	uint8_t *bar = f->bar;
	int ret;

	uint8_t *made;

	ret = make_func(emu, f);
	if (ret == 0)
		ret = make_virtfn(emu, f);
	if (ret == 0) {
		/* the PF's window of the VF runs on: its mailbox continues */
		memcpy(f->bar + SRIOVNIC_VF_MBX_TX_DATA,
		       bar + SRIOVNIC_VF_MBX_TX_DATA,
		       SRIOVNIC_VF_MBX_RX_ACK + 4 - SRIOVNIC_VF_MBX_TX_DATA);
		munmap(bar, SRIOVNIC_BAR0_SIZE);
		return 0;
	}
	/* back to removed, what was made undone */
	made = f->bar;
	emu_sysfs_func_remove(emu, f);
	if (made != bar)
		munmap(bar, SRIOVNIC_BAR0_SIZE);
	return ret;
}
