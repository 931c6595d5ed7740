/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Per-function IOMMU (datasheet appendix A.3): the driver's memory as it
 * registered it over the attach socket. Every DMA of a function goes
 * through here, so a function can reach nothing but its own driver's
 * memory.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu.h"

static void
dma_fault(struct emu_func *f, uint64_t iova, uint64_t len)
{
	emu_stat_add(f, SRIOVNIC_ST_DMA_FAULTS, 1);
	EMU_LOG(DEBUG, "%s DMA fault at 0x%" PRIx64 " len %" PRIu64,
		f->name, iova, len);
}

/* Index of the last region starting at or below iova, or -1 */
static int
region_floor(const struct emu_func *f, uint64_t iova)
{
	int lo = 0, hi = (int)f->nb_regions - 1, mid, found = -1;

	while (lo <= hi) {
		mid = lo + (hi - lo) / 2;
		if (f->regions[mid].iova <= iova) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

/* The region holding iova, or NULL */
static const struct emu_region *
region_of(struct emu_func *f, uint64_t iova)
{
	const struct emu_region *r;
	int i;

	/* mostly the same region as last time */
	if (f->last_region < f->nb_regions) {
		r = &f->regions[f->last_region];
		/* unsigned wrap makes an iova below the region fail */
		if (iova - r->iova < r->len)
			return r;
	}
	i = region_floor(f, iova);
	if (i < 0 || iova - f->regions[i].iova >= f->regions[i].len)
		return NULL;
	f->last_region = i;
	return &f->regions[i];
}

void *
emu_dma_ring(struct emu_func *f, uint64_t iova, uint64_t len)
{
	const struct emu_region *r = region_of(f, iova);

	if (r == NULL || len > r->len - (iova - r->iova)) {
		dma_fault(f, iova, len);
		return NULL;
	}
	return r->va + (iova - r->iova);
}

/* Copies between host and [iova, iova + len), which may span adjacent
 * regions; with host NULL only checks the range. -EFAULT, counted, when a
 * byte of it is not registered. The slow path of emu_dma_check(),
 * emu_dma_read() and emu_dma_write(), for ranges beyond the region of the
 * last translation.
 */
int
emu_dma_copy(struct emu_func *f, uint64_t iova, uint64_t len, uint8_t *host,
	     bool to_device)
{
	const struct emu_region *r;
	uint64_t start = iova, rest = len, n;
	uint8_t *va;

	if (iova + len < iova) {
		dma_fault(f, iova, len);
		return -EFAULT;
	}
	while (rest > 0) {
		r = region_of(f, iova);
		if (r == NULL) {
			dma_fault(f, start, len);
			return -EFAULT;
		}
		va = r->va + (iova - r->iova);
		n = RTE_MIN(rest, r->len - (iova - r->iova));
		if (host != NULL && to_device)
			memcpy(va, host, n);
		else if (host != NULL)
			memcpy(host, va, n);
		if (host != NULL)
			host += n;
		iova += n;
		rest -= n;
	}
	return 0;
}

/* Like a VFIO DMA map, except that no alignment is required: the mapping
 * starts at the page holding offset. The file must back the whole region,
 * since touching a mapping beyond the end of its file would kill the model
 * with SIGBUS.
 */
int
emu_iommu_add(struct emu_func *f, uint64_t iova, uint64_t len, int fd,
	      uint64_t offset)
{
	uint64_t delta = offset % sysconf(_SC_PAGESIZE);
	struct emu_region *r;
	unsigned int cap;
	struct stat st;
	uint8_t *base;
	int i;

	if (len == 0 || iova + len < iova || offset + len < offset ||
	    len + delta > SIZE_MAX)
		return -EINVAL;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || offset + len > (uint64_t)st.st_size)
		return -EINVAL;
	/* sorted and disjoint: only the neighbours can overlap */
	i = region_floor(f, iova + len - 1);
	if (i >= 0 && f->regions[i].iova + f->regions[i].len > iova)
		return -EEXIST;
	if (f->nb_regions == f->max_regions) {
		if (f->max_regions == EMU_MAX_REGIONS)
			return -ENOSPC;
		cap = f->max_regions == 0 ? 16 :
			RTE_MIN(2 * f->max_regions, (unsigned int)EMU_MAX_REGIONS);
		r = realloc(f->regions, cap * sizeof(*r));
		if (r == NULL)
			return -ENOMEM;
		f->regions = r;
		f->max_regions = cap;
	}
	base = mmap(NULL, len + delta, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		    offset - delta);
	if (base == MAP_FAILED)
		return -errno;
	/* the new region goes after every region starting below it */
	r = &f->regions[i + 1];
	memmove(r + 1, r, (f->nb_regions - (i + 1)) * sizeof(*r));
	f->nb_regions++;
	r->iova = iova;
	r->len = len;
	r->va = base + delta;
	r->map_delta = delta;
	return 0;
}

int
emu_iommu_del(struct emu_func *f, uint64_t iova)
{
	int i = region_floor(f, iova);
	struct emu_region *r;

	if (i < 0 || f->regions[i].iova != iova)
		return -ENOENT;
	r = &f->regions[i];
	emu_queues_unmap(f, r);
	if (f->id == SRIOVNIC_FUNC_PF)
		emu_aq_unmap(f->emu, r);
	munmap(r->va - r->map_delta, r->len + r->map_delta);
	f->nb_regions--;
	memmove(r, r + 1, (f->nb_regions - i) * sizeof(*r));
	return 0;
}

void
emu_iommu_clear(struct emu_func *f)
{
	while (f->nb_regions > 0)
		emu_iommu_del(f, f->regions[0].iova);
	free(f->regions);
	f->regions = NULL;
	f->max_regions = 0;
}
