#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""`meson install` as DPDK users deploy a driver: the shared object in the
installed DPDK's driver directory (pmds-<ABI>), versioned as DPDK's own,
loaded by EAL from there; the API header and its pkg-config file beside
DPDK's; dpdk-pmdinfo.py reading both drivers from the built and the
installed object; `ninja uninstall` leaving nothing behind.

Into a DESTDIR tree always. Into the system's DPDK itself only with
SRIOVNIC_E2E_SYSTEM_INSTALL=1: while it is there every DPDK process on the
machine loads it, and one also given the build's plugin with -d loads the
driver twice."""

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from installed import installed, pmd_dir  # noqa: E402
from sriovnic import (BUILD, PF_DRIVER, PLUGIN, TOP, VF_DRIVER, Bench,  # noqa: E402
                      TestPmd, expect, expect_eq, main, run, test)

PMDINFO = 'dpdk-pmdinfo.py'
PF_ADMIN = os.path.join(TOP, 'test', 'e2e', 'pf_admin.c')
# pf_admin's JSON records: the tool's codec, built from source with it
POLICY_JSON = os.path.join(TOP, 'app', 'sriovnic-vf-policy')


def soname(path):
    for line in run(['objdump', '-p', path]).splitlines():
        if line.split()[:1] == ['SONAME']:
            return line.split()[1]
    return None


def check_pmdinfo(path):
    """dpdk-pmdinfo.py on path: both drivers, their PCI IDs, the kernel
    module they need and every devarg."""
    drivers = {d['name']: d for d in json.loads(run([PMDINFO, path]))}
    expect_eq(sorted(drivers), sorted([PF_DRIVER, VF_DRIVER]), 'drivers in %s' % path)
    for name, device in ((PF_DRIVER, '5e01'), (VF_DRIVER, '5e11')):
        d = drivers[name]
        expect_eq([(i['vendor'], i['device']) for i in d['pci_ids']],
                  [('1d5e', device)], '%s PCI IDs' % name)
        expect('vfio-pci' in d['kmod'], '%s kmod %r names vfio-pci' % (name, d['kmod']))
    for arg in ('mbx_rate=', 'mbx_burst=', 'vf_trust=', 'vf_spoofchk=', 'vf_flow_quota=',
                'tx_loopback=', 'representor='):
        expect(arg in drivers[PF_DRIVER]['params'],
               '%s devargs %r list %s' % (PF_DRIVER, drivers[PF_DRIVER]['params'], arg))
    expect('mbx_timeout_ms=' in drivers[VF_DRIVER]['params'],
           '%s devargs %r list mbx_timeout_ms=' % (VF_DRIVER, drivers[VF_DRIVER]['params']))


def probe(plugin):
    """A PF and a VF testpmd loading the driver from plugin (None: only
    what EAL loads by itself) each probe their function."""
    with Bench(vfs=1, start_pf=False) as b:
        b.pf = TestPmd([b.model.pf], b.model.dir, name='pf-testpmd', plugin=plugin,
                       expect_ports=1).start()
        expect_eq(b.pf.port_info(0).get('Driver name'), PF_DRIVER, 'PF port driver')
        p = b.vf([0], plugin=plugin)
        expect_eq(p.port_info(0).get('Driver name'), VF_DRIVER, 'VF port driver')


@test()
def pmdinfo_built():
    """dpdk-pmdinfo.py on the built driver."""
    check_pmdinfo(PLUGIN)


def pkg_config(pcdir, *args):
    """pkg-config on libdpdk-sriovnic.pc of pcdir."""
    return subprocess.run(['pkg-config'] + list(args) + ['libdpdk-sriovnic'],
                          stdout=subprocess.PIPE, text=True, check=True,
                          env=dict(os.environ, PKG_CONFIG_PATH=pcdir)).stdout.strip()


def build_api_user(dest, pcdir, out, experimental):
    """Compile and link pf_admin.c (with the tool's JSON codec, from
    source, and libjansson) against the installed header and driver as
    libdpdk-sriovnic.pc says; returns (status, compiler output)."""
    flags = pkg_config(pcdir, '--cflags', '--libs').split()
    # the DESTDIR tree's copies in front of what the .pc names under /
    inc, lib = dest + pkg_config(pcdir, '--variable=includedir'), dest + pkg_config(pcdir, '--variable=libdir')
    cmd = (['cc', '-Werror', '-I' + inc, '-I' + POLICY_JSON, PF_ADMIN,
            os.path.join(POLICY_JSON, 'vf_policy_json.c'), '-o', out, '-L' + lib] + flags +
           ['-ljansson'])
    if experimental:
        cmd.insert(1, '-DALLOW_EXPERIMENTAL_API')
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=120)
    return p.returncode, p.stdout


@test(timeout=300)
def destdir_install():
    """meson install into a DESTDIR: the driver file in pmds-<ABI> with
    DPDK's SONAME and links, loaded by testpmd from that directory (-d
    <dir>, not a file) for a PF and a VF; pmdinfo on the installed file;
    the API built from the installed header and .pc, refused without
    -DALLOW_EXPERIMENTAL_API; ninja uninstall leaves no file."""
    # EAL loads plugins only below directories nobody else may write to
    dest = tempfile.mkdtemp(prefix='install-', dir=BUILD)
    try:
        with installed(dest) as paths:
            pmds = pmd_dir(paths)
            expect(os.path.basename(pmds).startswith('pmds-'),
                   'driver installed in %s, not a DPDK pmds-<ABI> directory' % pmds)
            abi = os.path.basename(pmds)[len('pmds-'):]
            so = os.path.join(pmds, 'librte_net_sriovnic.so')
            expect_eq(os.path.realpath(so), os.path.join(pmds, 'librte_net_sriovnic.so.' + abi),
                      'librte_net_sriovnic.so resolves to')
            expect_eq(soname(so), 'librte_net_sriovnic.so.' + abi.split('.')[0], 'SONAME')
            check_pmdinfo(so)
            probe(pmds)

            pcs = [p for p in paths if p.endswith('/libdpdk-sriovnic.pc')]
            expect(pcs, 'no libdpdk-sriovnic.pc installed')
            pcdir = os.path.dirname(pcs[0])
            expect(os.path.isfile(dest + pkg_config(pcdir, '--variable=includedir') + '/rte_pmd_sriovnic.h'),
                   'rte_pmd_sriovnic.h not in the .pc\'s includedir')
            out = os.path.join(dest, 'pf_admin')
            rc, text = build_api_user(dest, pcdir, out, experimental=True)
            expect_eq(rc, 0, 'pf_admin built from the installed API:\n' + text)
            rc, text = build_api_user(dest, pcdir, out, experimental=False)
            expect(rc != 0 and 'not yet part of stable ABI' in text,
                   'the API is usable without -DALLOW_EXPERIMENTAL_API (%d):\n%s' % (rc, text))
            os.unlink(out)
        left = [os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs]
        expect_eq(left, [], 'files left in the DESTDIR after uninstall')
    finally:
        shutil.rmtree(dest, ignore_errors=True)


if os.environ.get('SRIOVNIC_E2E_SYSTEM_INSTALL') == '1':
    @test(timeout=300)
    def system_install():
        """meson install into the system's DPDK: testpmd without -d probes
        a PF and a VF; pmdinfo on the installed driver; uninstalled at the
        end, also on failure."""
        with installed() as paths:
            check_pmdinfo(os.path.join(pmd_dir(paths), 'librte_net_sriovnic.so'))
            probe(None)


if __name__ == '__main__':
    sys.exit(main())
