#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Seed corpus for fuzz_emu_vfstate: a valid VF state record (datasheet
17.2) of the target's VF0 (rx and tx queue 0 running on its rings, 4
queues each way) with its CRC, and edits of it: a flag byte first (bit 0:
the target makes the CRC right, bit 1: VF0 runs when the card takes it),
then the record."""
import os
import struct
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__),
                                                         'corpus_emu_vfstate')
os.makedirs(out, exist_ok=True)

SEAL, RUN = 1, 2
MAGIC, VERSION, LEN = 0x53564E53, 1, 2408
RXQ, TXQ, QREC = 360, 1384, 64
VF_IOVA, RING, BUF = 0x20000000, 32, 2048
ENABLE, ENABLED, ERROR, DISCARD = 1, 1, 2, 1


def crc32c(data):
    """CRC-32C, initial value 0xffffffff, no final XOR, as the card's."""
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc


def queue(base, length, buf_len, head, tail, flags=0, status=ENABLED):
    return struct.pack('<QIIIIIIII3Q', base, length, buf_len, ENABLE, status, head,
                       tail, flags, 0, 5, 320, 0)


def record(edit=None):
    r = bytearray(LEN)
    struct.pack_into('<IHHII HHIIII', r, 0, MAGIC, VERSION, 0, LEN, 0, 4, 4, 1518,
                     0, 3, 0)
    r[RXQ:RXQ + QREC] = queue(VF_IOVA, RING, BUF, 5, RING - 1)
    r[TXQ:TXQ + QREC] = queue(VF_IOVA + 4096, RING, 0, 2, 2)
    if edit:
        edit(r)
    struct.pack_into('<I', r, 12, crc32c(bytes(r)))
    return bytes(r)


def put(fmt, off, *v):
    return lambda r: struct.pack_into(fmt, r, off, *v)


seeds = {
    'valid': (0, record()),
    'valid_run': (RUN, record()),
    'bit_flip': (0, record()[:100] + b'\x01' + record()[101:]),
    'tx_discard_run': (SEAL | RUN, record(put('<I', TXQ + 32, DISCARD))),
    'rx_head_end_run': (SEAL | RUN, record(put('<II', RXQ + 24, RING - 1, RING - 2))),
    'rx_ring_outside': (SEAL, record(put('<Q', RXQ, VF_IOVA + 0x100000))),
    'tx_ring_in_buffers_run': (SEAL | RUN, record(put('<Q', TXQ, VF_IOVA + 3 * 4096))),
    'rx_error': (SEAL, record(put('<I', RXQ + 20, ERROR))),
    'queue_beyond': (SEAL, record(put('<I', TXQ + 5 * QREC + 28, 1))),
    'nb_rxq_17': (SEAL, record(put('<H', 16, 17))),
}
for name, (flags, data) in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(bytes([flags]) + data)
