#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A VNF moved from one card to another under traffic, as an orchestrator
migrates a guest with an assigned VF: cards A and B are two identical hosts
(the same PCI addresses, their own MAC ranges) on one L2 segment; the VNF
(Debian's testpmd on net_failsafe over its VF and an af_packet fallback on
the segment) sees its VF at one address, as a guest does. The VF's identity
is exported from A's PF and applied to the same VF on B (sriovnic-vf-policy
against each PF's testpmd), the VF is removed from A (the VNF carries on
through the fallback), the VNF's address is pointed at B's VF (the guest's
device is now backed by card B), failsafe probes it, and the stream
follows the VNF to card B."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sriovnic import (expect, expect_eq, if_mac, log, main, send, tagged,  # noqa: E402
                      test, udp_frames, wait_for)
from vf_policy_tool import apply, export, need_hugepages  # noqa: E402
from wire import RATE, Cards, Stream, Tap, failsafe_vnf  # noqa: E402

# two hosts of one make: the VF keeps its address, its MAC is the VNF's
CARDS = (('0000:5e:00.0', '02:5e:00:00:01:00'), ('0000:5e:00.0', '02:5f:00:00:01:00'))
VID = 100       # the VF's port VLAN: the stream is tagged on the segment


def move_identity(pf_a, pf_b, addr):
    """VF0's identity exported from card A's PF and applied to VF0 of card
    B's, with the tool against each PF's testpmd; B's record is then A's."""
    rec = export(pf_a, addr, 0)
    rc, err = apply(pf_b, addr, 0, rec)
    expect_eq(rc, 0, 'apply of card A VF0 record to card B VF0: ' + err)
    expect_eq(export(pf_b, addr, 0), rec, 'VF0 record of card B')


def probe_seqs(tap, since):
    return [s for t, s in tap.seen if t >= since and s < 8]


def longest_gap(tap, since, until):
    ts = [t for t, _ in tap.seen if since <= t < until]
    return max((b - a for a, b in zip([since] + ts, ts + [until])), default=until - since)


@test(timeout=180)
def vnf_moves_to_another_card():
    """The stream (tagged VID, as VF0's port VLAN on A wants) comes back
    from the VNF through card A; after the move it comes back through card
    B only, never through A again; fewer than a second's frames lost. B's
    VF0 has the port VLAN: the VNF gets the segment's frames tagged VID,
    not untagged ones. Frames lost, the
    longest gap in the stream coming back (the downtime) and the time from
    the removal on A to the first frame through B are printed."""
    need_hugepages()
    with Cards(CARDS, ageing=10) as c:
        a, b = c.models
        pf_a, pf_b = c.pmds
        vf = a.vf_bdf(0)
        mac = a.vf_mac(0)
        # the administrator's policy for the VNF's VF on card A
        rc, err = apply(pf_a, a.pf, 0, dict(export(pf_a, a.pf, 0), pvid=VID))
        expect_eq(rc, 0, 'port VLAN for VF0 of card A: ' + err)
        fb, fb_peer = c.seg.veth('fb')
        gen, _ = c.seg.veth('gn')
        # the VF is plugged into the VNF after it started (failsafe_vnf)
        a.control('vf-remove 0')
        view = c.view({})
        vnf = failsafe_vnf(lambda eal: c.pmd([vf], view, eal=eal, name='vnf-testpmd',
                                             expect_ports=1), vf, fb, mac)
        via_a, via_b, via_fb, back = (Tap(a.tap, mac), Tap(b.tap, mac), Tap(fb_peer, mac),
                                      Tap(gen, mac))
        taps = (via_a, via_b, via_fb, back)
        for t in taps:
            t.sn.start()
        stream = Stream(gen, mac, if_mac(gen), vid=VID).start()
        try:
            a.control('vf-add 0')
            c.relink(view, vf, a)
            wait_for(lambda: via_a.count_since(0) > RATE // 2, 15, interval=0.1,
                     what='the stream through card A')
            t0 = time.monotonic()
            move_identity(pf_a, pf_b, a.pf)
            a.control('vf-remove 0 orderly')
            wait_for(lambda: via_fb.count_since(t0) > 0, 15, interval=0.05,
                     what='the stream through the fallback once VF0 left card A')
            t_fb = time.monotonic()
            c.relink(view, vf, b)
            wait_for(lambda: via_b.count_since(t0) > RATE // 2, 15, interval=0.1,
                     what='the stream through card B')
            time.sleep(0.5)
            t_end = time.monotonic()
            late = via_fb.count_since(t_end - 0.3) + via_a.count_since(t_fb)
        finally:
            stream.stop()
        time.sleep(0.3)
        # B's VF0 took the port VLAN: frames untagged on card B's wire no
        # longer reach the VNF, tagged ones do; sent and seen on B's TAP,
        # not the segment, where the bridge may flood them to the fallback
        t_probe = time.monotonic()
        send(b.tap, udp_frames(mac, if_mac(gen), 8))
        time.sleep(0.5)
        # numbered 0-7, the stream's last ones far higher
        untagged_back = len(probe_seqs(via_b, t_probe))
        t_probe = time.monotonic()
        send(b.tap, tagged(udp_frames(mac, if_mac(gen), 8), VID))
        wait_for(lambda: len(probe_seqs(via_b, t_probe)) >= 8, 5, interval=0.05,
                 what='tagged frames back from the VNF on card B')
        for t in taps:
            t.sn.stop()
        expect_eq(untagged_back, 0, 'untagged frames back from the VNF on card B')
        expect(vnf.alive(), 'VNF testpmd died')
        expect(late < 3, '%d frames through card A or the fallback after the move' % late)
        lost = stream.lost(back.seqs(), t0, t_end)
        gap = longest_gap(back, t0, t_end)
        fig = ('migration at %d frames/s: %d lost, longest gap %.0f ms, %.0f ms from the '
               'removal on card A to the first frame through card B'
               % (RATE, len(lost), gap * 1000,
                  (via_b.first_sent_after(stream, t0) - t0) * 1000))
        print('    ' + fig)
        log(fig)
        expect(len(lost) < RATE, 'migration lost %d frames' % len(lost))


if __name__ == '__main__':
    main()
