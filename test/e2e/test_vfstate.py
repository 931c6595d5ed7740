#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""A VF's device state saved and restored through its PF (card revision
1.6, datasheet 17): pf_admin suspends a VF, saves its state record,
restores it and resumes the VF while the VF's testpmd forwards a stream,
which carries on without a reset or a restart; bad records are refused and
leave the VF running; a VF without a driver goes through the same."""

import contextlib
import errno
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from admin import PfAdmin  # noqa: E402
from sriovnic import (Bench, WaitTimeout, expect, expect_eq, main,  # noqa: E402
                      rx_count, test, wait_for)
from wire import RATE, Stream, Tap  # noqa: E402

RECORD_LEN = 2408       # datasheet 17.2, version 1
MOVES = 10              # state moves during the stream


@contextlib.contextmanager
def forwarding_vf0(vfs):
    """A model with vfs VFs, pf_admin on the PF and a testpmd on VF0
    forwarding with macswap: (bench, pf_admin, VF0's testpmd, VF0's MAC)."""
    with Bench(vfs=vfs, start_pf=False) as b:
        pf = PfAdmin(b.model)
        try:
            vf = b.vf([0], args=['--forward-mode=macswap'])
            vf.cmd('start')
            yield b, pf, vf, b.model.vf_mac(0)
        finally:
            pf.stop()


def vf_stat(pf, vf, name):
    return int(re.search(name + r'=(\d+)', pf.ok('stats %d' % vf)).group(1))


def err(pf, text, code):
    status, value = pf.cmd(text)
    expect(status == 'err' and value == os.strerror(code),
           '%s: %s %s, expected err %s' % (text, status, value, os.strerror(code)))
    return pf.child.before


@test()
def move_under_traffic():
    """VF0's testpmd (macswap) forwards a numbered stream from the wire
    (RATE frames a second); meanwhile the PF moves VF0's state MOVES times:
    it suspends VF0, saves its state, restores the record (the card side of
    VF0 replaced by it) and resumes VF0. The stream goes on to its end, the
    VF's testpmd reports no event and no restart, its counters continue
    from where they were, and frames are lost only by the card's drops
    while VF0 was suspended. Prints the pauses and the loss."""
    with forwarding_vf0(1) as (b, pf, vf, vmac):
        expect_eq(rx_count(b, vf, 0, vmac, n=16), 16, 'VF0 forwards before the moves')
        before = vf.port_stats(0)
        missed0 = vf_stat(pf, 0, 'rx_missed')
        mark = vf.mark()
        back = Tap(b.tap, vmac)
        with back.sn:
            stream = Stream(b.tap, vmac, b.tap_mac).start()
            time.sleep(0.5)
            t0 = time.monotonic()
            pauses = []
            for _ in range(MOVES):
                pauses.append(int(pf.ok('move 0')))
                time.sleep(0.1)
            t1 = time.monotonic()
            time.sleep(0.5)
            stream.stop()
            sent = len(stream.sent)
            time.sleep(0.1)
            missed = vf_stat(pf, 0, 'rx_missed') - missed0
            try:
                wait_for(lambda: len(back.seen) >= sent - missed, 5,
                         what='the stream back')
            except WaitTimeout:
                pass        # the checks below say what is missing
            time.sleep(0.3)
        seqs = back.seqs()
        lost = stream.lost(seqs, 0, time.monotonic())
        gaps = [b2 - a2 for (a2, _), (b2, _) in zip(back.seen, back.seen[1:])]
        pauses.sort()
        print('    %d moves under %d frames/s: pause (suspend to resume) min %d us, '
              'median %d us, max %d us; %d of %d frames lost (the card dropped %d '
              'for VF0), longest gap in the stream %.1f ms' % (
                  MOVES, RATE, pauses[0], pauses[len(pauses) // 2], pauses[-1],
                  len(lost), sent, missed, 1000 * max(gaps)), flush=True)
        expect(seqs and max(seqs) == sent - 1 and back.count_since(t1) > 0,
               'the stream went on after the moves')
        expect(len(lost) <= missed,
               'lost %d frames, more than the card dropped (%d): %s'
               % (len(lost), missed, lost[:20]))
        expect(stream.lost(seqs, t0, t1) == lost,
               'frames lost outside the moves: %s' % lost[:20])
        # a restore that lost the counters would make them go back
        after = vf.port_stats(0)
        rx = after['RX-packets'] - before['RX-packets']
        tx = after['TX-packets'] - before['TX-packets']
        expect_eq(rx, sent - missed, 'VF0 RX-packets continue')
        expect_eq(tx, len(seqs), 'VF0 TX-packets continue')
        out = vf.since(mark)
        expect(not re.search(r'event|[Rr]eset|Stopping ports|Configuring Port', out),
               "VF0's testpmd saw an event or a restart:\n" + out)
        expect_eq(rx_count(b, vf, 0, vmac, n=16), 16, 'VF0 forwards after the moves')


@test()
def bad_records_and_driverless_vf():
    """A save of a running VF, a corrupted record, a record into a running
    VF and a VF that does not exist are refused with a clear error and
    leave VF0 forwarding; VF1, which no driver holds, is suspended, saved,
    restored and resumed, and then a testpmd on it receives."""
    with forwarding_vf0(2) as (b, pf, vf, vmac):
        err(pf, 'save 0', errno.EBUSY)
        pf.ok('suspend 0')
        pf.ok('suspend 0')
        expect_eq(int(pf.ok('save 0')), RECORD_LEN, 'record length')
        why = err(pf, 'restore 0 corrupt', errno.EINVAL)
        expect('state record corrupt' in why, 'the refusal says why:\n' + why)
        pf.ok('resume 0')
        err(pf, 'restore 0', errno.EBUSY)
        err(pf, 'suspend 7', errno.ENODEV)
        expect_eq(rx_count(b, vf, 0, vmac, n=16), 16, 'VF0 forwards after the refusals')

        pf.ok('suspend 1')
        expect_eq(int(pf.ok('save 1')), RECORD_LEN, 'record of a driverless VF')
        pf.ok('restore 1')
        pf.ok('resume 1')
        vf1 = b.vf([1], args=['--forward-mode=rxonly'])
        vf1.cmd('start')
        expect_eq(rx_count(b, vf1, 0, b.model.vf_mac(1), n=16), 16,
                  'VF1 receives after its state went round')


if __name__ == '__main__':
    sys.exit(main())
