/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */

/* Per-function IOMMU (datasheet appendix A.3): the driver's memory as it
 * registered it over the attach socket. Every DMA of a function goes
 * through here, so a function can reach nothing but its own driver's
 * memory.
 *
 * A driver may shrink the file behind memory it registered (or its
 * resource0) at any time, and nothing can forbid it: DPDK's --no-huge
 * memfds allow no seals. The model's next access to a page beyond the
 * file's new end then raises SIGBUS. The card's handler maps zeros in
 * place of what vanished and returns, so that the access completes; the
 * slow path then drops the region like a MEM_DEL and counts a DMA fault.
 * Only the offending function loses anything, and the frame path checks
 * nothing.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu.h"
#include "aq.h"
#include "iommu.h"
#include "queue.h"

#define EMU_IOMMU_PAGE		4096	/* datasheet A.2 */

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
emu_dma_lookup(struct emu_func *f, uint64_t iova, uint64_t len)
{
	const struct emu_region *r = region_of(f, iova);

	if (r == NULL || len > r->len - (iova - r->iova))
		return NULL;
	return r->va + (iova - r->iova);
}

void *
emu_dma_ring(struct emu_func *f, uint64_t iova, uint64_t len)
{
	void *va = emu_dma_lookup(f, iova, len);

	if (va == NULL)
		dma_fault(f, iova, len);
	return va;
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

/* Like a VFIO DMA map, except that iova, offset and len need not be
 * page-aligned, only iova and offset alike: the mapping starts at the page
 * holding offset. The file must back the whole region now; if it shrinks
 * later, on_sigbus() takes over.
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

	RTE_BUILD_BUG_ON(sizeof(*r) != 32);
	/* the same place in a page: what is aligned in IOVA space, rings
	 * above all, is as aligned in the mapping
	 */
	if (len == 0 || iova + len < iova || offset + len < offset ||
	    len + delta > SIZE_MAX ||
	    (iova - offset) % EMU_IOMMU_PAGE != 0)
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
	r->lost = false;
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

/* The card whose mappings on_sigbus() repairs: one per process */
static struct emu *guarded;
static struct sigaction unguarded;

/* resource0 of f shrank: it grows back, zeroed. Anything else that
 * faults here (a full tmpfs) is not the driver's doing.
 */
static bool
bar_regrow(struct emu_func *f)
{
	struct stat st;

	if (fstat(f->bar_fd, &st) < 0 || st.st_size >= SRIOVNIC_BAR0_SIZE ||
	    ftruncate(f->bar_fd, SRIOVNIC_BAR0_SIZE) < 0)
		return false;
	f->bar_lost = 1;
	return true;
}

/* Zeros in place of region r, whose file shrank */
static bool
region_zero(struct emu_func *f, struct emu_region *r)
{
	if (r->lost ||
	    mmap(r->va - r->map_delta, r->len + r->map_delta,
		 PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
		 -1, 0) == MAP_FAILED)
		return false;
	r->lost = true;
	f->dma_lost = 1;
	return true;
}

/* SIGBUS arises only from an access of the card's own thread, never while
 * it changes a region table, so the tables are consistent here.
 */
static void
on_sigbus(int sig, siginfo_t *si, void *ctx)
{
	const uint8_t *a = si->si_addr;
	struct emu_region *r;
	struct emu_func *f;
	unsigned int i, j;

	RTE_SET_USED(ctx);
	for (i = 0; guarded != NULL && i < guarded->nb_funcs; i++) {
		f = &guarded->funcs[i];
		if (f->bar != NULL && a >= f->bar &&
		    a < f->bar + SRIOVNIC_BAR0_SIZE) {
			if (bar_regrow(f))
				return;
			goto fatal;
		}
		for (j = 0; j < f->nb_regions; j++) {
			r = &f->regions[j];
			if (a < r->va - r->map_delta || a >= r->va + r->len)
				continue;
			if (region_zero(f, r))
				return;
			goto fatal;
		}
	}
fatal:
	/* the access faults again and dies of it as it would unguarded */
	sigaction(sig, &unguarded, NULL);
}

int
emu_iommu_guard(struct emu *emu)
{
	struct sigaction sa = {
		.sa_sigaction = on_sigbus,
		.sa_flags = SA_SIGINFO,
	};

	sigemptyset(&sa.sa_mask);
	guarded = emu;
	if (sigaction(SIGBUS, &sa, &unguarded) < 0) {
		guarded = NULL;
		return -errno;
	}
	return 0;
}

void
emu_iommu_unguard(void)
{
	sigaction(SIGBUS, &unguarded, NULL);
	guarded = NULL;
}

void
emu_iommu_poll(struct emu *emu)
{
	struct emu_region *r;
	struct emu_func *f;
	unsigned int j;
	uint16_t i;

	for (i = 0; i < emu->nb_funcs; i++) {
		f = &emu->funcs[i];
		if (f->bar_lost) {
			f->bar_lost = 0;
			EMU_LOG(WARNING, "%s: resource0 shrank; function reset",
				f->name);
			emu_func_reset(emu, f);
		}
		if (!f->dma_lost)
			continue;
		f->dma_lost = 0;
		for (j = 0; j < f->nb_regions; ) {
			r = &f->regions[j];
			if (!r->lost) {
				j++;
				continue;
			}
			EMU_LOG(WARNING, "%s: memory at iova 0x%" PRIx64
				" vanished (its file shrank); unmapped",
				f->name, r->iova);
			dma_fault(f, r->iova, r->len);
			emu_iommu_del(f, r->iova);
		}
	}
}
