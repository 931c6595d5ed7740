#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Seed corpus for fuzz_emu_dma: a VF driver shrinking the memfd behind
its tx ring, and behind its rx ring, then ringing the doorbell."""
import os
import struct
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__),
                                                         'corpus_emu_dma')
os.makedirs(out, exist_ok=True)

MEM_ADD, MEM_DEL, WRITE, RESIZE, RING, RING_OFF, TAIL, REG, POLL, CONFIG = range(10)
TXQ0, RXQ0 = 0, 1
EOP = 1 << 4
LEN = 60
MEM = 65536


def iova(slot):
    return 0x1000000 * (slot + 1)


def op(code, slot=0, a=0, b=0, c=0, data=b''):
    return struct.pack('<BBHII', code, slot, a, b, c) + data


def write(slot, off, data):
    return op(WRITE, slot, len(data), off, data=data)


def ring(slot, q, off, log2_len, buf_len=0):
    return op(RING, slot, q, off, log2_len | buf_len << 16)


frame = bytes([0xff] * 6 + [2, 0, 0, 0, 0, 1, 0x08, 0]).ljust(LEN, b'\0')
# slot 0: tx ring at 0, the frame at 4096; slot 1: rx ring at 0, a buffer
# at 4096
tx = (op(RESIZE, 0, b=MEM) + op(MEM_ADD, 0, b=MEM) +
      write(0, 4096, frame) +
      write(0, 0, struct.pack('<QQ', iova(0) + 4096, EOP | LEN << 16)) +
      ring(0, TXQ0, 0, 5) + op(CONFIG))
rx = (op(RESIZE, 1, b=MEM) + op(MEM_ADD, 1, b=MEM) +
      write(1, 0, struct.pack('<QQ', iova(1) + 4096, 0)) +
      ring(1, RXQ0, 0, 5, 2048) + op(CONFIG) + op(TAIL, 1, RXQ0, 1))
seeds = {
    'tx_shrunk': tx + op(RESIZE, 0, b=0) + op(TAIL, 0, TXQ0, 1) + op(POLL, a=7) +
                 op(CONFIG),
    'rx_shrunk': tx + rx + op(RESIZE, 1, b=0) + op(TAIL, 0, TXQ0, 1) + op(POLL, a=7) +
                 op(CONFIG),
}
for name, data in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
