#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""The sriovnic-vf-policy tool as the tests run it: a secondary process of
the testpmd that owns a PF, exporting and applying VF policy records."""

import json
import os
import subprocess
import tempfile

from sriovnic import BUILD, HUGE, HUGE_DIR, Error, expect, log, tail

TOOL = os.path.join(BUILD, 'app', 'sriovnic-vf-policy', 'sriovnic-vf-policy')


def need_hugepages():
    if not HUGE:
        raise Error('the tool is a secondary process, which needs a primary on hugepages: '
                    'none on %s (devtools/hugepages.sh reserve, or SRIOVNIC_HUGE=1)' % HUGE_DIR)


def tool(prefix, *args, stdin=None):
    """The tool's exit status and output (stdout, stderr)."""
    cmd = [TOOL, '--file-prefix', prefix, '--log-level', 'lib.eal:error', '--'] + list(args)
    log('$ ' + ' '.join(cmd))
    r = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=30)
    log(r.stdout + r.stderr)
    return r.returncode, r.stdout, r.stderr


def export(pmd, pf, vf):
    rc, out, err = tool(pmd.prefix, 'export', pf, str(vf))
    expect(rc == 0, 'export of VF%d exited %d:\n%s' % (vf, rc, tail(err)))
    return json.loads(out)


def apply(pmd, pf, vf, record):
    """Applies record (a dict, or text that is not JSON); (status, stderr)."""
    text = record if isinstance(record, str) else json.dumps(record)
    with tempfile.NamedTemporaryFile('w', suffix='.json') as f:
        f.write(text)
        f.flush()
        rc, _, err = tool(pmd.prefix, 'apply', pf, str(vf), f.name)
    return rc, err
