#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Runs the end-to-end tests: every test/e2e/test_*.py (or the ones named,
as FILE or FILE::TEST), each file in its own process with a time bound.
Prints each file's PASS/FAIL lines and ends with `N passed, N failed`.
A test that printed no verdict (its file crashed or was stopped) counts as
failed. Exit status 1 if any failed."""

import glob
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
FILE_TIMEOUT = int(os.environ.get('SRIOVNIC_E2E_FILE_TIMEOUT', '1800'))


def kill_leftovers(pidfile):
    """SIGKILL processes the test file started and did not stop (it records
    their PIDs in pidfile), if still alive and still what was started."""
    try:
        with open(pidfile) as f:
            pids = [int(x) for x in f.read().split()]
    except (OSError, ValueError):
        return
    for pid in pids:
        try:
            with open('/proc/%d/cmdline' % pid, 'rb') as f:
                cmd = f.read()
        except OSError:
            continue
        if any(name in cmd for name in (b'testpmd', b'sriovnic-emu', b'ovs-vswitchd',
                                        b'ovsdb-server')):
            print('run: killing leftover pid %d (%s)' % (pid, cmd.split(b'\0')[0].decode()),
                  flush=True)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def run_file(path, names):
    """Returns (passed, failed)."""
    fd, pidfile = tempfile.mkstemp(prefix='sriovnic-e2e-pids-')
    os.close(fd)
    env = dict(os.environ, SRIOVNIC_PIDFILE=pidfile, PYTHONUNBUFFERED='1')
    print('=== %s' % os.path.relpath(path), flush=True)
    proc = subprocess.Popen([sys.executable, path] + names, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            text=True, errors='replace', env=env)
    tests, verdicts = None, {}
    deadline = time.monotonic() + FILE_TIMEOUT
    timer = None
    try:
        import threading

        def on_timeout():
            print('run: %s exceeded %ds: SIGTERM' % (path, FILE_TIMEOUT), flush=True)
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
        timer = threading.Timer(max(1, deadline - time.monotonic()), on_timeout)
        timer.start()
        for line in proc.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            if line.startswith('TESTS:'):
                tests = line.split()[1:]
            elif line.startswith('PASS ') or line.startswith('FAIL '):
                verdicts[line.split()[1]] = line.startswith('PASS')
        proc.wait()
    finally:
        if timer:
            timer.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        kill_leftovers(pidfile)
        os.unlink(pidfile)
    if tests is None:
        print('FAIL %s: did not run (exit status %s)' % (os.path.basename(path), proc.returncode),
              flush=True)
        return 0, 1
    for t in tests:
        if t not in verdicts:
            verdicts[t] = False
            print('FAIL %s: no verdict (test file exited with %s)' % (t, proc.returncode),
                  flush=True)
    passed = sum(1 for v in verdicts.values() if v)
    return passed, len(verdicts) - passed


def main(argv):
    sel = {}
    for a in argv:
        f, _, t = a.partition('::')
        if not os.path.exists(f):
            f = os.path.join(HERE, os.path.basename(f))
        sel.setdefault(os.path.abspath(f), [])
        if t:
            sel[os.path.abspath(f)].append(t)
    if not sel:
        sel = {f: [] for f in sorted(glob.glob(os.path.join(HERE, 'test_*.py')))}
    if os.geteuid() != 0:
        print('run: the end-to-end tests need root (TAP interfaces)', flush=True)
    passed = failed = 0
    for f, names in sel.items():
        p, fl = run_file(f, names)
        passed += p
        failed += fl
    print('e2e: %d passed, %d failed' % (passed, failed), flush=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
