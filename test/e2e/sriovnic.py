# SPDX-License-Identifier: BSD-3-Clause
"""End-to-end test framework for sriovnic.

Model    -- the device model sriovnic-emu: a PF and its VFs under a private
            sysfs directory, its wire a TAP interface.
TestPmd  -- Debian's dpdk-testpmd, interactive, driven through pexpect.
Bench    -- a model plus the PF testpmd that VFs need, plus any VF testpmds,
            all stopped in the right order.
scapy helpers -- frames, send on the TAP, sniff with a bound.
test / main -- a tiny test registry and runner: one PASS/FAIL line per test.

Every wait is bounded and every process is stopped by the PID this module
started, also when a test fails. Run with /usr/bin/python3 (Debian's, which
has python3-scapy and python3-pexpect).
"""

import atexit
import glob
import itertools
import json
import os
import random
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback

import pexpect

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BUILD = os.path.abspath(os.path.join(TOP, os.environ.get('SRIOVNIC_BUILD', 'build')))
BUILT_PLUGIN = os.path.join(BUILD, 'drivers', 'net', 'sriovnic', 'librte_net_sriovnic.so')
MODEL = os.path.join(BUILD, 'app', 'sriovnic-emu', 'sriovnic-emu')
TESTPMD = shutil.which('dpdk-testpmd') or '/usr/bin/dpdk-testpmd'

PF_BDF = '0000:5e:00.0'
PF_MAC = '02:5e:00:00:01:00'
PF_DRIVER = 'net_sriovnic'
VF_DRIVER = 'net_sriovnic_vf'
DPDK_RUN = '/var/run/dpdk'
# the project's hugetlbfs (devtools/hugepages.sh reserve)
HUGE_DIR = os.environ.get('SRIOVNIC_HUGE_DIR', '/run/sriovnic-huge')

VERBOSE = bool(os.environ.get('SRIOVNIC_E2E_VERBOSE'))

_seq = itertools.count()


class Error(Exception):
    """A test expectation or a harness step failed."""


class WaitTimeout(Error):
    """wait_for() gave up."""


def log(msg):
    if VERBOSE:
        sys.stderr.write('    [%s] %s\n' % (time.strftime('%H:%M:%S'), msg))
        sys.stderr.flush()


def unique(tag):
    return '%s%d-%d' % (tag, os.getpid(), next(_seq))


def vf_bdf(n, pf=PF_BDF):
    """VF n sits at PF devfn + 1 + n."""
    dom, bus, devfn = pf.split(':')
    dev, fn = devfn.split('.')
    d = (int(dev, 16) << 3 | int(fn, 16)) + 1 + n
    return '%s:%s:%02x.%x' % (dom, bus, d >> 3, d & 7)


def vf_mac(n, pf_mac=PF_MAC):
    """The PF driver gives VF n the PF MAC with last byte + 1 + n."""
    b = pf_mac.split(':')
    b[-1] = '%02x' % ((int(b[-1], 16) + 1 + n) & 0xff)
    return ':'.join(b)


def same_mac(a, b):
    return a is not None and b is not None and a.lower() == b.lower()


def wait_for(pred, timeout, interval=0.1, what='condition'):
    """Poll pred() until it returns a true value; return it, or raise."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() >= deadline:
            raise WaitTimeout('timed out after %.0fs waiting for %s' % (timeout, what))
        time.sleep(interval)


def run(cmd, check=True, timeout=30):
    log('$ ' + ' '.join(cmd))
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise Error('%s failed (%d): %s' % (' '.join(cmd), p.returncode, p.stdout.strip()))
    return p.stdout


def telemetry(pmd, cmd):
    """cmd's answer from pmd's telemetry socket: the JSON value under the
    command's name (None for null)."""
    path = os.path.join(DPDK_RUN, pmd.prefix, 'dpdk_telemetry.v2')
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as s:
        s.settimeout(10)
        s.connect(path)
        hello = json.loads(s.recv(1024).decode())
        s.send(cmd.encode())
        reply = json.loads(s.recv(hello['max_output_len']).decode())
    key = cmd.split(',', 1)[0]
    if key not in reply:
        raise Error('telemetry %r answered %r' % (cmd, reply))
    return reply[key]


def tail(text, n=40, indent='      | '):
    lines = text.rstrip('\n').split('\n')[-n:]
    return '\n'.join(indent + l for l in lines)


