#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Offloads of card revision 1.2 through the device model, seen from outside:
rx checksum flags and packet types as testpmd prints them, tx checksum
insertion and TSO by testpmd's csum engine checked by scapy on the wire,
function loopback, rx descriptor count."""

import os
import re
import socket
import struct
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (Bench, Sniffer, _scapy, expect, expect_eq, from_mac,  # noqa: E402
                      main, run, send, test, wait_for)

# testpmd `set verbose 1`: a line per frame, then its ol_flags
_DUMP = re.compile(r'src=([0-9A-Fa-f:]{17}) - dst=([0-9A-Fa-f:]{17}) - pool=\S+ - '
                   r'type=0x([0-9a-fA-F]+) - length=(\d+)(.*?)\n\s*ol_flags: ([^\n]*)')
_HW_PTYPE = re.compile(r' - hw ptype: (.*?) - sw ptype')


def rx_dumps(text):
    """{length: (hw ptype names, ol_flags names)} of the frames testpmd
    received and dumped; frames are told apart by their length."""
    out = {}
    for m in _DUMP.finditer(text):
        if ' - Receive queue=' not in m.group(5):
            continue
        pt = _HW_PTYPE.search(m.group(5))
        out[int(m.group(4))] = (pt.group(1).split() if pt else [],
                                m.group(6).split())
    return out


def frames_by_length(frames, base=200):
    """Pads each frame (scapy packet) to its own length, base + 4 * index,
    keeping whatever checksums it was given; returns (length, frame) pairs."""
    sc = _scapy()
    out = []
    for i, f in enumerate(frames):
        b = bytes(f)
        n = base + 4 * i
        out.append((n, sc.Ether(b + bytes(n - len(b)))))
    return out


# The rx burst paths: scalar, and the widest SIMD one testpmd allows here
RX_PATHS = (['--force-max-simd-bitwidth=64'], [])


def rx_pmd(b, eal):
    """VF0 in rxonly mode with the rx checksum offloads, dumping frames;
    returns the testpmd and its rx burst mode."""
    p = b.vf([0], args=['--forward-mode=rxonly', '--enable-rx-cksum'], eal=eal)
    p.cmd('set promisc all off')
    p.cmd('set verbose 1')
    p.cmd('start')
    mode = re.search(r'Burst mode: (.*)', p.cmd('show rxq info 0 0'))
    expect(mode is not None, 'no rx burst mode')
    if eal:
        expect_eq(mode.group(1).strip(), 'Scalar', 'rx burst mode')
    return p, mode.group(1).strip()


def receive(b, p, frames):
    """Sends the (length, frame) pairs from the wire; returns rx_dumps()."""
    p.clear_stats()
    mark = p.mark()
    send(b.tap, [f for _, f in frames])
    p.wait_rx(0, len(frames))

    def dumped():
        d = rx_dumps(p.since(mark))
        return d if len(d) >= len(frames) else None
    return wait_for(dumped, 10, what='%d frames dumped' % len(frames))


def l2(b):
    sc = _scapy()
    return sc.Ether(dst=b.model.vf_mac(0), src=b.tap_mac)


@test()
def rx_checksum_flags():
    """Good and bad IPv4 header, TCP, UDP and SCTP checksums from the wire:
    testpmd shows RTE_MBUF_F_RX_IP/L4_CKSUM_GOOD, _BAD or _UNKNOWN as the
    datasheet (7.6.2) says, with the scalar and the SIMD rx burst."""
    sc = _scapy()
    with Bench() as b:
        v4 = lambda **kw: sc.IP(src='10.0.0.1', dst='10.0.0.2', **kw)  # noqa: E731
        v6 = sc.IPv6(src='fd00::1', dst='fd00::2')
        pay = sc.Raw(b'x' * 40)
        cases = [
            # frame, IP flag, L4 flag
            (v4() / sc.TCP() / pay, 'GOOD', 'GOOD'),
            (v4() / sc.UDP() / pay, 'GOOD', 'GOOD'),
            (v4(chksum=0x1234) / sc.UDP() / pay, 'BAD', 'GOOD'),
            (v4() / sc.TCP(chksum=0x1234) / pay, 'GOOD', 'BAD'),
            (v4() / sc.UDP(chksum=0x1234) / pay, 'GOOD', 'BAD'),
            (v4() / sc.UDP(chksum=0) / pay, 'GOOD', 'UNKNOWN'),
            (v4() / sc.SCTP() / sc.SCTPChunkData(data=b'x' * 40), 'GOOD', 'GOOD'),
            (v4() / sc.SCTP(chksum=0x1234) / sc.SCTPChunkData(data=b'x' * 40),
             'GOOD', 'BAD'),
            (v4() / sc.ICMP() / pay, 'GOOD', 'UNKNOWN'),
            (v6 / sc.TCP() / pay, 'UNKNOWN', 'GOOD'),
            (v6 / sc.UDP(chksum=0x1234) / pay, 'UNKNOWN', 'BAD'),
        ]
        frames = frames_by_length([l2(b) / f for f, _, _ in cases])
        for eal in RX_PATHS:
            p, path = rx_pmd(b, eal)
            dumps = receive(b, p, frames)
            for (n, f), (_, ip, l4) in zip(frames, cases):
                expect(n in dumps, 'frame of %d bytes not dumped: %r' % (n, f))
                flags = dumps[n][1]
                for want in ('RTE_MBUF_F_RX_IP_CKSUM_' + ip,
                             'RTE_MBUF_F_RX_L4_CKSUM_' + l4):
                    expect(want in flags, '%s (%s): ol_flags %s, want %s'
                           % (f.summary(), path, ' '.join(flags), want))
            p.stop()


@test()
def rx_packet_types():
    """Packet types the card parses (datasheet 7.6.1) as testpmd's hw ptype,
    with the scalar and the SIMD rx burst."""
    sc = _scapy()
    with Bench() as b:
        v4 = sc.IP(src='10.0.0.1', dst='10.0.0.2')
        v6 = sc.IPv6(src='fd00::1', dst='fd00::2')
        pay = sc.Raw(b'y' * 32)
        cases = [
            (v4 / sc.TCP() / pay, 'L2_ETHER L3_IPV4 L4_TCP'),
            (v4 / sc.UDP() / pay, 'L2_ETHER L3_IPV4 L4_UDP'),
            (v4 / sc.SCTP() / pay, 'L2_ETHER L3_IPV4 L4_SCTP'),
            (v4 / sc.ICMP() / pay, 'L2_ETHER L3_IPV4 L4_ICMP'),
            (sc.IP(src='10.0.0.1', dst='10.0.0.2', flags='MF') / sc.UDP() / pay,
             'L2_ETHER L3_IPV4 L4_FRAG'),
            (sc.IP(src='10.0.0.1', dst='10.0.0.2',
                   options=[sc.IPOption_RR(routers=['1.2.3.4'])]) / sc.UDP() / pay,
             'L2_ETHER L3_IPV4_EXT L4_UDP'),
            (v4 / sc.GRE() / pay, 'L2_ETHER L3_IPV4'),
            (v6 / sc.UDP() / pay, 'L2_ETHER L3_IPV6 L4_UDP'),
            (v6 / sc.ICMPv6EchoRequest() / pay, 'L2_ETHER L3_IPV6 L4_ICMP'),
            (v6 / sc.IPv6ExtHdrHopByHop() / sc.TCP() / pay,
             'L2_ETHER L3_IPV6_EXT L4_TCP'),
            (v6 / sc.IPv6ExtHdrFragment(m=1) / sc.UDP() / pay,
             'L2_ETHER L3_IPV6_EXT L4_FRAG'),
            (sc.ARP(), 'L2_ETHER'),
            (sc.Dot1Q(vlan=7) / v4 / sc.UDP() / pay, 'L2_ETHER_VLAN L3_IPV4 L4_UDP'),
        ]
        frames = frames_by_length([l2(b) / f for f, _ in cases])
        for eal in RX_PATHS:
            p, path = rx_pmd(b, eal)
            info = p.cmd('show port 0 ptypes')
            for name in ('L2_ETHER_VLAN', 'L3_IPV6_EXT', 'L4_SCTP', 'L4_FRAG'):
                expect(name in info, 'show port 0 ptypes lacks %s:\n%s' % (name, info))
            dumps = receive(b, p, frames)
            for (n, f), (_, want) in zip(frames, cases):
                expect(n in dumps, 'frame of %d bytes not dumped: %r' % (n, f))
                expect_eq(' '.join(dumps[n][0]), want,
                          'hw ptype of %s (%s)' % (f.summary(), path))
            p.stop()


def csum_pmd(b, args=(), cmds=()):
    """VF0 in testpmd's csum engine, forwarding back to the wire with the
    given csum/tso settings (which need the port stopped)."""
    p = b.vf([0], args=['--forward-mode=csum', '--eth-peer=0,%s' % b.tap_mac] + list(args))
    p.cmd('set promisc all off')
    p.cmd('port stop 0')
    for c in cmds:
        out = p.cmd(c)
        expect('not supported' not in out and 'error' not in out.lower(), '%s:\n%s' % (c, out))
    out = p.cmd('port start 0')
    expect('Fail' not in out, 'port start:\n%s' % out)
    p.cmd('start')
    return p


def checksums_ok(f):
    """The frame's IPv4 header and L4 checksums are right (scapy
    recomputes them); returns a description of what is wrong, or None."""
    sc = _scapy()
    g = sc.Ether(bytes(f))
    for layer in (sc.IP, sc.TCP, sc.UDP):
        if g.haslayer(layer):
            del g[layer].chksum
    g = sc.Ether(bytes(g))
    for layer in (sc.IP, sc.TCP, sc.UDP):
        if f.haslayer(layer) and f[layer].chksum != g[layer].chksum:
            return '%s checksum %#06x, want %#06x' % (layer.__name__, f[layer].chksum,
                                                        g[layer].chksum)
    return None


@test()
def tx_checksum_insertion():
    """testpmd's csum engine with `csum set ip|tcp|udp hw`: frames from the
    wire with wrong checksums go back with checksums the card computed."""
    sc = _scapy()
    with Bench() as b:
        vf0 = b.model.vf_mac(0)
        p = csum_pmd(b, cmds=['csum set ip hw 0', 'csum set tcp hw 0',
                              'csum set udp hw 0'])
        v4 = lambda: sc.IP(src='10.0.0.1', dst='10.0.0.2', chksum=0xbad)  # noqa: E731
        v6 = sc.IPv6(src='fd00::1', dst='fd00::2')
        pay = sc.Raw(b'z' * 100)
        sent = [l2(b) / f for f in (
            v4() / sc.TCP(sport=1, dport=2, chksum=0xbad) / pay,
            v4() / sc.UDP(sport=1, dport=2, chksum=0xbad) / pay,
            sc.IP(src='10.0.0.1', dst='10.0.0.2', chksum=0xbad,
                  options=[sc.IPOption_RR(routers=['1.2.3.4'])]) /
            sc.TCP(sport=1, dport=2, chksum=0xbad) / pay,
            v6 / sc.TCP(sport=1, dport=2, chksum=0xbad) / pay,
            v6 / sc.UDP(sport=1, dport=2, chksum=0xbad) / pay,
        )]
        with Sniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, sent)
            got = sn.wait(len(sent))
        expect_eq(len(got), len(sent), 'frames forwarded to the wire')
        for f in got:
            bad = checksums_ok(f)
            expect(bad is None, '%s: %s' % (f.summary(), bad))
        st = p.port_stats(0)
        expect_eq(st['TX-errors'], 0, 'VF0 TX-errors')


def tcp_big(b, payload_len, flags='PAC'):
    sc = _scapy()
    body = bytes((i * 7) & 0xff for i in range(payload_len))
    return (l2(b) / sc.IP(src='10.0.0.1', dst='10.0.0.2', id=1000) /
            sc.TCP(sport=1234, dport=80, seq=100000, ack=5, flags=flags,
                   options=[('NOP', None), ('NOP', None),
                            ('Timestamp', (1, 2))]) /
            sc.Raw(body)), body


def tso_pmd(b, mss):
    # frames bigger than an mbuf arrive chained: TSO over several segments
    return csum_pmd(b, args=['--enable-scatter', '--max-pkt-len=9000'],
                    cmds=['csum set ip hw 0', 'csum set tcp hw 0',
                          'tso set %d 0' % mss])


@test()
def tso():
    """testpmd's csum engine with `tso set 800`: a 2900-byte TCP payload from
    the wire leaves as 4 segments of at most 800 bytes with the headers the
    datasheet (7.8) gives them and correct checksums."""
    sc = _scapy()
    mss = 800
    with Bench() as b:
        vf0 = b.model.vf_mac(0)
        run(['ip', 'link', 'set', 'dev', b.tap, 'mtu', '9000'])
        p = tso_pmd(b, mss)
        frame, body = tcp_big(b, 2900)
        hlen = len(frame) - len(body) - 14
        with Sniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, [frame])
            got = sn.wait(4)
        expect_eq(len(got), 4, 'segments on the wire')
        data = b''
        for i, s in enumerate(got):
            n = min(mss, len(body) - i * mss)
            ip, tcp = s[sc.IP], s[sc.TCP]
            expect_eq(ip.len, hlen + n, 'segment %d IP total length' % i)
            expect_eq(ip.id, 1000 + i, 'segment %d IP id' % i)
            expect_eq(tcp.seq, 100000 + i * mss, 'segment %d TCP seq' % i)
            want = {'A'} | ({'C'} if i == 0 else set()) | ({'P'} if i == 3 else set())
            expect_eq(set(str(tcp.flags)), want, 'segment %d TCP flags' % i)
            expect_eq(tcp.options, frame[sc.TCP].options, 'segment %d TCP options' % i)
            bad = checksums_ok(s)
            expect(bad is None, 'segment %d: %s' % (i, bad))
            data += bytes(tcp.payload)[:n]
        expect(data == body, 'the segments do not carry the payload in order')
        st = p.port_stats(0)
        expect_eq(st['TX-packets'], 4, 'VF0 TX-packets (segments)')
        expect_eq(st['TX-errors'], 0, 'VF0 TX-errors')


@test()
def tso_prepare_refuses():
    """An MSS the card does not take (under 256): tx_prepare refuses the
    frame, testpmd says why and nothing reaches the wire."""
    with Bench() as b:
        vf0 = b.model.vf_mac(0)
        run(['ip', 'link', 'set', 'dev', b.tap, 'mtu', '9000'])
        p = tso_pmd(b, 200)
        frame, _ = tcp_big(b, 2000)
        mark = p.mark()
        with Sniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, [frame])
            got = sn.wait(1, timeout=3)
        expect_eq(len(got), 0, 'frames on the wire')
        wait_for(lambda: 'Preparing packet burst' in p.since(mark), 10,
                 what='testpmd tx_prepare message')
        out = p.since(mark)
        expect('Invalid argument' in out, 'tx_prepare error:\n%s' % out)


@test()
def loopback():
    """`port config 0 loopback 1`: what VF0 sends comes back to VF0 and
    nothing reaches the wire; loopback 0 sends to the wire again; an unknown
    mode is refused at port start."""
    with Bench() as b:
        vf0 = b.model.vf_mac(0)
        p = b.vf([0], args=['--forward-mode=rxonly'])
        p.cmd('set promisc all off')
        p.cmd('set burst 16')

        def send_32(mode):
            p.cmd('port stop 0')
            p.cmd('port config 0 loopback %d' % mode)
            out = p.cmd('port start 0')
            expect('Fail' not in out, 'port start, loopback %d:\n%s' % (mode, out))
            p.clear_stats()
            with Sniffer(b.tap, from_mac(vf0)) as sn:
                p.cmd('start tx_first 2')
                got = sn.wait(32, timeout=3)
                st = p.wait_rx(0, 32 if mode else 1, timeout=3)
            p.cmd('stop')
            return got, st

        got, st = send_32(1)
        expect_eq(st['TX-packets'], 32, 'VF0 TX-packets in loopback')
        expect_eq(st['RX-packets'], 32, 'VF0 RX-packets in loopback')
        expect_eq(len(got), 0, 'frames on the wire in loopback')
        got, st = send_32(0)
        expect_eq(len(got), 32, 'frames on the wire without loopback')
        expect_eq(st['RX-packets'], 0, 'VF0 RX-packets without loopback')

        p.cmd('port stop 0')
        p.cmd('port config 0 loopback 2')
        mark = p.mark()
        p.cmd('port start 0')
        out = p.since(mark)
        expect('loopback mode 2 unknown' in out, 'port start, loopback 2:\n%s' % out)


@test()
def rx_queue_count():
    """rte_eth_rx_queue_count and the descriptor status of a queue that is
    not polled, as testpmd shows them."""
    with Bench() as b:
        p = b.vf([0], args=['--forward-mode=rxonly', '--rxd=512'])
        p.cmd('set promisc all off')
        out = p.cmd('show port 0 rxq 0 desc used count')
        expect('Used desc count = 0' in out, 'idle queue:\n%s' % out)
        send(b.tap, [l2(b) / _scapy().Raw(bytes(100)) for _ in range(5)])
        wait_for(lambda: 'Used desc count = 5' in p.cmd('show port 0 rxq 0 desc used count'),
                 10, what='5 used descriptors')
        expect('Desc status = DONE' in p.cmd('show port 0 rxq 0 desc 4 status'),
               'descriptor 4 not done')
        expect('Desc status = AVAILABLE' in p.cmd('show port 0 rxq 0 desc 5 status'),
               'descriptor 5 not available')
        expect('Desc status = DONE' in p.cmd('show port 0 txq 0 desc 0 status'),
               'tx descriptor 0 of an idle queue not done')



@test()
def jumbo_scatter_and_mtu():
    """MTU 9000 with scatter on 2 KB mbufs: an 8000-byte frame from the wire
    arrives whole, chained; a frame over the MTU is dropped and counted as
    an rx error, not delivered."""
    sc = _scapy()
    with Bench(vfs=1) as b:
        run(['ip', 'link', 'set', b.tap, 'mtu', '9500'])
        p = b.vf([0], args=['--forward-mode=rxonly', '--enable-scatter',
                            '--max-pkt-len=9022'])
        p.cmd('set promisc all off')
        p.cmd('set verbose 1')
        p.cmd('start')
        expect('MTU: 9000' in p.cmd('show port info 0'), 'VF0 MTU 9000')
        base = l2(b) / sc.IP(src='198.18.0.1', dst='198.18.0.2') / sc.UDP(sport=1, dport=2)
        big = base / sc.Raw(bytes(8000 - len(base)))
        over = base / sc.Raw(bytes(9100 - len(base)))
        p.clear_stats()
        mark = p.mark()
        send(b.tap, [big, over])
        st = p.wait_rx(0, 1)
        expect_eq(st['RX-packets'], 1, 'VF0 RX-packets (the frame under the MTU)')
        expect_eq(st['RX-bytes'], 8000, 'VF0 RX-bytes')
        wait_for(lambda: p.port_stats(0)['RX-errors'] == 1, 5,
                 what='the frame over the MTU counted as RX-errors')
        seg = re.search(r'length=8000 - nb_segs=(\d+)', p.since(mark))
        expect(seg is not None and int(seg.group(1)) > 1,
               'the 8000-byte frame arrived chained over several mbufs')


@test()
def mtu_on_stopped_port():
    """MTU 9000 with 2 KB mbufs and no scatter: refused on the started port;
    accepted on the stopped one (an application such as OVS sets up new
    queues next), which then starts with its queues scattering by themselves
    and says so; likewise MTU 9600 on the PF."""
    with Bench(vfs=1) as b:
        p = b.vf([0])
        expect('Set MTU failed' in p.cmd('port config mtu 0 9000'),
               'MTU 9000 accepted on the started port without scatter')
        for pmd, mtu in ((p, 9000), (b.pf, 9600)):
            pmd.cmd('port stop 0')
            out = pmd.cmd('port config mtu 0 %d' % mtu)
            expect('failed' not in out, 'MTU %d on the stopped port:\n%s' % (mtu, out))
            mark = pmd.mark()
            out = pmd.cmd('port start 0')
            expect('Fail' not in out, '%s: port start with MTU %d:\n%s' % (pmd.name, mtu, out))
            expect('buffers: scatter on' in pmd.since(mark),
                   '%s: no log line for the scatter' % pmd.name)
            expect_eq(pmd.port_info(0).get('MTU'), str(mtu), '%s: MTU' % pmd.name)
            expect('RX scattered packets: on' in pmd.cmd('show rxq info 0 0'),
                   '%s: rx queue 0 does not scatter' % pmd.name)


@test()
def scatter_auto_max_pkt_len():
    """--max-pkt-len=9000 with testpmd's 2 KB mbufs and no --enable-scatter:
    the port starts, scattering by itself, and an 8000-byte frame from the
    wire arrives whole, chained."""
    sc = _scapy()
    with Bench(vfs=1) as b:
        run(['ip', 'link', 'set', b.tap, 'mtu', '9500'])
        p = b.vf([0], args=['--forward-mode=rxonly', '--max-pkt-len=9000'])
        expect('Fail to start' not in p.output, 'port start:\n' + p.output)
        expect('buffers: scatter on' in p.output, 'no log line for the scatter')
        p.cmd('set promisc all off')
        p.cmd('set verbose 1')
        p.cmd('start')
        base = l2(b) / sc.IP(src='198.18.0.1', dst='198.18.0.2') / sc.UDP(sport=1, dport=2)
        mark = p.mark()
        send(b.tap, [base / sc.Raw(bytes(8000 - len(base)))])
        st = p.wait_rx(0, 1)
        expect_eq(st['RX-packets'], 1, 'VF0 RX-packets')
        expect_eq(st['RX-errors'], 0, 'VF0 RX-errors')
        seg = re.search(r'length=8000 - nb_segs=(\d+)', p.since(mark))
        expect(seg is not None and int(seg.group(1)) > 1,
               'the 8000-byte frame arrived chained over several mbufs')
        # MAX_FRAME counts a tag and the FCS (datasheet 7.9)
        expect_eq(p.port_info(0).get('MTU'), str(9000 - 22), 'MTU')


@test()
def jumbo_vf_to_wire():
    """Jumbo frames a VF forwards reach the wire whole: 2000 and 8996 bytes,
    and 9720, the largest untagged frame of the largest MTU (9706), sent
    from the wire to VF0 and mac-forwarded back."""
    sc = _scapy()
    sizes = (2000, 8996, 9720)
    with Bench(vfs=1) as b:
        run(['ip', 'link', 'set', b.tap, 'mtu', '9706'])
        vf0 = b.model.vf_mac(0)
        p = b.vf([0], args=['--forward-mode=mac', '--enable-scatter',
                            '--max-pkt-len=9728', '--eth-peer=0,%s' % b.tap_mac])
        p.cmd('set promisc all off')
        p.cmd('start')
        base = l2(b) / sc.IP(src='198.18.0.1', dst='198.18.0.2') / sc.UDP(sport=1, dport=2)
        frames = [base / sc.Raw(bytes((i * 13) & 0xff for i in range(n - len(base))))
                  for n in sizes]
        with Sniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, frames)
            got = sn.wait(len(frames))
        expect_eq(sorted(len(f) for f in got), list(sizes), 'frame sizes on the wire')
        for f in got:
            sent = [s for s in frames if len(s) == len(f)][0]
            expect(bytes(f)[12:] == bytes(sent)[12:],
                   'the %d-byte frame changed on its way' % len(f))
        st = p.port_stats(0)
        expect_eq(st['TX-packets'], len(sizes), 'VF0 TX-packets')
        expect_eq(st['TX-errors'], 0, 'VF0 TX-errors')


def mtu_boundary(b, p, dst):
    """With MTU 1500, frames from the wire to port 0 of testpmd p (rxonly):
    untagged up to 1514 bytes (1518 with the FCS) and priority-tagged up to
    1518 (1522) are received; one byte more is dropped, counted in RX-errors
    and rx_oversize_errors."""
    sc = _scapy()
    # the kernel sends the frames over its own MTU
    run(['ip', 'link', 'set', b.tap, 'mtu', '1600'])
    p.cmd('stop')
    p.cmd('port stop 0')
    expect('failed' not in p.cmd('port config mtu 0 1500'), 'MTU 1500')
    expect('Fail' not in p.cmd('port start 0'), 'port start with MTU 1500')
    p.cmd('start')

    def frame(n, tagged):
        eth = sc.Ether(dst=dst, src=b.tap_mac)
        if tagged:
            eth = eth / sc.Dot1Q(vlan=0)
        hdr = eth / sc.IP(src='198.18.0.1', dst='198.18.0.2') / sc.UDP(sport=1, dport=2)
        return hdr / sc.Raw(bytes(n - len(hdr)))
    for tagged, largest in ((False, 1514), (True, 1518)):
        kind = 'tagged' if tagged else 'untagged'
        p.clear_stats()
        send(b.tap, [frame(largest, tagged), frame(largest + 1, tagged)])
        st = p.wait_rx(0, 1)
        wait_for(lambda: p.port_stats(0)['RX-errors'] >= 1, 5,
                 what='the %s frame over the MTU counted in RX-errors' % kind)
        st = p.port_stats(0)
        expect_eq(st['RX-packets'], 1, '%s: RX-packets (the %d-byte frame)' % (kind, largest))
        expect_eq(st['RX-bytes'], largest, '%s: RX-bytes' % kind)
        expect_eq(st['RX-errors'], 1, '%s: RX-errors (the %d-byte frame)' % (kind, largest + 1))
        expect_eq(p.xstats(0).get('rx_oversize_errors'), 1, '%s: rx_oversize_errors' % kind)


@test()
def mtu_boundary_vf():
    """The MTU rule (datasheet 7.9) on a VF."""
    with Bench(vfs=1) as b:
        p = b.vf([0], args=['--forward-mode=rxonly'])
        p.cmd('set promisc all off')
        mtu_boundary(b, p, b.model.vf_mac(0))
        info = p.cmd('show port info 0')
        expect('MTU: 1500' in info, 'VF0 MTU:\n' + info)
        expect('Maximum configurable length of RX packet: 9728' in info,
               'max_rx_pktlen:\n' + info)
        for mtu, want in ((9707, 'device max MTU (9706)'), (67, 'device min MTU (68)')):
            out = p.cmd('port config mtu 0 %d' % mtu)
            expect(want in out, 'MTU %d:\n%s' % (mtu, out))


@test()
def mtu_boundary_pf():
    """The MTU rule (datasheet 7.9) on the PF."""
    with Bench(vfs=1, pf_args=['--forward-mode=rxonly']) as b:
        mtu_boundary(b, b.pf, b.model.mac)


def keep_crc(b, p, dst):
    """Port 0 of testpmd p, mac-forwarding to the wire with KEEP_CRC on:
    each frame comes back 4 bytes longer, ending in the CRC-32 of the frame
    as received; RX-bytes count those 4 bytes. Then keep_crc off: neither."""
    sc = _scapy()
    src = p.port_info(0)['MAC address']
    frames = [sc.Ether(dst=dst, src=b.tap_mac) / sc.IP(src='198.18.0.1', dst='198.18.0.2') /
              sc.UDP(sport=1, dport=2) / sc.Raw(bytes((i + n) & 0xff for i in range(n)))
              for n in (100, 700)]

    def forward():
        p.clear_stats()
        with Sniffer(b.tap, from_mac(src)) as sn:
            send(b.tap, frames)
            got = sn.wait(len(frames))
        expect_eq(len(got), len(frames), 'frames forwarded to the wire')
        return sorted(got, key=len), p.port_stats(0)

    got, st = forward()
    for f, g in zip(frames, got):
        sent = bytes(f)
        expect_eq(len(g), len(sent) + 4, 'forwarded frame length with keep_crc')
        expect_eq(bytes(g)[-4:].hex(), struct.pack('<I', zlib.crc32(sent)).hex(),
                  'FCS of the %d-byte frame' % len(sent))
    expect_eq(st['RX-bytes'], sum(len(f) + 4 for f in frames), 'RX-bytes with keep_crc')
    p.cmd('stop')
    p.cmd('port stop 0')
    p.cmd('port config 0 rx_offload keep_crc off')
    expect('Fail' not in p.cmd('port start 0'), 'port start with keep_crc off')
    p.cmd('start')
    got, st = forward()
    expect_eq([len(g) for g in got], [len(f) for f in frames], 'frame lengths without keep_crc')
    expect_eq(st['RX-bytes'], sum(len(f) for f in frames), 'RX-bytes without keep_crc')


@test()
def keep_crc_vf():
    """--disable-crc-strip on a VF (KEEP_CRC, datasheet 6.1)."""
    with Bench(vfs=1) as b:
        p = b.vf([0], args=['--forward-mode=mac', '--disable-crc-strip',
                            '--eth-peer=0,%s' % b.tap_mac])
        p.cmd('set promisc all off')
        p.cmd('start')
        keep_crc(b, p, b.model.vf_mac(0))


@test()
def keep_crc_pf():
    """--disable-crc-strip on the PF (KEEP_CRC, datasheet 6.1)."""
    with Bench(vfs=1, pf_args=['--forward-mode=mac', '--disable-crc-strip']) as b:
        b.pf.cmd('set eth-peer 0 %s' % b.tap_mac)
        b.pf.cmd('start')
        keep_crc(b, b.pf, b.model.mac)


def tx_burst_tagged(b, p, tags):
    """VF0's testpmd p inserts `tx_vlan set 0 <tags>`; the frames of one
    tx_first burst (32) as the wire has them: one burst, not a flood the
    sniffer would have to keep up with."""
    p.cmd('stop')
    p.cmd('port stop 0')
    p.cmd('tx_vlan set 0 ' + tags)
    p.cmd('port start 0')
    with Sniffer(b.tap, from_mac(b.model.vf_mac(0))) as sn:
        p.cmd('start tx_first 1')
        got = sn.wait(32, timeout=10)
        p.cmd('stop')
    return got


@test()
def vlan_strip_and_insert():
    """VLAN strip on VF0: a frame tagged 10 arrives untagged with the tag in
    the mbuf; tx_vlan set: frames VF0 sends carry tag 20 on the wire."""
    sc = _scapy()
    with Bench(vfs=1) as b:
        p = b.vf([0], args=['--forward-mode=rxonly', '--enable-hw-vlan-strip'])
        p.cmd('set promisc all off')
        p.cmd('set verbose 1')
        p.cmd('start')
        f = l2(b) / sc.Dot1Q(vlan=10) / sc.IP() / sc.UDP() / sc.Raw(bytes(100))
        p.clear_stats()
        mark = p.mark()
        send(b.tap, [f])
        p.wait_rx(0, 1)
        out = wait_for(lambda: 'VLAN tci=0xa' in p.since(mark) and p.since(mark), 5,
                       what='VF0 dump with the stripped tag')
        expect('RX_VLAN_STRIPPED' in out, 'stripped flag in ol_flags:\n' + out)
        expect('length=%d' % (len(f) - 4) in out, 'frame 4 bytes shorter:\n' + out)

        got = tx_burst_tagged(b, p, '20')
        tagged = [q for q in got if q.haslayer(sc.Dot1Q) and q[sc.Dot1Q].vlan == 20]
        expect_eq(len(tagged), 32, 'frames from VF0 tagged 20 on the wire (of %d)'
                  % len(got))


@test()
def qinq_strip_and_insert():
    """testpmd --enable-hw-vlan (VLAN strip, filter, extend and QinQ strip)
    configures VF0; with VLAN 100 in its filter, a frame S-tagged 100
    (0x88a8) outside customer tag 10 arrives with both tags stripped and
    reported (the filter matched the outer tag), the rx burst is the scalar
    one; a frame S-tagged 101 is filtered. `tx_vlan set 0 20 30`:
    frames VF0 sends carry S-tag 30 outside 802.1Q tag 20 on the wire."""
    sc = _scapy()
    with Bench(vfs=1) as b:
        p = b.vf([0], args=['--forward-mode=rxonly', '--enable-hw-vlan'])
        expect('Fail to configure port' not in p.output,
               'VF0 with --enable-hw-vlan:\n' + p.output[-600:])
        p.cmd('set promisc all off')
        p.cmd('set verbose 1')
        p.cmd('rx_vlan add 100 0')
        p.cmd('start')
        mode = re.search(r'Burst mode: (.*)', p.cmd('show rxq info 0 0'))
        expect(mode is not None and mode.group(1).strip() == 'Scalar',
               'rx burst mode with qinq_strip: %r' % (mode and mode.group(1)))

        def qinq(outer):
            return (l2(b) / sc.Dot1AD(vlan=outer) / sc.Dot1Q(vlan=10) /
                    sc.IP() / sc.UDP() / sc.Raw(bytes(100)))
        f = qinq(100)
        p.clear_stats()
        mark = p.mark()
        send(b.tap, [f, qinq(101)])
        p.wait_rx(0, 1)
        out = wait_for(lambda: 'QinQ VLAN tci=0xa, VLAN tci outer=0x64' in p.since(mark)
                       and p.since(mark), 5, what='VF0 dump with both stripped tags')
        expect('RX_QINQ_STRIPPED' in out, 'QinQ stripped flag in ol_flags:\n' + out)
        expect('length=%d' % (len(f) - 8) in out, 'frame 8 bytes shorter:\n' + out)
        expect_eq(p.port_stats(0)['RX-packets'], 1, 'VF0 RX-packets (S-tag 101 filtered)')

        got = tx_burst_tagged(b, p, '20 30')
        ok = [q for q in got if q['Ether'].type == 0x88a8 and q.haslayer(sc.Dot1AD) and
              q[sc.Dot1AD].vlan == 30 and q.haslayer(sc.Dot1Q) and
              q[sc.Dot1Q].vlan == 20]
        expect_eq(len(ok), 32, 'frames from VF0 S-tagged 30 outside tag 20 on the wire '
                  '(of %d, first %r)' % (len(got), got and bytes(got[0])[:22].hex()))


@test()
def rss_reta_update():
    """VF0 with 4 queues: a redirection table pointing every entry at queue
    3 (set through the PF over the mailbox) puts every frame on queue 3."""
    sc = _scapy()
    n = 32
    with Bench(vfs=1) as b:
        p = b.vf([0], args=['--forward-mode=rxonly', '--rxq=4', '--txq=4'])
        p.cmd('set promisc all off')
        p.cmd('port stop 0')
        for first in range(0, 128, 8):      # testpmd takes 128-char lists
            reta = ','.join('(%d,3)' % i for i in range(first, first + 8))
            out = p.cmd('port config 0 rss reta %s' % reta)
            expect(not re.search(r'rror|failed|Bad arg', out), 'reta update:\n' + out)
        p.cmd('port start 0')
        p.cmd('start')
        frames = [l2(b) / sc.IP(src='10.0.%d.1' % i, dst='10.1.0.%d' % i) /
                  sc.UDP(sport=1000 + i, dport=2000 + i) / sc.Raw(bytes(64))
                  for i in range(n)]
        p.clear_stats()
        send(b.tap, frames)
        p.wait_rx(0, n)
        xs = p.xstats(0)
        expect_eq(xs.get('rx_q3_packets'), n, 'frames on queue 3 (%r)' %
                  {q: xs.get('rx_q%d_packets' % q) for q in range(4)})


# The driver's default RSS key, Microsoft's verification key
MS_RSS_KEY = bytes.fromhex('6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b4'
                           '77cb2da38030f20c6a42b73bbeac01fa')
_RSS_HASH = re.compile(r'length=(\d+) .*? - RSS hash=0x([0-9a-f]+)')


def toeplitz(data, key=MS_RSS_KEY):
    """The Microsoft RSS hash of data (bytes)."""
    k, klen, h = int.from_bytes(key, 'big'), 8 * len(key), 0
    for i in range(8 * len(data)):
        if data[i // 8] & 0x80 >> i % 8:
            h ^= k >> (klen - 32 - i) & 0xffffffff
    return h


def ipv6_hash(src, dst):
    """The hash of IPv6 addresses src, dst (strings)."""
    return toeplitz(socket.inet_pton(socket.AF_INET6, src) +
                    socket.inet_pton(socket.AF_INET6, dst))


@test()
def rss_ipv6_ex():
    """VF0 with 4 queues and testpmd's default RSS types (RTE_ETH_RSS_IP,
    IPv6 extension headers included): frames of a mobile node and its
    correspondent hash over the Home Address option's and the type 2
    routing header's addresses; with the IPv6 types alone, over the IPv6
    header's."""
    sc = _scapy()
    coa, cn = '2001:db8:c::c', '2001:db8:d::d'
    home, peer = '3ffe:2501:200:1fff::7', '3ffe:2501:200:3::1'
    with Bench(vfs=1) as b:
        p = b.vf([0], args=['--forward-mode=rxonly', '--rxq=4', '--txq=4'])
        p.cmd('set promisc all off')
        p.cmd('set verbose 1')
        info = p.cmd('show port info 0')
        expect('ipv6-ex' in info, 'ipv6-ex not among the RSS types:\n' + info)
        hf = p.cmd('show port 0 rss-hash')
        expect('ipv6-ex' in hf, 'ipv6-ex not configured:\n' + hf)
        p.cmd('start')
        udp = sc.UDP(sport=2794, dport=1766) / sc.Raw(bytes(32))
        frames = frames_by_length([
            l2(b) / sc.IPv6(src=coa, dst=cn) /
            sc.IPv6ExtHdrRouting(type=2, addresses=[peer]) /
            sc.IPv6ExtHdrDestOpt(options=[sc.HAO(hoa=home)]) / udp,
            l2(b) / sc.IPv6(src=coa, dst=cn) /
            sc.IPv6ExtHdrDestOpt(options=[sc.HAO(hoa=home)]) / udp,
            l2(b) / sc.IPv6(src=coa, dst=cn) /
            sc.IPv6ExtHdrRouting(type=2, addresses=[peer]) / udp,
            l2(b) / sc.IPv6(src=coa, dst=cn) / sc.IPv6ExtHdrHopByHop() / udp,
        ])
        want = [ipv6_hash(home, peer), ipv6_hash(home, cn), ipv6_hash(coa, peer),
                ipv6_hash(coa, cn)]
        expect(len(set(want)) == len(want), 'test addresses hash alike: %r' % want)

        def hashes():
            p.clear_stats()
            mark = p.mark()
            send(b.tap, [f for _, f in frames])
            p.wait_rx(0, len(frames))

            def dumped():
                d = {int(n): int(h, 16) for n, h in _RSS_HASH.findall(p.since(mark))}
                return d if len(d) >= len(frames) else None
            d = wait_for(dumped, 10, what='%d frames dumped with a hash' % len(frames))
            return [d.get(n) for n, _ in frames]
        got = hashes()
        for (n, f), g, w in zip(frames, got, want):
            expect_eq(g, w, 'RSS hash of %s (%d bytes)' % (f.summary(), n))
        p.cmd('stop')
        p.cmd('port config all rss ipv6')
        p.cmd('start')
        got = hashes()
        for (n, f), g in zip(frames, got):
            expect_eq(g, want[-1], 'RSS hash of %s without ipv6-ex' % f.summary())

if __name__ == '__main__':
    sys.exit(main())
