#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Data path through the card, observed from outside: frames injected on the
wire (a TAP) with scapy, counted and dumped by testpmd, sniffed back."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (HUGE, HUGE_DIR, Bench, Sniffer, expect, expect_eq, from_mac, main,  # noqa: E402
                      parse_dumps, payload, random_net, raw_frames, run, same_mac,
                      send, test, udp_frames)

N = 32
SIZE = 128


def rx_pmd(b, vfs, args=(), verbose=False):
    """A VF testpmd in rxonly mode, not promiscuous, forwarding."""
    p = b.vf(vfs, args=['--forward-mode=rxonly'] + list(args))
    p.cmd('set promisc all off')
    if verbose:
        p.cmd('set verbose 1')
    p.cmd('start')
    return p


def check_sent_back(sent, got, src, dst):
    """Every frame of `sent` came back once, from src to dst, L3 and up
    unchanged."""
    want = {payload(f)[0]: payload(f)[1] for f in sent}
    seen = {}
    for p in got:
        expect(same_mac(p.src, src) and same_mac(p.dst, dst),
               'frame %s -> %s, want %s -> %s' % (p.src, p.dst, src, dst))
        seq, body = payload(p)
        expect(seq in want, 'unknown frame came back: %r' % bytes(p)[:64])
        expect(seq not in seen, 'frame seq %d came back twice' % seq)
        expect(body == want[seq], 'frame seq %d came back altered' % seq)
        seen[seq] = True
    expect_eq(len(seen), len(want), 'frames back intact')


@test()
def wire_to_vf():
    """scapy -> VF0's MAC: VF0 counts exactly N frames and N*size bytes, and
    the frames it dumps carry the addresses sent."""
    with Bench() as b:
        vf0 = b.model.vf_mac(0)
        p = rx_pmd(b, [0], verbose=True)
        p.clear_stats()
        mark = p.mark()
        send(b.tap, udp_frames(vf0, b.tap_mac, N, size=SIZE))
        st = p.wait_rx(0, N)
        expect_eq(st['RX-packets'], N, 'VF0 RX-packets')
        expect_eq(st['RX-bytes'], N * SIZE, 'VF0 RX-bytes')
        expect_eq(st['RX-errors'], 0, 'VF0 RX-errors')
        expect_eq(st['RX-missed'], 0, 'VF0 RX-missed')
        dumps = [d for d in parse_dumps(p.since(mark)) if d['dir'] == 'received']
        expect_eq(len(dumps), N, 'frames dumped by testpmd')
        for d in dumps:
            expect(same_mac(d['src'], b.tap_mac) and same_mac(d['dst'], vf0)
                   and d['type'] == 0x0800 and d['length'] == SIZE,
                   'received frame fields: %r' % d)
    c = b.model.counters()
    expect_eq(c['vf0']['rx_pkts'], N, 'model: VF0 rx_pkts')
    expect_eq(c['vf0']['rx_bytes'], N * SIZE, 'model: VF0 rx_bytes')


@test()
def vf_to_wire():
    """VF0 sends to the wire: (a) testpmd mac forwarding sends back exactly
    the N frames injected, from VF0's MAC, payload intact; (b) `start
    tx_first` sends exactly 2 bursts of testpmd's own UDP frames."""
    with Bench() as b:
        vf0 = b.model.vf_mac(0)
        p = b.vf([0], args=['--forward-mode=mac', '--eth-peer=0,%s' % b.tap_mac])
        p.cmd('set promisc all off')
        p.cmd('start')
        p.clear_stats()
        sent = udp_frames(vf0, b.tap_mac, N, size=SIZE)
        with Sniffer(b.tap, from_mac(vf0)) as sn:
            send(b.tap, sent)
            got = sn.wait(N)
        check_sent_back(sent, got, vf0, b.tap_mac)
        st = p.port_stats(0)
        expect_eq(st['TX-packets'], N, 'VF0 TX-packets')
        expect_eq(st['TX-bytes'], N * SIZE, 'VF0 TX-bytes')
        expect_eq(st['TX-errors'], 0, 'VF0 TX-errors')

        p.cmd('stop')
        p.cmd('set fwd rxonly')
        p.cmd('set burst 16')
        p.clear_stats()
        with Sniffer(b.tap, from_mac(vf0)) as sn:
            p.cmd('start tx_first 2')
            got = sn.wait(32)
        expect_eq(len(got), 32, 'tx_first frames on the wire')
        for f in got:
            expect(same_mac(f.dst, b.tap_mac), 'tx_first dst %s' % f.dst)
            expect(f.haslayer('IP') and f['IP'].src == '198.18.0.1'
                   and f['IP'].dst == '198.18.0.2' and f.haslayer('UDP'),
                   'tx_first frame: %r' % f)
        st = p.port_stats(0)
        expect_eq(st['TX-packets'], 32, 'VF0 TX-packets after tx_first')


