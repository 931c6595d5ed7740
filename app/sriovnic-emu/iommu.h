/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
#ifndef EMU_IOMMU_H
#define EMU_IOMMU_H

/* DMA: each function's IOMMU table of the memory its driver registered,
 * the card's reads and writes through it, and the guard that survives
 * drivers shrinking that memory under the card (iommu.c).
 */

#include <stdbool.h>
#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_memcpy.h>

#include "emu.h"

/* IOMMU table entries per function: enough for 64 GiB in 2 MiB pages */
#define EMU_MAX_REGIONS		32768

/* One IOMMU mapping: driver memory [iova, iova + len) mapped at va; the
 * mapping itself starts map_delta bytes before, at a page boundary.
 */
struct emu_region {	/* 32 bytes: the frame path indexes them */
	uint64_t iova;
	uint64_t len;
	uint8_t *va;
	uint32_t map_delta;	/* below the page size */
	/* its file shrank under an access: mapped to zeros until
	 * emu_iommu_poll() drops it
	 */
	bool lost;
};

int emu_iommu_add(struct emu_func *f, uint64_t iova, uint64_t len, int fd,
		  uint64_t offset);
int emu_iommu_del(struct emu_func *f, uint64_t iova);
void emu_iommu_clear(struct emu_func *f);
/* Survives drivers shrinking the files behind their memory or resource0:
 * the SIGBUS handler of the card, from emu_start() to emu_stop()
 */
int emu_iommu_guard(struct emu *emu);
void emu_iommu_unguard(void);
/* Slow path: drops what the handler found lost (a DMA fault each), resets
 * a function whose resource0 shrank
 */
void emu_iommu_poll(struct emu *emu);
/* The host address of a ring, [iova, iova + len) in one region, or NULL;
 * emu_dma_ring() counts a DMA fault for NULL, emu_dma_lookup() does not
 */
void *emu_dma_lookup(struct emu_func *f, uint64_t iova, uint64_t len);
void *emu_dma_ring(struct emu_func *f, uint64_t iova, uint64_t len);
int emu_dma_copy(struct emu_func *f, uint64_t iova, uint64_t len,
		 uint8_t *host, bool to_device);

/* The host address of [iova, iova + len) if the region of the last
 * translation holds all of it, else NULL. A burst's buffers mostly lie in
 * one region, so the frame path translates them inline.
 */
static inline uint8_t *
emu_dma_last(const struct emu_func *f, uint64_t iova, uint64_t len)
{
	const struct emu_region *r;
	uint64_t off;

	if (unlikely(f->last_region >= f->nb_regions))
		return NULL;
	r = &f->regions[f->last_region];
	/* unsigned wrap makes an iova below the region fail */
	off = iova - r->iova;
	if (unlikely(off >= r->len || len > r->len - off))
		return NULL;
	return r->va + off;
}

/* Check, read and write of [iova, iova + len), which may span adjacent
 * regions: -EFAULT, counted in DMA_FAULTS, when a byte of it is not
 * registered
 */
static inline int
emu_dma_check(struct emu_func *f, uint64_t iova, uint64_t len)
{
	if (likely(emu_dma_last(f, iova, len) != NULL))
		return 0;
	return emu_dma_copy(f, iova, len, NULL, false);
}

static inline int
emu_dma_read(struct emu_func *f, uint64_t iova, void *dst, uint64_t len)
{
	const uint8_t *p = emu_dma_last(f, iova, len);

	if (likely(p != NULL)) {
		rte_memcpy(dst, p, len);
		return 0;
	}
	return emu_dma_copy(f, iova, len, dst, false);
}

static inline int
emu_dma_write(struct emu_func *f, uint64_t iova, const void *src,
	      uint64_t len)
{
	uint8_t *p = emu_dma_last(f, iova, len);

	if (likely(p != NULL)) {
		rte_memcpy(p, src, len);
		return 0;
	}
	return emu_dma_copy(f, iova, len, (uint8_t *)(uintptr_t)src, true);
}

#endif /* EMU_IOMMU_H */
