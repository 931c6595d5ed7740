/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Per-function IOMMU: the driver's memory as it registered it over the
 * attach socket. Every DMA of a function goes through emu_dma(), so a
 * function can reach nothing but its own driver's memory.
 */

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu.h"

static bool
region_holds(const struct emu_region *r, uint64_t iova, uint64_t len)
{
	/* unsigned wrap makes an iova below the region fail the first test */
	return iova - r->iova < r->len && len <= r->len - (iova - r->iova);
}

void *
emu_dma(struct emu_func *f, uint64_t iova, uint64_t len)
{
	const struct emu_region *r;
	unsigned int i;

	for (i = 0; i < f->nb_regions; i++) {
		/* start where the last hit was: mostly one big region */
		r = &f->regions[(f->last_region + i) % f->nb_regions];
		if (region_holds(r, iova, len)) {
			f->last_region = r - f->regions;
			return r->va + (iova - r->iova);
		}
	}
	emu_stat_add(f, SRIOVNIC_ST_DMA_FAULTS, 1);
	EMU_LOG(DEBUG, "%s DMA fault at 0x%" PRIx64 " len %" PRIu64,
		f->name, iova, len);
	return NULL;
}

/* Like a VFIO DMA map: page-aligned, non-overlapping, and backed by the
 * file for its whole length, since touching a mapping beyond the end of
 * its file would kill the model with SIGBUS.
 */
int
emu_iommu_add(struct emu_func *f, uint64_t iova, uint64_t len, int fd,
	      uint64_t offset)
{
	uint64_t page = sysconf(_SC_PAGESIZE);
	struct emu_region *r;
	struct stat st;
	unsigned int i;
	void *va;

	if (len == 0 || ((iova | len | offset) & (page - 1)) != 0 ||
	    iova + len < iova || offset + len < offset || len > SIZE_MAX)
		return -EINVAL;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || offset + len > (uint64_t)st.st_size)
		return -EINVAL;
	if (f->nb_regions == EMU_MAX_REGIONS)
		return -ENOSPC;
	for (i = 0; i < f->nb_regions; i++) {
		r = &f->regions[i];
		if (iova < r->iova + r->len && r->iova < iova + len)
			return -EEXIST;
	}
	va = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
	if (va == MAP_FAILED)
		return -errno;
	r = &f->regions[f->nb_regions++];
	r->iova = iova;
	r->len = len;
	r->va = va;
	return 0;
}

int
emu_iommu_del(struct emu_func *f, uint64_t iova)
{
	struct emu_region *r;
	unsigned int i;

	for (i = 0; i < f->nb_regions; i++) {
		r = &f->regions[i];
		if (r->iova != iova)
			continue;
		emu_queues_unmap(f, r);
		munmap(r->va, r->len);
		*r = f->regions[--f->nb_regions];
		f->last_region = 0;
		return 0;
	}
	return -ENOENT;
}

void
emu_iommu_clear(struct emu_func *f)
{
	while (f->nb_regions > 0)
		emu_iommu_del(f, f->regions[0].iova);
}