@test()
def memory_layouts():
    """The card reaches a VF's memory in each of EAL's layouts: VF0's
    testpmd with --single-file-segments (one file per segment list), VF1's
    with --in-memory (no files: memfds), the PF's a file per page; each VF
    mac-forwards N frames back to the wire intact. On hugepages the files
    are checked to be what the layout says; --no-huge memory is one memfd
    in any layout and refuses --in-memory."""
    layouts = {0: '--single-file-segments', 1: '--in-memory'} if HUGE else \
        {0: '--single-file-segments'}
    with Bench() as b:
        pmds = {}
        for v, opt in layouts.items():
            pmds[v] = b.vf([v], eal=[opt], main_lcore=v,
                           args=['--forward-mode=mac', '--eth-peer=0,%s' % b.tap_mac])
            pmds[v].cmd('set promisc all off')
            pmds[v].cmd('start')
        if HUGE:
            def files(p):
                return [f for f in os.listdir(HUGE_DIR) if f.startswith(p.prefix + 'map_')]
            pf_files, sfs = files(b.pf), files(pmds[0])
            expect(len(pf_files) > 1, 'PF: %d hugepage files, want one per page'
                   % len(pf_files))
            expect(sfs and len(sfs) < len(pf_files) and
                   any(os.path.getsize(os.path.join(HUGE_DIR, f)) > 2 << 20 for f in sfs),
                   'VF0 (--single-file-segments): hugepage files %r' % sfs)
            expect_eq(files(pmds[1]), [], 'VF1 (--in-memory): hugepage files')
        for v in layouts:
            mac = b.model.vf_mac(v)
            sent = udp_frames(mac, b.tap_mac, N, size=SIZE)
            with Sniffer(b.tap, from_mac(mac)) as sn:
                send(b.tap, sent)
                got = sn.wait(N)
            check_sent_back(sent, got, mac, b.tap_mac)


@test()
def vf_to_vf():
    """Two testpmd processes: VF0 mac-forwards what it receives to VF1's MAC;
    the switch delivers it to VF1 (rxonly) and not to the wire."""
    with Bench() as b:
        vf0, vf1 = b.model.vf_mac(0), b.model.vf_mac(1)
        # the two testpmds poll on different lcores
        rx = b.vf([1], args=['--forward-mode=rxonly'], main_lcore=1)
        rx.cmd('set promisc all off')
        rx.cmd('set verbose 1')
        rx.cmd('start')
        fw = b.vf([0], args=['--forward-mode=mac', '--eth-peer=0,%s' % vf1])
        fw.cmd('set promisc all off')
        fw.cmd('start')
        rx.clear_stats()
        fw.clear_stats()
        mark = rx.mark()
        with Sniffer(b.tap, lambda f: same_mac(f.dst, vf1) or same_mac(f.src, vf0)) as sn:
            send(b.tap, udp_frames(vf0, b.tap_mac, N, size=SIZE))
            st = rx.wait_rx(0, N)
            leaked = sn.stop()
        expect_eq(st['RX-packets'], N, 'VF1 RX-packets')
        expect_eq(st['RX-bytes'], N * SIZE, 'VF1 RX-bytes')
        fst = fw.port_stats(0)
        expect_eq(fst['RX-packets'], N, 'VF0 RX-packets')
        expect_eq(fst['TX-packets'], N, 'VF0 TX-packets')
        dumps = [d for d in parse_dumps(rx.since(mark)) if d['dir'] == 'received']
        expect_eq(len(dumps), N, 'frames dumped by VF1 testpmd')
        for d in dumps:
            expect(same_mac(d['src'], vf0) and same_mac(d['dst'], vf1),
                   'VF1 got %s -> %s, want %s -> %s' % (d['src'], d['dst'], vf0, vf1))
        expect_eq(len(leaked), 0, 'VF0->VF1 frames seen on the wire')
    c = b.model.counters()
    expect_eq(c['vf0']['tx_pkts'], N, 'model: VF0 tx_pkts')
    expect_eq(c['vf1']['rx_pkts'], N, 'model: VF1 rx_pkts')
    expect_eq(c['wire']['tx_pkts'], 0, 'model: frames to the wire')


