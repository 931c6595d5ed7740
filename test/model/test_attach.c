/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 The sriovnic authors
 */
/*
 * sriovnic-emu-attach-test: the device model's attach seam (datasheet
 * appendix A) against drivers that misbehave. A card with a PF and two
 * VFs runs in this process; the drivers, played here too, reach it only
 * through the functions' dma_socket endpoints and BAR files, as separate
 * processes would:
 * - a process holding VF0's endpoint can attach VF0, and neither the PF
 *   nor VF1;
 * - a driver that shrinks the memfd behind its rings (ftruncate to 0) and
 *   rings the doorbell, or shrinks its resource0, loses its own function's
 *   queues and nothing else: the card counts a DMA fault, stops the queue
 *   and keeps serving the other functions.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_string_fns.h>

#include "attach.h"
#include "drv_play.h"
#include "test_check.h"

#define RING		32
#define BUF_LEN		2048
#define FRAME_LEN	64
#define MEM_SIZE	(RING * sizeof(union sriovnic_rx_desc) + RING * BUF_LEN)
#define POLLS		100
#define IOVA(func)	(UINT64_C(0x40000000) * ((func) + 1))
#define PF		SRIOVNIC_FUNC_PF
#define VF0		SRIOVNIC_FUNC_VF(0)
#define VF1		SRIOVNIC_FUNC_VF(1)

/* A driver: its connection to the function's endpoint and its memory,
 * a ring and a buffer per descriptor
 */
struct drv {
	struct emu_func *f;
	int conn;
	int mem_fd;
	uint8_t *mem;
	uint32_t tail;
};

static const struct rte_ether_addr vf1_mac = {
	.addr_bytes = { 0x02, 0x5e, 0x00, 0x00, 0x01, 0x02 },
};

static struct emu emu;
static struct drv_play_card card;

static uint64_t
counter(const struct emu_func *f, uint32_t off)
{
	return drv_rd64(f, off);
}

static uint32_t
qstatus(const struct emu_func *f, uint32_t regs)
{
	return drv_rd32(f, regs + SRIOVNIC_Q_STATUS);
}

/* A connection to function func's endpoint, -1 on failure */
static int
endpoint(uint16_t func)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/%s/%s", card.dir,
		 emu.funcs[func].name, SRIOVNIC_ATTACH_SOCKET);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* One request on conn, with mem_fd unless -1, and its reply while the
 * card polls: the reply's result. Fds it carries are closed.
 */
static int
xfer(int conn, struct sriovnic_attach_msg *msg, int mem_fd)
{
	unsigned int i, nb_fds;
	int fds[EMU_ATTACH_MAX_FDS], ret;

	if (emu_attach_send(conn, msg, &mem_fd, mem_fd >= 0) < 0)
		return -EIO;
	for (i = 0; i < POLLS; i++) {
		emu_poll_config(&emu, false);
		ret = emu_attach_recv(conn, msg, fds, &nb_fds);
		if (ret == 0)
			continue;
		while (nb_fds > 0)
			close(fds[--nb_fds]);
		return ret < 0 ? ret : msg->result;
	}
	return -ETIMEDOUT;
}

static int
hello(int conn, uint16_t func)
{
	struct sriovnic_attach_msg msg = { .type = SRIOVNIC_ATTACH_HELLO };

	rte_strscpy(msg.bdf, emu.funcs[func].name, sizeof(msg.bdf));
	return xfer(conn, &msg, -1);
}

/* Function func attached through its endpoint, its memory registered */
static int
drv_attach(struct drv *d, uint16_t func)
{
	struct sriovnic_attach_msg msg = {
		.type = SRIOVNIC_ATTACH_MEM_ADD,
		.iova = IOVA(func),
		.len = MEM_SIZE,
	};

	memset(d, 0, sizeof(*d));
	d->f = &emu.funcs[func];
	d->conn = -1;
	d->mem_fd = memfd_create("sriovnic-emu-attach-test", MFD_CLOEXEC);
	d->conn = endpoint(func);
	if (d->mem_fd < 0 || d->conn < 0 || ftruncate(d->mem_fd, MEM_SIZE) < 0)
		return -errno;
	d->mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		      d->mem_fd, 0);
	if (d->mem == MAP_FAILED) {
		d->mem = NULL;
		return -errno;
	}
	if (hello(d->conn, func) != 0)
		return -EACCES;
	return xfer(d->conn, &msg, d->mem_fd);
}

/* Its driver shrinks the memory under the card: the driver's own
 * mapping is unusable from now on
 */
static void
drv_shrink(struct drv *d)
{
	CHECK(ftruncate(d->mem_fd, 0) == 0);
	munmap(d->mem, MEM_SIZE);
	d->mem = NULL;
}

