#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""rte_tm through Debian's testpmd: tx queues of a VF shaped by the VF, VF
caps, weights and committed rates set on the PF, refusals. Rates are
measured from the card's TX-bytes over a short window while testpmd's
txonly engine keeps every queue backlogged."""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import Bench, expect, main, test, wait_for  # noqa: E402

FRAME = 1024            # txonly frame length, bytes
WINDOW = 2.0            # measuring window, s
TOL = 0.05              # measured rate within 5 % of the configured
NO_WRED = 4294967295    # RTE_TM_WRED_PROFILE_ID_NONE
ROOT = 100              # any id >= 16 other than 1000 + f
TXONLY = ['--forward-mode=txonly', '--txpkts=%d' % FRAME]


def mbit(rate):
    return rate * 8 / 1e6


def tm_ok(p, text):
    """A tm command that must succeed: testpmd prints errors only."""
    out = p.cmd(text)
    expect(not re.search(r'error|invalid|bad', out, re.I),
           '%s: %r failed:\n%s' % (p.name, text, out))
    return out


def profile(p, port, pid, pir=0, cir=0):
    """Buckets of 40 ms at the rate: the model shares two cores with busy
    testpmds and must not lose tokens while it waits for one."""
    size = max(16384, max(pir, cir) // 25)
    tm_ok(p, 'add port tm node shaper profile %d %d %d %d %d %d 0 0'
          % (port, pid, cir, size if cir else 0, pir, size if pir else 0))


def nonleaf(p, port, node, parent, level, prof=-1, weight=1, ok=True):
    text = ('add port tm nonleaf node %d %d %d 0 %d %d %d 1 3 0'
            % (port, node, parent, weight, level, prof))
    return tm_ok(p, text) if ok else p.cmd(text)


def leaf(p, port, node, parent, level, prof=-1, weight=1, ok=True):
    text = ('add port tm leaf node %d %d %d 0 %d %d %d 0 %d 3 0'
            % (port, node, parent, weight, level, prof, NO_WRED))
    return tm_ok(p, text) if ok else p.cmd(text)


def pf_hierarchy(b, funcs):
    """The PF's tree: root, the PF's own function node, and the function
    node of each VF n with profile funcs[n] (-1: none) and weight."""
    profile_of = dict(funcs)
    nonleaf(b.pf, 0, ROOT, -1, 0)
    nonleaf(b.pf, 0, 1000, ROOT, 1)
    for n, (prof, weight) in sorted(profile_of.items()):
        nonleaf(b.pf, 0, 1001 + n, ROOT, 1, prof, weight)


def tx_rates(p, ports):
    """Bytes/s each port's card sent over WINDOW, from two readings of
    TX-bytes, each timed at the middle of its command."""
    def read():
        t0 = time.monotonic()
        st = p.port_stats_all()
        return (t0 + time.monotonic()) / 2, st
    time.sleep(0.5)     # buckets that started full are spent
    t1, a = read()
    time.sleep(WINDOW)
    t2, z = read()
    return {q: (z[q]['TX-bytes'] - a[q]['TX-bytes']) / (t2 - t1) for q in ports}


def expect_rate(got, want, what, tol=TOL):
    print('    %s: configured %.1f Mbit/s, measured %.2f Mbit/s (%+.1f %%)'
          % (what, mbit(want), mbit(got), 100.0 * (got - want) / want), flush=True)
    expect(abs(got - want) <= tol * want,
           '%s: %.0f bytes/s, want %.0f +- %d %%' % (what, got, want, tol * 100))


def drained(p, port, timeout=5):
    """After `stop`: the frames still in the shaped ring leave the card
    until its TX-packets stops moving; the final stats."""
    last = [-1]

    def still():
        n = p.port_stats(port)['TX-packets']
        done = n == last[0]
        last[0] = n
        return done
    wait_for(still, timeout, interval=0.5, what='port %d drained' % port)
    return p.port_stats(port)


@test(timeout=120)
def vf_leaf_rates():
    """A VF shapes its tx queue to 10 Mbit/s, then at run time to 200
    Mbit/s: the card's TX-bytes rate is within 5 % of each; suspended it
    sends nothing, resumed the rate is back. Shaping holds
    frames back, it never drops them: after stop the ring drains, and the
    wire carried exactly the frames the card took from the ring."""
    with Bench(vfs=1) as b:
        p = b.vf([0], args=TXONLY)
        slow, fast = 1250000, 25000000
        profile(p, 0, 1, pir=slow)
        profile(p, 0, 2, pir=fast)
        nonleaf(p, 0, ROOT, -1, 0)
        leaf(p, 0, 0, ROOT, 1, 1)
        tm_ok(p, 'port tm hierarchy commit 0 no')
        p.cmd('start')
        expect_rate(tx_rates(p, [0])[0], slow, 'VF0 queue 0')
        tm_ok(p, 'set port tm node shaper profile 0 0 2')
        expect_rate(tx_rates(p, [0])[0], fast, 'VF0 queue 0')
        tm_ok(p, 'suspend port tm node 0 0')
        r = tx_rates(p, [0])[0]
        expect(r == 0, 'VF0 queue 0 suspended, still sends %.0f bytes/s' % r)
        tm_ok(p, 'resume port tm node 0 0')
        expect_rate(tx_rates(p, [0])[0], fast, 'VF0 queue 0 resumed')
        tm_ok(p, 'set port tm node shaper profile 0 0 1')
        p.cmd('stop')
        st = drained(p, 0)
        expect(st['TX-errors'] == 0, 'TX-errors %d' % st['TX-errors'])
    c = b.model.counters()
    expect(c['vf0']['tx_pkts'] == st['TX-packets'] == c['wire']['tx_pkts'],
           'frames: card %d, port stats %d, wire %d'
           % (c['vf0']['tx_pkts'], st['TX-packets'], c['wire']['tx_pkts']))
    expect(c['vf0']['tx_drops'] == 0 and c['wire']['tx_drops'] == 0,
           'frames dropped: %r' % c)


@test(timeout=120)
def vf_cap():
    """The PF caps VF0 at 20 Mbit/s: VF0 sends at that rate, its port sees
    the cap, the PF's node stats count its frames, and the VF's request
    for a queue above its cap is refused with the cap in the message."""
    with Bench(vfs=1) as b:
        cap = 2500000
        profile(b.pf, 0, 1, pir=cap)
        pf_hierarchy(b, {0: (1, 1)})
        tm_ok(b.pf, 'port tm hierarchy commit 0 no')
        p = b.vf([0], args=TXONLY)
        out = tm_ok(p, 'show port tm cap 0')
        expect(re.search(r'cap.shaper_private_rate_max %d\b' % cap, out),
               'VF does not see its cap:\n%s' % out)
        profile(p, 0, 1, pir=2 * cap)
        nonleaf(p, 0, ROOT, -1, 0)
        leaf(p, 0, 0, ROOT, 1, 1)
        out = p.cmd('port tm hierarchy commit 0 no')
        expect("above the VF's cap of %d" % cap in out,
               'VF queue above its cap not refused clearly:\n%s' % out)
        p.cmd('start')
        b.pf.cmd('show port tm node stats 0 1001 1')
        expect_rate(tx_rates(p, [0])[0], cap, 'VF0 under its cap')
        out = tm_ok(b.pf, 'show port tm node stats 0 1001 0')
        m = re.search(r'Bytes scheduled from node: (\d+)', out)
        expect(m and int(m.group(1)) >= cap * WINDOW * (1 - TOL),
               'PF node stats of VF0: %s' % out)


@test(timeout=120)
def vf_weights_and_cir():
    """Under contention for a 40 Mbit/s port, VF0 and VF1 with weights 1
    and 3 share it 1:3; then, changed at run time to equal weights and a
    committed 28 Mbit/s for VF0, VF0 gets at least its committed rate."""
    with Bench(vfs=2) as b:
        port, cir = 5000000, 3500000
        profile(b.pf, 0, 1, pir=port)
        profile(b.pf, 0, 2, cir=cir)
        nonleaf(b.pf, 0, ROOT, -1, 0, 1)
        nonleaf(b.pf, 0, 1000, ROOT, 1)
        for n, w in ((0, 1), (1, 3)):
            nonleaf(b.pf, 0, 1001 + n, ROOT, 1, -1, w)
        tm_ok(b.pf, 'port tm hierarchy commit 0 no')
        p = b.vf([0, 1], args=TXONLY)
        p.cmd('start')
        r = tx_rates(p, [0, 1])
        expect_rate(r[0] + r[1], port, 'VF0 + VF1 (port)')
        expect_rate(r[1] / 3, r[0], 'VF1 / 3 against VF0', tol=0.1)
        tm_ok(b.pf, 'set port tm node parent 0 1002 %d 0 1' % ROOT)
        tm_ok(b.pf, 'set port tm node shaper profile 0 1001 2')
        r = tx_rates(p, [0, 1])
        print('    VF0 %.2f Mbit/s (committed %.1f), VF1 %.2f Mbit/s'
              % (mbit(r[0]), mbit(cir), mbit(r[1])), flush=True)
        expect(r[0] >= cir * (1 - TOL), 'VF0 below its committed rate')
        expect_rate(r[0] + r[1], port, 'VF0 + VF1 (port)')


@test(timeout=120)
def invalid_hierarchy():
    """Committed rates of the function nodes above the root's peak rate:
    the PF refuses the commit naming the root, and nothing changed (VF0
    still sends far above that peak rate); a node of a function that does
    not exist and a leaf under the wrong parent are refused at once."""
    with Bench(vfs=1) as b:
        peak = 1000000
        profile(b.pf, 0, 1, pir=peak)
        profile(b.pf, 0, 2, cir=2 * peak)
        nonleaf(b.pf, 0, ROOT, -1, 0, 1)
        out = nonleaf(b.pf, 0, 1005, ROOT, 1, ok=False)
        expect('does not exist' in out, 'function node of VF 4 accepted: %s' % out)
        out = leaf(b.pf, 0, 0, ROOT, 2, ok=False)
        expect('parent must be node 1000' in out, 'leaf under the root accepted: %s' % out)
        nonleaf(b.pf, 0, 1000, ROOT, 1)
        nonleaf(b.pf, 0, 1001, ROOT, 1, 2)
        out = b.pf.cmd('port tm hierarchy commit 0 no')
        expect('node %d: its children' % ROOT in out,
               'invalid hierarchy not refused naming the root:\n%s' % out)
        p = b.vf([0], args=TXONLY)
        p.cmd('start')
        r = tx_rates(p, [0])[0]
        print('    VF0 after the refused commit: %.2f Mbit/s' % mbit(r), flush=True)
        expect(r > 3 * peak, 'VF0 at %.0f bytes/s: the refused root shaper applied' % r)


@test(timeout=150)
def shaping_survives_pf_reset():
    """VF0 capped at 20 Mbit/s by the PF shapes its queue to 10 Mbit/s;
    after a PF port reset the VF recovers by itself, its queue is shaped
    to 10 Mbit/s again and its cap still refuses 40 Mbit/s."""
    with Bench(vfs=1) as b:
        cap, rate = 2500000, 1250000
        profile(b.pf, 0, 1, pir=cap)
        pf_hierarchy(b, {0: (1, 1)})
        tm_ok(b.pf, 'port tm hierarchy commit 0 no')
        p = b.vf([0], args=TXONLY)
        profile(p, 0, 1, pir=rate)
        profile(p, 0, 2, pir=2 * cap)
        nonleaf(p, 0, ROOT, -1, 0)
        leaf(p, 0, 0, ROOT, 1, 1)
        tm_ok(p, 'port tm hierarchy commit 0 no')
        p.cmd('start')
        expect_rate(tx_rates(p, [0])[0], rate, 'VF0 queue 0 before the PF reset')
        mark = p.mark()
        for c in ('port stop 0', 'port reset 0', 'port start 0'):
            tm_ok(b.pf, c)
        wait_for(lambda: 'VF settings restored' in p.since(mark), 15, interval=0.3,
                 what='VF0 recovering after the PF reset')
        expect_rate(tx_rates(p, [0])[0], rate, 'VF0 queue 0 after the PF reset')
        out = p.cmd('set port tm node shaper profile 0 0 2')
        expect("above the VF's cap of %d" % cap in out,
               'the cap is gone after the PF reset:\n%s' % out)


@test()
def delete_after_commit():
    """Once committed, the hierarchy keeps its nodes: deleting one (VF0's
    function node on the PF, the queue's leaf on the VF, their ports
    stopped) is refused as already committed, and the node is still
    there."""
    with Bench(vfs=1) as b:
        profile(b.pf, 0, 1, pir=2500000)
        pf_hierarchy(b, {0: (1, 1)})
        tm_ok(b.pf, 'port tm hierarchy commit 0 no')
        p = b.vf([0])
        nonleaf(p, 0, ROOT, -1, 0)
        leaf(p, 0, 0, ROOT, 1)
        tm_ok(p, 'port tm hierarchy commit 0 no')
        for pmd, node in ((b.pf, 1001), (p, 0)):
            pmd.cmd('port stop 0')      # testpmd deletes only then
            out = pmd.cmd('del port tm node 0 %d' % node)
            expect('node %d: hierarchy already committed' % node in out,
                   '%s: deleting committed node %d not refused:\n%s' % (pmd.name, node, out))
            tm_ok(pmd, 'show port tm node type 0 %d' % node)


@test(timeout=150)
def vf_reset_to_defaults():
    """A VF shapes its queue to 10 Mbit/s; `port stop; port reset; port
    start` brings its shaping back to the defaults (the queue sends far
    above 10 Mbit/s), and the same commands shape it again."""
    with Bench(vfs=1) as b:
        rate = 1250000
        p = b.vf([0], args=TXONLY)

        def shape():
            profile(p, 0, 1, pir=rate)
            nonleaf(p, 0, ROOT, -1, 0)
            leaf(p, 0, 0, ROOT, 1, 1)
            tm_ok(p, 'port tm hierarchy commit 0 no')
        shape()
        p.cmd('start')
        expect_rate(tx_rates(p, [0])[0], rate, 'VF0 queue 0 before the reset')
        p.cmd('stop')
        for c in ('port stop 0', 'port reset 0', 'port start 0'):
            tm_ok(p, c)
        p.cmd('start')
        r = tx_rates(p, [0])[0]
        print('    VF0 after the reset: %.2f Mbit/s' % mbit(r), flush=True)
        expect(r > 3 * rate, 'VF0 at %.0f bytes/s after the reset: still shaped' % r)
        p.cmd('stop')
        shape()
        p.cmd('start')
        expect_rate(tx_rates(p, [0])[0], rate, 'VF0 queue 0 shaped again')


if __name__ == '__main__':
    sys.exit(main())