def hugetlbfs_mounted(path):
    try:
        with open('/proc/mounts') as f:
            return any(l.split()[1:3] == [path, 'hugetlbfs'] for l in f)
    except OSError:
        return False


def _huge_mode():
    """Hugepages when the project's hugetlbfs is mounted; SRIOVNIC_HUGE=0
    forces --no-huge, SRIOVNIC_HUGE=1 hugepages (an error without them)."""
    want = os.environ.get('SRIOVNIC_HUGE', '')
    have = hugetlbfs_mounted(HUGE_DIR)
    if want == '1' and not have:
        sys.exit('SRIOVNIC_HUGE=1 but no hugetlbfs on %s (devtools/hugepages.sh reserve)'
                 % HUGE_DIR)
    return have and want != '0'


HUGE = _huge_mode()


def eal_mem(mb):
    """EAL's memory options for `mb` MB: on the project's 2 MB pages, which
    a process may grow beyond mb as it needs, or in 4 KB pages (--no-huge,
    fixed at mb)."""
    if HUGE:
        return ['--huge-dir', HUGE_DIR, '-m', str(mb)]
    return ['--no-huge', '-m', str(mb)]


def eal_loads_from(path):
    """EAL loads a plugin (-d) only if neither it nor a directory above it
    is world-writable."""
    p = os.path.realpath(path)
    while True:
        if os.stat(p).st_mode & stat.S_IWOTH:
            return False
        if p == '/':
            return True
        p = os.path.dirname(p)


STAGE_DIR = '/run/sriovnic'


def stage_plugin(path):
    """`path` if EAL loads it from there, else a copy of it in a private
    directory (root's, 0755, outside /tmp), removed when this process
    exits: a checkout anywhere, /tmp included, runs the tests."""
    if not os.path.exists(path) or eal_loads_from(path):
        return path
    os.makedirs(STAGE_DIR, mode=0o755, exist_ok=True)
    d = tempfile.mkdtemp(prefix='plugin-', dir=STAGE_DIR)
    os.chmod(d, 0o755)
    atexit.register(shutil.rmtree, d, ignore_errors=True)
    staged = os.path.join(d, os.path.basename(path))
    shutil.copy2(path, staged)
    if not eal_loads_from(staged):
        raise Error('no place EAL loads the plugin from: %s is world-writable'
                    % STAGE_DIR)
    log('plugin staged: %s' % staged)
    return staged


PLUGIN = stage_plugin(BUILT_PLUGIN)


# --------------------------------------------------------------------------
# process bookkeeping: every process we start, so that a test killed by its
# alarm or by SIGTERM still stops them (by PID, never by name)

_live = {}
_paths = set()     # directories to remove once their process is gone
_prefixes = set()  # DPDK file prefixes whose files to remove likewise


def _register(pid, what):
    _live[pid] = what
    # the runner kills what a test file killed outright leaves behind
    pidfile = os.environ.get('SRIOVNIC_PIDFILE')
    if pidfile:
        with open(pidfile, 'a') as f:
            f.write('%d\n' % pid)


def _unregister(pid):
    _live.pop(pid, None)


def _kill_leftovers():
    for pid, what in list(_live.items()):
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        _live.pop(pid, None)
    for path in list(_paths):
        shutil.rmtree(path, ignore_errors=True)
        _paths.discard(path)
    for prefix in list(_prefixes):
        dpdk_release(prefix)


def dpdk_prefix(tag):
    """A new --file-prefix, its files removed by dpdk_release() or, at the
    latest, when the test ends."""
    prefix = unique(tag)
    _prefixes.add(prefix)
    return prefix


def dpdk_release(prefix):
    """Remove what a stopped DPDK process of this prefix leaves: its runtime
    directory and its hugepage files (EAL keeps them for secondary
    processes, so they outlive the process)."""
    shutil.rmtree(os.path.join(DPDK_RUN, prefix), ignore_errors=True)
    for f in glob.glob(os.path.join(glob.escape(HUGE_DIR), glob.escape(prefix) + 'map_*')):
        try:
            os.unlink(f)
        except OSError:
            pass
    _prefixes.discard(prefix)


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


# --------------------------------------------------------------------------
# TAP interface helpers

def sysctl_write(path, value):
    try:
        with open(path, 'w') as f:
            f.write(value)
    except OSError:
        pass


def tap_prepare(ifname):
    """Quiet the kernel side (no IPv6 autoconf/MLD chatter) and bring it up."""
    sysctl_write('/proc/sys/net/ipv6/conf/%s/disable_ipv6' % ifname, '1')
    run(['ip', 'link', 'set', 'dev', ifname, 'up'])


