# SPDX-License-Identifier: BSD-3-Clause
"""The driver installed by `meson install` for the length of a `with`:
into a DESTDIR tree, or into the installed DPDK itself, where EAL loads it
without -d. Whatever the block does, `ninja uninstall` removes what the
install put there, and what it listed must be gone afterwards.

While the driver is in DPDK's own driver directory, every DPDK process
started loads it: a process given the build's plugin with -d as well
would load the driver twice. Start those with plugin=None meanwhile."""

import contextlib
import os
import re

from sriovnic import BUILD, Error, log, run

INSTALL_LOG = os.path.join(BUILD, 'meson-logs', 'install-log.txt')


def _listed():
    """The paths the last `meson install` of BUILD put down (files,
    links, the directories it made)."""
    with open(INSTALL_LOG) as f:
        return [l.rstrip('\n') for l in f if l.strip() and not l.startswith('#')]


def pmd_dir(paths):
    """The driver directory among the installed paths: that of the
    driver's file, pmds-<ABI version>."""
    for p in paths:
        if re.fullmatch(r'librte_net_sriovnic\.so\.\d+\.\d+', os.path.basename(p)):
            return os.path.dirname(p)
    raise Error('the driver is not among the installed files: %s' % ' '.join(paths))


@contextlib.contextmanager
def installed(destdir=None):
    """`meson install` of BUILD (into destdir, or the system's DPDK when
    None); yields the installed paths; uninstalls on the way out, also on
    failure, and raises if anything listed is left."""
    cmd = ['meson', 'install', '-C', BUILD, '--no-rebuild', '--quiet']
    if destdir:
        cmd += ['--destdir', destdir]
    try:
        run(cmd, timeout=120)
        paths = _listed()
        log('installed: ' + ' '.join(paths))
        yield paths
    finally:
        out = run(['ninja', '-C', BUILD, 'uninstall'], check=False, timeout=60)
        left = [p for p in _listed() if os.path.lexists(p)]
        if left:
            raise Error('left after uninstall: %s\n%s' % (' '.join(left), out))