@test()
def broadcast_flood():
    """One broadcast frame (a few, to count) from the wire reaches VF0, VF1
    and the PF."""
    n = 4
    with Bench() as b:
        b.pf.cmd('set promisc all off')
        b.pf.cmd('set fwd rxonly')
        b.pf.cmd('start')
        p = rx_pmd(b, [0, 1])
        p.clear_stats()
        b.pf.clear_stats()
        send(b.tap, raw_frames('ff:ff:ff:ff:ff:ff', b.tap_mac, n))
        st0 = p.wait_rx(0, n)
        st1 = p.wait_rx(1, n, settle=0)
        pst = b.pf.wait_rx(0, n, settle=0)
        expect_eq(st0['RX-packets'], n, 'VF0 RX-packets (broadcast)')
        expect_eq(st1['RX-packets'], n, 'VF1 RX-packets (broadcast)')
        expect_eq(pst['RX-packets'], n, 'PF RX-packets (broadcast)')


@test()
def vf_mac_filter():
    """Frames to VF1's MAC reach VF1 only; frames to an unknown unicast MAC
    reach neither VF (both not promiscuous)."""
    with Bench() as b:
        p = rx_pmd(b, [0, 1])
        p.clear_stats()
        send(b.tap, udp_frames(b.model.vf_mac(1), b.tap_mac, N, size=SIZE))
        send(b.tap, udp_frames('02:00:5e:aa:bb:cc', b.tap_mac, N, size=SIZE))
        st1 = p.wait_rx(1, N, settle=1.0)
        st0 = p.port_stats(0)
        expect_eq(st1['RX-packets'], N, 'VF1 RX-packets (its MAC)')
        expect_eq(st0['RX-packets'], 0, "VF0 RX-packets (VF1's MAC and unknown MAC)")


@test()
def multi_queue_rss():
    """VF0 with 4 rx/tx queues and RSS: frames of varied IPs/ports land on
    more than one queue, all counted (per-queue xstats rx_q<N>_packets)."""
    n = 64
    with Bench() as b:
        p = rx_pmd(b, [0], args=['--rxq=4', '--txq=4', '--nb-cores=1'], verbose=True)
        p.clear_stats()
        mark = p.mark()
        send(b.tap, udp_frames(b.model.vf_mac(0), b.tap_mac, n, size=SIZE, vary=True))
        st = p.wait_rx(0, n)
        expect_eq(st['RX-packets'], n, 'VF0 RX-packets')
        dumped = {}
        for d in parse_dumps(p.since(mark)):
            dumped[d['queue']] = dumped.get(d['queue'], 0) + 1
        xs = p.xstats(0)
        perq = {q: xs.get('rx_q%d_packets' % q) for q in range(4)}
        expect(all(v is not None for v in perq.values()),
               'no per-queue xstats rx_q<N>_packets (testpmd dumps per queue: %r)' % dumped)
        expect_eq(sum(perq.values()), n, 'sum of rx_q<N>_packets %r' % perq)
        used = [q for q, v in perq.items() if v]
        expect(len(used) > 1, 'all frames on one queue: %r (dumps per queue %r)'
               % (perq, dumped))


@test()
def icmp_echo():
    """testpmd icmpecho on VF0 answers the kernel's ARP and ping."""
    with Bench() as b:
        net = random_net()
        run(['ip', 'addr', 'add', '%s.1/24' % net, 'dev', b.tap])
        p = b.vf([0], args=['--forward-mode=icmpecho'])
        p.cmd('start')
        out = run(['ping', '-n', '-c', '3', '-i', '0.3', '-W', '3', '-I', b.tap,
                   '%s.2' % net], check=False, timeout=30)
        expect(' 3 received' in out, 'ping through VF0:\n' + out)
        neigh = run(['ip', 'neigh', 'show', '%s.2' % net, 'dev', b.tap])
        expect(b.model.vf_mac(0) in neigh.lower(),
               'neighbour entry %r is not VF0 (%s)' % (neigh.strip(), b.model.vf_mac(0)))


if __name__ == '__main__':
    sys.exit(main())