def if_mac(ifname):
    with open('/sys/class/net/%s/address' % ifname) as f:
        return f.read().strip()


def if_exists(ifname):
    return os.path.exists('/sys/class/net/%s' % ifname)


def link_set(ifname, up):
    run(['ip', 'link', 'set', 'dev', ifname, 'up' if up else 'down'])


# --------------------------------------------------------------------------

class Model:
    """The device model: one PF and `vfs` VFs under a fresh sysfs directory."""

    READY = 'sriovnic-emu: ready'

    def __init__(self, vfs=2, wire='tap', queues=None, mac=PF_MAC, pf=PF_BDF,
                 eal=(), ready_timeout=30, binary=MODEL, flow_rules=None):
        self.vfs = vfs
        self.mac = mac
        self.pf = pf
        self.queues = queues
        self.flow_rules = flow_rules  # entries of the rule table
        self.eal = list(eal)
        self.ready_timeout = ready_timeout
        self.binary = binary
        self.tap = None
        if wire == 'tap':
            # IFNAMSIZ: at most 15 characters
            self.tap = 'snic%d%s' % (os.getpid() % 100000, next(_seq))
            self.wire = 'tap:' + self.tap
        else:
            self.wire = wire
        self.dir = None
        self.proc = None
        self.lines = []
        self._ready = threading.Event()
        self._reader = None
        self.returncode = None

    def vf_bdf(self, n):
        return vf_bdf(n, self.pf)

    def vf_mac(self, n):
        return vf_mac(n, self.mac)

    def control(self, cmd):
        """cmd on the card's control socket (DIR/control); Error unless
        the answer is 'ok'."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as s:
            s.settimeout(5)
            s.connect(os.path.join(self.dir, 'control'))
            s.send(cmd.encode())
            reply = s.recv(256).decode()
        if reply != 'ok':
            raise Error('model control %r: %s' % (cmd, reply))

    @property
    def output(self):
        return ''.join(self.lines)

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            log('model: ' + line.rstrip())
            if line.startswith(self.READY):
                self._ready.set()

    def start(self):
        if not os.access(self.binary, os.X_OK):
            raise Error('device model not built: %s' % self.binary)
        if self.tap and if_exists(self.tap):
            raise Error('TAP %s exists already: not ours to use' % self.tap)
        if self.dir:
            # started again after kill(): what the killed model left goes
            shutil.rmtree(self.dir)
            os.mkdir(self.dir, 0o700)
        else:
            self.dir = tempfile.mkdtemp(prefix='sriovnic-emu-', dir='/tmp')
            _paths.add(self.dir)
        self.returncode = None
        self._ready.clear()
        cmd = [self.binary, '--dir', self.dir, '--vfs', str(self.vfs),
               '--pf', self.pf, '--wire', self.wire, '--mac', self.mac]
        if self.queues:
            cmd += ['--queues', str(self.queues)]
        if self.flow_rules:
            cmd += ['--flow-rules', str(self.flow_rules)]
        if self.eal:
            cmd += ['--'] + self.eal
        log('$ ' + ' '.join(cmd))
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, text=True, bufsize=1,
                                     errors='replace', start_new_session=True)
        _register(self.proc.pid, 'model')
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + self.ready_timeout
        while not self._ready.wait(0.1):
            if self.proc.poll() is not None:
                self._reader.join(2)
                raise Error('model exited (%d) before ready:\n%s'
                            % (self.proc.returncode, tail(self.output)))
            if time.monotonic() > deadline:
                raise Error('model not ready after %ds:\n%s'
                            % (self.ready_timeout, tail(self.output)))
        if self.tap:
            wait_for(lambda: if_exists(self.tap), 5, what='TAP %s' % self.tap)
            tap_prepare(self.tap)
        return self

    @property
    def tap_mac(self):
        return if_mac(self.tap)

    def stop(self, timeout=10):
        """SIGTERM, SIGKILL after `timeout` seconds; returns the exit status."""
        if self.proc is not None and self.returncode is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.lines.append('[harness: model ignored SIGTERM for %ds: SIGKILL]\n'
                                      % timeout)
                    self.proc.kill()
                    self.proc.wait(5)
            finally:
                _unregister(self.proc.pid)
            self.returncode = self.proc.returncode
            if self._reader:
                self._reader.join(5)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            _paths.discard(self.dir)
            self.dir = None
        return self.returncode

    def kill(self):
        """SIGKILL, as a card pulled out: the model removes nothing. start()
        brings a new model up in the same directory, on the same TAP name."""
        try:
            self.proc.kill()
            self.proc.wait(10)
        finally:
            _unregister(self.proc.pid)
        self.returncode = self.proc.returncode
        self._reader.join(5)
        if self.tap:
            wait_for(lambda: not if_exists(self.tap), 5, what='TAP %s gone' % self.tap)

    STATS = 'sriovnic-emu: stats '

    def counter_lines(self):
        """The per-function (and wire) counter lines the model prints when it
        exits: `sriovnic-emu: stats <bdf> <pf|vfN> key=value ...` and
        `sriovnic-emu: stats wire key=value ...`."""
        return [l.rstrip('\n') for l in self.lines if l.startswith(self.STATS)]

    def counters(self):
        """{'pf': {...}, 'vf0': {...}, ..., 'wire': {...}} from counter_lines(),
        totals since the model started (function resets included)."""
        res = {}
        for l in self.counter_lines():
            words = l[len(self.STATS):].split()
            names = [w for w in words if '=' not in w]
            kv = dict(w.split('=', 1) for w in words if '=' in w)
            if names:
                res[names[-1]] = {k: int(v) for k, v in kv.items() if v.isdigit()}
        return res

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --------------------------------------------------------------------------

PROMPT = 'testpmd> '
# testpmd prints port events ("Port 0: link state change event") from its
# interrupt thread, which may land inside the prompt being written: the
# prompt is also matched with one such line anywhere in it
_EVENT = r'\r?\n?Port \d+: [^\r\n]* event\r?\n'
PROMPT_RE = re.compile('|'.join(re.escape(PROMPT[:i]) + _EVENT + re.escape(PROMPT[i:])
                                for i in range(1, len(PROMPT))) + '|' + re.escape(PROMPT))
_STAT_RE = re.compile(r'([A-Za-z][A-Za-z-]*):\s+(\d+)')


def parse_stats(text):
    """`show port stats N` -> {'RX-packets': n, 'RX-bytes': n, ...}."""
    return {k: int(v) for k, v in _STAT_RE.findall(text)}


def parse_info(text):
    """`show port info N` -> {'MAC address': ..., 'Driver name': ..., ...}."""
    d = {}
    for line in text.split('\n'):
        m = re.match(r'\s*([A-Za-z][^:]*?):\s*(.*?)\s*$', line)
        if m and m.group(1) not in d:
            d[m.group(1)] = m.group(2)
    return d


_DUMP_HDR = re.compile(r'port (\d+)/queue (\d+): (received|sent) (\d+) packets')
_DUMP_PKT = re.compile(r'src=([0-9A-Fa-f:]{17}) - dst=([0-9A-Fa-f:]{17}) - pool=\S+ - '
                       r'type=0x([0-9a-fA-F]+) - length=(\d+)')


def parse_dumps(text):
    """testpmd `set verbose` packet dumps -> [{port, queue, dir, src, dst,
    type, length}] in order."""
    out, cur = [], None
    for line in text.split('\n'):
        m = _DUMP_HDR.search(line)
        if m:
            cur = (int(m.group(1)), int(m.group(2)), m.group(3))
            continue
        m = _DUMP_PKT.search(line)
        if m and cur:
            out.append({'port': cur[0], 'queue': cur[1], 'dir': cur[2],
                        'src': m.group(1).lower(), 'dst': m.group(2).lower(),
                        'type': int(m.group(3), 16), 'length': int(m.group(4))})
    return out


class TestPmd:
    """Debian's dpdk-testpmd in interactive mode."""

    def __init__(self, addrs, sysfs, args=(), eal=(), lcores='0-1', main_lcore=None,
                 mem=256, name='testpmd', plugin=PLUGIN, start_timeout=90,
                 expect_ports=None, wrap=()):
        self.addrs = list(addrs)
        self.sysfs = sysfs
        self.args = list(args)
        self.eal = list(eal)
        self.lcores = lcores
        self.main_lcore = main_lcore
        self.mem = mem
        self.name = name
        self.plugin = plugin
        self.start_timeout = start_timeout
        self.expect_ports = expect_ports
        # a command testpmd runs under, e.g. a container's
        self.wrap = list(wrap)
        self.prefix = None
        self.child = None
        self.log = []
        self.pid = None
        self.exitstatus = None

    class _Log:
        def __init__(self, sink):
            self.sink = sink

        def write(self, s):
            self.sink.append(s)

        def flush(self):
            pass

    @property
    def output(self):
        return ''.join(self.log).replace('\r\n', '\n')

    def start(self):
        if self.plugin and not os.path.exists(self.plugin):
            raise Error('driver plugin not built: %s' % self.plugin)
        self.prefix = dpdk_prefix('sriovnic-')
        argv = (['-d', self.plugin] if self.plugin else []) + eal_mem(self.mem) + \
            ['-l', self.lcores, '--file-prefix', self.prefix]
        if self.main_lcore is not None:
            argv += ['--main-lcore', str(self.main_lcore)]
        for a in self.addrs:
            argv += ['-a', a]
        # testpmd's default pool (~155k mbufs, 338 MB) does not fit -m 256
        app = [] if any(a.startswith('--total-num-mbufs') for a in self.args) \
            else ['--total-num-mbufs=8192']
        argv += self.eal + ['--', '-i'] + app + self.args
        env = dict(os.environ, SYSFS_PCI_DEVICES=self.sysfs)
        cmd = self.wrap + [TESTPMD] + argv
        log('%s: $ SYSFS_PCI_DEVICES=%s %s' % (self.name, self.sysfs, ' '.join(cmd)))
        self.child = pexpect.spawn(cmd[0], cmd[1:], env=env, encoding='utf-8',
                                   codec_errors='replace', timeout=30,
                                   dimensions=(100, 500), echo=False)
        self.pid = self.child.pid
        _register(self.pid, self.name)
        self.child.logfile_read = self._Log(self.log)
        i = self.child.expect_exact([PROMPT, pexpect.EOF, pexpect.TIMEOUT],
                                    timeout=self.start_timeout)
        if i != 0:
            what = 'exited' if i == 1 else 'no prompt after %ds' % self.start_timeout
            self.stop()
            raise Error('%s %s:\n%s' % (self.name, what, tail(self.output)))
        if self.expect_ports is not None:
            n = self.nb_ports()
            if n != self.expect_ports:
                self.stop()
                raise Error('%s: %d ports probed, want %d (%s):\n%s'
                            % (self.name, n, self.expect_ports, ' '.join(self.addrs),
                               tail(self.output)))
        return self

    def nb_ports(self):
        out = self.cmd('show port summary all')
        m = re.search(r'Number of available ports: (\d+)', out)
        if not m:
            raise Error('%s: show port summary all:\n%s' % (self.name, tail(out)))
        return int(m.group(1))

    def alive(self):
        return self.child is not None and self.child.isalive()

    def read_async(self):
        """Whatever testpmd printed since the last command (events, verbose
        packet dumps)."""
        chunks = []
        if not self.alive():
            return ''
        while True:
            try:
                chunks.append(self.child.read_nonblocking(1 << 16, timeout=0.05))
            except (pexpect.TIMEOUT, pexpect.EOF):
                break
        return ''.join(chunks).replace('\r\n', '\n')

    def cmd(self, text, timeout=30):
        """Run one command; return its output up to the next prompt."""
        if not self.alive():
            raise Error('%s is not running (command %r):\n%s'
                        % (self.name, text, tail(self.output)))
        self.read_async()
        log('%s> %s' % (self.name, text))
        self.child.sendline(text)
        i = self.child.expect([PROMPT_RE, pexpect.EOF, pexpect.TIMEOUT], timeout=timeout)
        if i != 0:
            raise Error('%s: %r: %s:\n%s' % (self.name, text,
                        'testpmd exited' if i == 1 else 'no prompt after %ds' % timeout,
                        tail(self.output)))
        out = self.child.before.replace('\r\n', '\n')
        # the command is echoed by testpmd's line editor: drop it
        lines = out.split('\n')
        if lines and lines[0].strip().endswith(text.strip()):
            lines = lines[1:]
        return '\n'.join(lines)

    def mark(self):
        """A position in the output; since(mark) returns what came after."""
        return len(''.join(self.log))

    def since(self, mark):
        self.read_async()
        return ''.join(self.log)[mark:].replace('\r\n', '\n')

    # ---- parsed views ----

    def port_stats(self, port):
        out = self.cmd('show port stats %d' % port)
        st = parse_stats(out.split('Throughput')[0])
        if 'RX-packets' not in st:
            raise Error('%s: no stats for port %d:\n%s' % (self.name, port, tail(out)))
        return st

    def port_stats_all(self):
        out = self.cmd('show port stats all')
        res = {}
        for m in re.finditer(r'NIC statistics for port (\d+)(.*?)(?=NIC statistics for port|\Z)',
                             out, re.S):
            res[int(m.group(1))] = parse_stats(m.group(2).split('Throughput')[0])
        return res

    def port_info(self, port):
        out = self.cmd('show port info %d' % port)
        info = parse_info(out)
        if 'Driver name' not in info:
            raise Error('%s: no info for port %d:\n%s' % (self.name, port, tail(out)))
        return info

    def xstats(self, port):
        out = self.cmd('show port xstats %d' % port)
        return {k: int(v) for k, v in re.findall(r'^(\w+): (\d+)\s*$', out, re.M)}

    def clear_stats(self, port='all'):
        self.cmd('clear port stats %s' % port)

    def wait_rx(self, port, count, timeout=10, settle=0.5, key='RX-packets'):
        """Wait until port's counter reaches count, then let it settle so that
        extra frames would show; return the stats."""
        st = {}

        def reached():
            st.update(self.port_stats(port))
            return st[key] >= count
        try:
            wait_for(reached, timeout, interval=0.2,
                     what='%s port %d %s >= %d' % (self.name, port, key, count))
        except WaitTimeout:
            return st
        time.sleep(settle)
        return self.port_stats(port)

    # ---- stopping ----

    def stop(self, timeout=20):
        """`quit`, SIGKILL by PID after `timeout`; removes the runtime dir."""
        if self.child is not None:
            try:
                if self.child.isalive():
                    try:
                        self.child.sendline('quit')
                        self.child.expect(pexpect.EOF, timeout=timeout)
                    except (pexpect.TIMEOUT, OSError):
                        self.log.append('\n[harness: %s did not quit in %ds: SIGKILL]\n'
                                        % (self.name, timeout))
                        try:
                            os.kill(self.pid, signal.SIGKILL)
                        except ProcessLookupError:
                            pass
                try:
                    self.child.close(force=True)
                except Exception:
                    pass
                self.exitstatus = self.child.exitstatus
                if self.child.signalstatus:
                    self.exitstatus = -self.child.signalstatus
                if _pid_alive(self.pid):
                    try:
                        os.kill(self.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            finally:
                _unregister(self.pid)
                self.child = None
        if self.prefix:
            dpdk_release(self.prefix)
        return self.exitstatus

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --------------------------------------------------------------------------

class Bench:
    """A model with `vfs` VFs on a TAP wire, a PF testpmd (started first, so
    the VFs' mailbox has an answer), and any VF testpmds started through
    vf(). Stops everything, VFs first, in __exit__."""

    def __init__(self, vfs=2, queues=None, pf_args=(), start_pf=True):
        self.model = Model(vfs=vfs, queues=queues)
        self.pf = None
        self.pf_args = list(pf_args)
        self.start_pf = start_pf
        self.pmds = []

    def __enter__(self):
        try:
            self.model.start()
            self.tap = self.model.tap
            self.tap_mac = self.model.tap_mac
            if self.start_pf:
                self.pf = TestPmd([self.model.pf], self.model.dir, args=self.pf_args,
                                  name='pf-testpmd', expect_ports=1)
                self.pf.start()
            self.setup()
        except BaseException as e:
            try:
                self.stop()
            finally:
                if isinstance(e, Error):
                    e.args = ('%s\n%s' % (e, self.logs()),)
            raise
        return self

    def setup(self):
        """What a kind of bench starts besides the model and the PF testpmd;
        a failure here stops everything, with the logs."""

    def vf(self, vfs, args=(), name=None, **kw):
        """Start a testpmd on the given VF numbers; by default it must
        probe them all."""
        kw.setdefault('expect_ports', len(vfs))
        p = TestPmd([self.model.vf_bdf(n) for n in vfs], self.model.dir, args=args,
                    name=name or 'vf%s-testpmd' % ''.join(str(n) for n in vfs), **kw)
        self.pmds.append(p)
        return p.start()

    def logs(self):
        parts = []
        for p in self.pmds + ([self.pf] if self.pf else []):
            parts.append('    %s (pid %s) output:\n%s' % (p.name, p.pid, tail(p.output, 30)))
        parts.append('    model output:\n%s' % tail(self.model.output, 30))
        return '\n'.join(parts)

    def stop(self):
        errs = []
        for p in reversed(self.pmds):
            try:
                p.stop()
            except Exception as e:
                errs.append(e)
        if self.pf:
            try:
                self.pf.stop()
            except Exception as e:
                errs.append(e)
        try:
            self.model.stop()
        except Exception as e:
            errs.append(e)
        if errs:
            raise errs[0]

    def check_model(self):
        """The IOMMU invariant: a correct driver never makes the card touch
        memory it did not register."""
        c = self.model.counters()
        expect(c, 'the model printed no counters on exit')
        faults = {f: v['dma_faults'] for f, v in c.items() if v.get('dma_faults')}
        expect(not faults, 'DMA faults counted by the model: %r' % faults)

    def __exit__(self, et, ev, tb):
        try:
            self.stop()
            if ev is None:
                self.check_model()
        except Exception as e:
            if ev is None:
                e.args = ('%s\n%s' % (e, self.logs()),)
            raise
        finally:
            # a failing test shows what the processes said
            if isinstance(ev, Error):
                ev.args = ('%s\n%s' % (ev, self.logs()),)
            elif isinstance(ev, Exception):
                try:
                    ev.sriovnic_logs = self.logs()
                except AttributeError:
                    pass


# --------------------------------------------------------------------------
# scapy helpers (scapy is imported lazily: it is slow to import)

def _scapy():
    import logging
    logging.getLogger('scapy.runtime').setLevel(logging.ERROR)
    import scapy.all as sc
    sc.conf.verb = 0
    return sc


MAGIC = b'SRIOVNIC-E2E'


def udp_frames(dst, src, n, size=128, tag=MAGIC, vary=False, ethertype=None):
    """n Ether/IPv4/UDP frames of `size` bytes (without FCS). The payload
    carries tag + sequence number; with vary=True source IPs and ports differ
    from frame to frame (for RSS)."""
    sc = _scapy()
    frames = []
    for i in range(n):
        if vary:
            ip = sc.IP(src='10.%d.%d.%d' % (1 + i % 200, (i * 7) % 250, 1 + (i * 13) % 250),
                       dst='10.255.0.1')
            l4 = sc.UDP(sport=1024 + (i * 31) % 60000, dport=4000 + i % 1000)
        else:
            ip = sc.IP(src='10.0.0.1', dst='10.0.0.2')
            l4 = sc.UDP(sport=5000, dport=5001)
        hdr = sc.Ether(dst=dst, src=src) / ip / l4
        body = tag + b' seq=%06d ' % i
        pad = size - len(hdr) - len(body)
        if pad > 0:
            body += bytes((i + j) & 0xff for j in range(pad))
        frames.append(sc.Ether(bytes(hdr / sc.Raw(body))))
    return frames


def raw_frames(dst, src, n, ethertype=0x88b5, size=100, tag=MAGIC):
    """n frames of a local experimental ethertype: nothing in the kernel or
    testpmd reacts to them."""
    sc = _scapy()
    out = []
    for i in range(n):
        body = tag + b' seq=%06d ' % i
        body += b'\xa5' * max(0, size - 14 - len(body))
        out.append(sc.Ether(dst=dst, src=src, type=ethertype) / sc.Raw(body))
    return out


def payload(frame):
    """(seq, bytes after the Ethernet header) of a frame built above."""
    b = bytes(frame)
    m = re.search(re.escape(MAGIC) + rb' seq=(\d{6}) ', b)
    return (int(m.group(1)) if m else None), b[14:]


RULE_OK = re.compile(r'Flow rule #(\d+) (created|validated)')


def rule(p, text):
    """Creates a rule; returns its testpmd number."""
    out = p.cmd(text)
    m = RULE_OK.search(out)
    expect(m, '%s: no rule created:\n%s' % (text, tail(out, 6)))
    return int(m.group(1))


def send(iface, frames):
    _scapy().sendp(frames, iface=iface, verbose=False)


class Sniffer:
    """Captures frames on iface that match `match(pkt)` (a python predicate,
    so no BPF compiler is needed). Use as a context manager around the
    traffic, then wait(n, timeout)."""

    def __init__(self, iface, match=None):
        self.iface = iface
        self.match = match or (lambda p: True)
        self.packets = []
        self._sn = None

    def start(self):
        sc = _scapy()
        started = threading.Event()
        self._sn = sc.AsyncSniffer(iface=self.iface, store=False,
                                   prn=self.packets.append, lfilter=self._filter,
                                   started_callback=started.set)
        self._sn.start()
        if not started.wait(10):
            raise Error('sniffer on %s did not start' % self.iface)
        time.sleep(0.1)
        return self

    def _filter(self, p):
        try:
            return bool(self.match(p))
        except Exception:
            return False

    def wait(self, n, timeout=10, settle=0.5):
        """Wait until n frames are captured (or timeout), then `settle`
        seconds more so that extra frames show; returns the list."""
        try:
            wait_for(lambda: len(self.packets) >= n, timeout, interval=0.05,
                     what='%d frames on %s' % (n, self.iface))
        except WaitTimeout:
            pass
        time.sleep(settle)
        return list(self.packets)

    def stop(self):
        if self._sn is not None:
            try:
                self._sn.stop()
            except Exception:
                pass
            self._sn = None
        return list(self.packets)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def from_mac(mac):
    return lambda p: p.haslayer('Ether') and same_mac(p['Ether'].src, mac)


def to_mac(mac):
    return lambda p: p.haslayer('Ether') and same_mac(p['Ether'].dst, mac)


# --------------------------------------------------------------------------
# checks

def expect(cond, msg):
    if not cond:
        raise Error(msg)


def expect_eq(got, want, what):
    if got != want:
        raise Error('%s: got %r, want %r' % (what, got, want))


# --------------------------------------------------------------------------
# traffic steps several test files share

def tagged(frames, vid):
    """The frames with an 802.1Q tag of VLAN vid after the source MAC."""
    sc = _scapy()
    out = []
    for f in frames:
        e = f['Ether']
        out.append(sc.Ether(dst=e.dst, src=e.src) / sc.Dot1Q(vlan=vid, type=e.type) /
                   e.payload)
    return out


def rx_pmd(b, vfs, start=True):
    """A VF testpmd in rxonly mode, not promiscuous, forwarding (unless
    start=False)."""
    p = b.vf(vfs, args=['--forward-mode=rxonly'])
    p.cmd('set promisc all off')
    if start:
        p.cmd('start')
    return p


def rx_count(b, p, port, dst, n=16, frames=None, size=128):
    """Clear port's stats, send n frames to dst, return RX-packets."""
    p.clear_stats(port)
    send(b.tap, frames or udp_frames(dst, b.tap_mac, n, size=size))
    return p.wait_rx(port, n)['RX-packets']


def rx_none(b, p, port, frames, what, wait=1.5):
    """Send frames that must not reach port; fail if any arrives."""
    p.clear_stats(port)
    send(b.tap, frames)
    st = p.wait_rx(port, 1, timeout=wait, settle=0)
    expect_eq(st['RX-packets'], 0, what)
    return st



# --------------------------------------------------------------------------
# test registry and per-file runner

_tests = []


class Timeout(Error):
    pass


def test(timeout=150):
    """Decorator: register fn as a test with a hard time bound."""
    def deco(fn):
        _tests.append((fn.__name__, fn, timeout))
        return fn
    return deco


def _on_alarm(signum, frame):
    raise Timeout('test exceeded its time bound')


def _on_term(signum, frame):
    raise SystemExit('terminated')


def main(argv=None):
    """Run the registered tests of the calling file (all, or those named on
    the command line); print TESTS:, one PASS/FAIL line per test and a
    summary; exit 1 if any failed."""
    argv = sys.argv[1:] if argv is None else argv
    sel = [t for t in _tests if not argv or t[0] in argv]
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGTERM, _on_term)
    print('TESTS: ' + ' '.join(t[0] for t in sel), flush=True)
    passed = failed = 0
    try:
        for name, fn, limit in sel:
            t0 = time.monotonic()
            err = None
            signal.alarm(limit)
            try:
                fn()
            except Exception as e:
                err = e
                tb = traceback.format_exc()
            finally:
                signal.alarm(0)
                _kill_leftovers()
            dt = time.monotonic() - t0
            if err is None:
                passed += 1
                print('PASS %s (%.1fs)' % (name, dt), flush=True)
            else:
                failed += 1
                msg = str(err) if isinstance(err, Error) else \
                    tb + getattr(err, 'sriovnic_logs', '')
                print('FAIL %s (%.1fs): %s' % (name, dt, msg.rstrip()), flush=True)
                if VERBOSE and isinstance(err, Error):
                    print(tb, flush=True)
    finally:
        _kill_leftovers()
    print('%s: %d passed, %d failed' % (os.path.basename(sys.argv[0]), passed, failed),
          flush=True)
    return 1 if failed else 0


def random_net():
    """A /24 in 198.18.0.0/15 (benchmarking range) for a TAP address."""
    return '198.19.%d' % random.randint(1, 254)