static void
drv_detach(struct drv *d)
{
	if (d->mem != NULL)
		munmap(d->mem, MEM_SIZE);
	if (d->mem_fd >= 0)
		close(d->mem_fd);
	if (d->conn >= 0)
		close(d->conn);
	d->conn = -1;
	emu_poll_config(&emu, false);
}

static uint64_t
drv_iova(const struct drv *d, unsigned int buf)
{
	return IOVA(d->f->id) + RING * sizeof(union sriovnic_rx_desc) +
		(uint64_t)buf * BUF_LEN;
}

/* Queue 0 of the direction, taken by the card's next configuration poll */
static void
drv_queue(struct drv *d, bool rx)
{
	union sriovnic_rx_desc *rxr = (union sriovnic_rx_desc *)d->mem;
	unsigned int i;

	if (!rx) {
		drv_ring_enable(d->f, SRIOVNIC_TXQ(0), IOVA(d->f->id), RING, 0);
		return;
	}
	for (i = 0; i < RING; i++)
		rxr[i].read.buf_addr = drv_iova(d, i);
	drv_ring_enable(d->f, SRIOVNIC_RXQ(0), IOVA(d->f->id), RING, BUF_LEN);
	emu_poll_config(&emu, false);
	drv_wr32(d->f, SRIOVNIC_RXQ(0) + SRIOVNIC_Q_TAIL, RING - 1);
}

/* Writes n frames to dst into the tx ring, without a doorbell */
static void
drv_post(struct drv *d, const struct rte_ether_addr *dst, unsigned int n)
{
	struct sriovnic_tx_desc *txd;
	uint8_t *frame;

	while (n-- > 0) {
		frame = d->mem + drv_iova(d, d->tail) - IOVA(d->f->id);
		memset(frame, 0, FRAME_LEN);
		memcpy(frame, dst, RTE_ETHER_ADDR_LEN);
		frame[6] = 0x02;
		frame[11] = d->f->id;
		frame[12] = 0x08;
		txd = (struct sriovnic_tx_desc *)d->mem + d->tail;
		txd->buf_addr = drv_iova(d, d->tail);
		txd->cmd = SRIOVNIC_TXD_DTYPE_DATA | SRIOVNIC_TXD_EOP |
			(uint64_t)FRAME_LEN << SRIOVNIC_TXD_LEN_SHIFT;
		d->tail = (d->tail + 1) % RING;
	}
}

static void
drv_doorbell(struct drv *d)
{
	drv_wr32(d->f, SRIOVNIC_TXQ(0) + SRIOVNIC_Q_TAIL, d->tail);
}

/* The card's fast path a few times, then its slow path */
static void
card_run(void)
{
	unsigned int i;

	for (i = 0; i < POLLS; i++)
		emu_poll_frames(&emu);
	emu_poll_config(&emu, false);
}

/* VF0's endpoint attaches VF0 and nothing else, once */
static void
test_endpoints(struct drv *vf0)
{
	int conn = endpoint(VF0), other;

	printf("endpoints\n");
	CHECK(conn >= 0);
	CHECK(hello(conn, PF) == -EACCES);
	CHECK(hello(conn, VF1) == -EACCES);
	CHECK(!emu.funcs[PF].attached && !emu.funcs[VF1].attached);
	CHECK(hello(conn, VF0) == 0);
	CHECK(emu.funcs[VF0].attached);
	other = endpoint(VF0);
	CHECK(other >= 0 && hello(other, VF0) == -EBUSY);
	close(other);
	close(conn);
	emu_poll_config(&emu, false);
	CHECK(!emu.funcs[VF0].attached);
	CHECK(drv_attach(vf0, VF0) == 0);
}

/* Memory whose DMA addresses are aligned otherwise than the memory is
 * refused: rings there would be misaligned for the card
 */
static void
test_mem_misaligned(struct drv *d)
{
	struct sriovnic_attach_msg msg = {
		.type = SRIOVNIC_ATTACH_MEM_ADD,
		.iova = IOVA(d->f->id) + 0x100000 + 8,
		.len = 4096,
	};

	printf("misaligned memory\n");
	CHECK(xfer(d->conn, &msg, d->mem_fd) == -EINVAL);
	msg.iova -= 8;
	msg.offset = 4096;
	CHECK(xfer(d->conn, &msg, d->mem_fd) == 0);
	msg.type = SRIOVNIC_ATTACH_MEM_DEL;
	CHECK(xfer(d->conn, &msg, -1) == 0);
}

