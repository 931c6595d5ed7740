#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Seed corpus for fuzz_pf_mbx: well-formed VF conversations to mutate."""
import os
import struct
import sys

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'corpus')
os.makedirs(out, exist_ok=True)


def msg(vf, op, payload=b'', cookie=1):
    body = struct.pack('<HHHh', op, len(payload), cookie, 0) + payload
    return bytes([vf]) + body.ljust(64, b'\0')


def admin(op, vf, arg=b''):
    return bytes([0x80]) + (bytes([op, vf]) + arg).ljust(64, b'\0')


hello = struct.pack('<HHI', 1, 1, 0x7f)
hello12 = struct.pack('<HHI', 1, 2, 0xff)


def flow_add(handle, flags, dwords, group=0, prio=0):
    """One FLOW_ADD chunk: dwords is {index: value}"""
    m = 0
    data = b''
    for i in sorted(dwords):
        m |= 1 << i
        data += struct.pack('<I', dwords[i])
    return struct.pack('<IBBBBQ', handle, flags, group, prio, 0, m) + data.ljust(40, b'\0')


# ipv4/udp dst 5000 -> queue 1 with mark 7: layers and dport in key and
# mask (dwords 0, 14; 16, 30), fate QUEUE/queue/FMOD_MARK, mark (32, 33)
udp_q = {0: (1 << 1 | 2 << 3) << 8, 14: 0x8813_0000,
         16: 0x3e << 8, 30: 0xffff_0000, 32: 6 | 1 << 8 | 1 << 16, 33: 7}
mac = bytes([2, 0, 0, 0, 0, 0x42]) + b'\0\0'
mc = bytes([1, 0, 0x5e, 0, 0, 1]) + b'\0\0'
seeds = {
    'hello_res': msg(1, 2, hello) + msg(1, 3),
    'mac_mc_rxmode': msg(0, 1) + msg(0, 2, hello) + msg(0, 4, mac) + msg(0, 5, mc) +
                     msg(0, 7, b'\1\1\0\0') + msg(0, 6, mc),
    'vlan_rss': msg(2, 2, hello) + msg(2, 9, struct.pack('<HH', 2, 2)) +
                msg(2, 12, struct.pack('<HBB', 100, 0, 0)) + msg(2, 14, struct.pack('<I', 1)) +
                msg(2, 15, bytes(range(40))) +
                msg(2, 16, struct.pack('<HH', 0, 48) + bytes(i % 2 for i in range(48))),
    'admin': msg(3, 2, hello) + admin(1, 3, b'\1') + msg(3, 7, b'\1\0\0\0') +
             admin(4, 3, struct.pack('<HB', 10, 3)) + msg(3, 12, struct.pack('<HBB', 5, 0, 0)) +
             admin(0, 3, bytes([2, 0, 0, 0, 9, 9])) + msg(3, 4, mac) + msg(3, 10, mac) +
             msg(3, 17) + msg(3, 18) + msg(3, 1),
    'flow': msg(1, 2, hello12) + msg(1, 9, struct.pack('<HH', 2, 2)) + msg(1, 23) +
            msg(1, 19, flow_add(5, 3, udp_q)) +
            msg(1, 19, flow_add(6, 1, {0: 1 << 9})) +
            msg(1, 19, flow_add(6, 6, {16: 0x06 << 8, 32: 1})) +
            msg(1, 21, struct.pack('<II', 5, 1)) + msg(1, 20, struct.pack('<I', 5)) +
            msg(1, 22) + msg(1, 1),
}
for name, data in seeds.items():
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