/* The PF sends to VF1, whose rx ring vanishes */
static void
test_rx_shrunk(struct drv *pf, struct drv *vf1)
{
	struct emu_func *pff = pf->f, *vf = vf1->f;

	printf("rx memory shrunk\n");
	drv_sw_mac(pff, 0, &vf1_mac, VF1);
	drv_wr32(pff, SRIOVNIC_SW_FUNC_CFG(VF1), SRIOVNIC_FCFG_RX_ENABLE);
	drv_wr32(pff, SRIOVNIC_SW_GEN, drv_rd32(pff, SRIOVNIC_SW_GEN) + 1);
	drv_queue(pf, false);
	drv_queue(vf1, true);
	card_run();
	CHECK(qstatus(pff, SRIOVNIC_TXQ(0)) == SRIOVNIC_QSTAT_ENABLED);
	CHECK(qstatus(vf, SRIOVNIC_RXQ(0)) == SRIOVNIC_QSTAT_ENABLED);
	drv_post(pf, &vf1_mac, 1);
	drv_doorbell(pf);
	card_run();
	CHECK(counter(vf, SRIOVNIC_ST_RX_PKTS) == 1);

	drv_shrink(vf1);
	drv_post(pf, &vf1_mac, 1);
	drv_doorbell(pf);
	card_run();
	CHECK(counter(pff, SRIOVNIC_ST_TX_PKTS) == 2);
	CHECK(counter(pff, SRIOVNIC_ST_DMA_FAULTS) == 0);
	CHECK(counter(vf, SRIOVNIC_ST_DMA_FAULTS) >= 1);
	CHECK(qstatus(vf, SRIOVNIC_RXQ(0)) == SRIOVNIC_QSTAT_ERROR);
	CHECK(vf->nb_regions == 0);
}

/* VF0's tx ring vanishes between its descriptors and its doorbell */
static void
test_tx_shrunk(struct drv *pf, struct drv *vf0)
{
	struct emu_func *vf = vf0->f;
	const struct rte_ether_addr wire = {
		.addr_bytes = { 0x02, 0x77, 0x00, 0x00, 0x00, 0x01 },
	};

	printf("tx memory shrunk\n");
	drv_queue(vf0, false);
	card_run();
	CHECK(qstatus(vf, SRIOVNIC_TXQ(0)) == SRIOVNIC_QSTAT_ENABLED);
	drv_post(vf0, &wire, 1);
	drv_doorbell(vf0);
	card_run();
	CHECK(counter(vf, SRIOVNIC_ST_TX_PKTS) == 1);

	drv_post(vf0, &wire, 2);
	drv_shrink(vf0);
	drv_doorbell(vf0);
	card_run();
	CHECK(counter(vf, SRIOVNIC_ST_TX_PKTS) == 1);
	CHECK(counter(vf, SRIOVNIC_ST_DMA_FAULTS) >= 1);
	CHECK(qstatus(vf, SRIOVNIC_TXQ(0)) == SRIOVNIC_QSTAT_ERROR);
	CHECK(vf->nb_regions == 0);
	/* the PF goes on */
	drv_post(pf, &wire, 1);
	drv_doorbell(pf);
	card_run();
	CHECK(counter(pf->f, SRIOVNIC_ST_TX_PKTS) == 3);
	CHECK(counter(pf->f, SRIOVNIC_ST_DMA_FAULTS) == 0);
}

/* VF1's driver shrinks its BAR file: the function is reset */
static void
test_bar_shrunk(struct drv *pf, struct drv *vf1)
{
	uint32_t vflr = drv_rd32(pf->f, SRIOVNIC_SW_VFLR(1));
	char path[128];
	struct stat st;
	int fd;

	printf("resource0 shrunk\n");
	snprintf(path, sizeof(path), "%s/%s/resource0", card.dir, vf1->f->name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	CHECK(fd >= 0 && ftruncate(fd, 0) == 0);
	card_run();
	CHECK(fd >= 0 && fstat(fd, &st) == 0 &&
	      st.st_size == SRIOVNIC_BAR0_SIZE);
	if (fd >= 0)
		close(fd);
	drv_post(pf, &vf1_mac, 1);
	drv_doorbell(pf);
	card_run();
	/* reset by the slow poll after the one that found it shrunk */
	CHECK(drv_rd32(pf->f, SRIOVNIC_SW_VFLR(1)) == vflr + 1);
	CHECK(counter(pf->f, SRIOVNIC_ST_TX_PKTS) == 4);
}

int
main(int argc, char **argv)
{
	char *model_opts[] = { "--vfs", "2", NULL };
	struct drv pf, vf0, vf1;

	RTE_SET_USED(argc);
	if (drv_play_start(&emu, &card, "emu-attach-test", argv[0],
			   model_opts) != 0)
		return EXIT_FAILURE;
	test_endpoints(&vf0);
	CHECK(drv_attach(&pf, PF) == 0);
	CHECK(drv_attach(&vf1, VF1) == 0);
	test_mem_misaligned(&vf1);
	test_rx_shrunk(&pf, &vf1);
	test_tx_shrunk(&pf, &vf0);
	test_bar_shrunk(&pf, &vf1);
	drv_detach(&vf0);
	drv_detach(&vf1);
	drv_detach(&pf);
	emu_stop(&emu);
	emu_eal_stop();
	printf("%s: %d failure(s)\n", argv[0], failures);
	return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
