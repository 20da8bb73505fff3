#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""criu-image-check.py TEST-BINARY: the host test of tools/dump/criu-image.c.

Runs the test binary (tests/lib/criu-image-test.c) into a fresh directory,
relays its own results, then decodes every image it wrote with
`crit decode -i IMG --pretty` (Debian's criu 3.17.1) and checks the values
the binary put in, field by field, and each file's magics and raw parts
against criu's source.  Prints one "ok"/"not ok" line per check and ends
with "N passed, N failed"; exits non-zero on any failure.
"""
import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

results = [0, 0]


def check(cond, name):
    results[0 if cond else 1] += 1
    print(f"{'ok' if cond else 'not ok'} {sum(results)} {name}")
    return cond


def eq(got, want, name):
    if not check(got == want, name):
        print(f"#   got  {str(got)[:300]}\n#   want {str(want)[:300]}")


# ---- What criu-image-test.c writes: must agree with it. ----

def pattern(i):
    return ((i * 2654435761) & 0xffffffff) >> 11 & 0xff


def pattern_bytes(n, start=0):
    return bytes(pattern(i + start) for i in range(n))


def words(buf, off, nbytes, size):
    fmt = '<I' if size == 4 else '<Q'
    return [struct.unpack_from(fmt, buf, off + i)[0] for i in range(0, nbytes, size)]


def made_up_xsave(size, xstate_bv):
    b = bytearray(pattern_bytes(size))
    if size >= 576:
        struct.pack_into('<Q', b, 512, xstate_bv)
    return bytes(b)


GPREGS = ("r15 r14 r13 r12 bp bx r11 r10 r9 r8 ax cx dx si di orig_ax ip cs flags sp ss "
          "fs_base gs_base ds es fs gs").split()

# From criu 3.17.1 criu/include/magic.h, typed again here as a cross-check.
IMG_COMMON = 0x54564319
MAGICS = {
    'inventory.img': ('INVENTORY', 0x58313116),
    'pstree.img': ('PSTREE', 0x50273030),
    'ids-1.img': ('IDS', 0x54432030),
    'core-1.img': ('CORE', 0x55053847),
    'core-5.img': ('CORE', 0x55053847),
    'core-6.img': ('CORE', 0x55053847),
    'core-7.img': ('CORE', 0x55053847),
    'core-8.img': ('CORE', 0x55053847),
    'mm-1.img': ('MM', 0x57492820),
    'pagemap-1.img': ('PAGEMAP', 0x56084025),
    'fs-1.img': ('FS', 0x51403912),
    'files.img': ('FILES', 0x56303138),
    'fdinfo-22.img': ('FDINFO', 0x56213732),
    'pipes-data.img': ('PIPES_DATA', 0x56453709),
    'fifo-data.img': ('FIFO_DATA', 0x59333054),
    'tty-info.img': ('TTY_INFO', 0x59453036),
    'timens-26.img': ('TIMENS', 0x43114433),
}
RAW = {'pages-1.img'}


def num(v):
    """A number as crit --pretty shows it: an int, or a hex string."""
    if isinstance(v, str) and v.startswith('0x'):
        return int(v, 16)
    return v


def flags(v):
    """Flags as crit --pretty shows them: names joined by ' | '."""
    return set(v.split(' | ')) if v else set()


def decode(d, name):
    try:
        out = subprocess.run(['crit', 'decode', '-i', os.path.join(d, name), '--pretty'],
                             capture_output=True, text=True, check=True).stdout
        img = json.loads(out)
    except (subprocess.CalledProcessError, ValueError) as e:
        err = getattr(e, 'stderr', '') or str(e)
        check(False, f"crit decodes {name}")
        print('#   ' + err.strip().splitlines()[-1] if err.strip() else '#   ?')
        return None
    check(True, f"crit decodes {name}")
    return img


def check_headers(d):
    for name, (_, magic) in MAGICS.items():
        with open(os.path.join(d, name), 'rb') as f:
            head = f.read(8)
        if name == 'inventory.img':
            eq(struct.unpack('<I', head[:4])[0], magic, f"{name}: own magic only")
        else:
            eq(struct.unpack('<II', head), (IMG_COMMON, magic), f"{name}: common magic, then its own")
    present = {n for n in os.listdir(d) if n.endswith('.img')}
    eq(present, set(MAGICS) | RAW, "the image set: exactly the files expected")


def check_inventory(img):
    e = img['entries'][0]
    eq(e['img_version'], 2, "inventory: img_version 2 (V1_1)")
    check(e['fdinfo_per_id'] is True and e['ns_per_id'] is True,
          "inventory: fdinfo_per_id, ns_per_id")
    eq(e['root_ids'], {k: i + 1 for i, k in enumerate(IDS_KEYS)}, "inventory: root_ids")


IDS_KEYS = ("vm_id files_id fs_id sighand_id pid_ns_id net_ns_id ipc_ns_id uts_ns_id "
            "mnt_ns_id user_ns_id cgroup_ns_id time_ns_id").split()


def check_pstree(img):
    eq(img['entries'], [
        {'pid': 1, 'ppid': 0, 'pgid': 1, 'sid': 1, 'threads': [1, 5, 6, 8]},
        {'pid': 7, 'ppid': 1, 'pgid': 7, 'sid': 1, 'threads': [7]},
    ], "pstree: root with 4 threads, then the zombie")


def check_ids(img):
    want = dict(zip(IDS_KEYS, [21, 22, 23, 24, 25, 6, 7, 8, 9, 10, 11, 26]))
    eq(img['entries'][0], want, "ids-1: own vm/files/fs/sighand, new pid and time ns")


def siginfo(b64, signo, code, pid):
    raw = base64.b64decode(b64)
    want = bytearray(128)
    struct.pack_into('<IiI', want, 0, signo, 0, 0)
    struct.pack_into('<I', want, 8, code & 0xffffffff)
    struct.pack_into('<I', want, 16, pid)
    want[127] = 0x5a
    return raw == bytes(want)


def check_fpregs(fp, tid, buf, bv, layout):
    """What the library must make of a standard-format XSAVE area."""
    x87 = bv & 1
    mx = bv & 6
    want = {
        'cwd': struct.unpack_from('<H', buf, 0)[0] if x87 else 0x37f,
        'swd': struct.unpack_from('<H', buf, 2)[0] if x87 else 0,
        'twd': struct.unpack_from('<H', buf, 4)[0] if x87 else 0,
        'fop': struct.unpack_from('<H', buf, 6)[0] if x87 else 0,
        'rip': struct.unpack_from('<Q', buf, 8)[0] if x87 else 0,
        'rdp': struct.unpack_from('<Q', buf, 16)[0] if x87 else 0,
        'mxcsr': struct.unpack_from('<I', buf, 24)[0] if mx else 0x1f80,
        'mxcsr_mask': struct.unpack_from('<I', buf, 28)[0],
        'st_space': words(buf, 32, 128, 4) if x87 else [0] * 32,
        'xmm_space': words(buf, 160, 256, 4) if bv & 2 else [0] * 64,
    }
    got = {k: v for k, v in fp.items() if k != 'xsave'}
    eq(got, want, f"core-{tid}: fxsave fields (x87 {'used' if x87 else 'initial'}, "
       f"SSE {'used' if bv & 2 else 'initial'})")
    if layout is None:
        check('xsave' not in fp, f"core-{tid}: no xsave part without XSAVE")
        return
    xs = fp.get('xsave', {})
    want = {'xstate_bv': bv}
    for feat, key, size, nbytes in ((2, 'ymmh_space', 4, 256), (5, 'opmask_reg', 8, 64),
                                    (6, 'zmm_upper', 8, 512), (7, 'hi16_zmm', 8, 1024),
                                    (9, 'pkru', 4, 8)):
        if feat in layout:
            want[key] = (words(buf, layout[feat], nbytes, size) if bv & (1 << feat)
                         else [0] * (nbytes // size))
    eq(xs, want, f"core-{tid}: xsave part, components not in use initial (zeros)")


def check_real_xsave(fp):
    """Thread 5: this CPU's XSAVE after loading known values."""
    xmm = [0xa0000000 | r << 8 | j for r in range(16) for j in range(4)]
    ymmh = [0xa0000000 | r << 8 | (4 + j) for r in range(16) for j in range(4)]
    xs = fp.get('xsave', {})
    eq((fp['cwd'], fp['mxcsr'], fp['xmm_space'], xs.get('ymmh_space'), xs.get('xstate_bv', 0) & 7),
       (0x27f, 0x9f80, xmm, ymmh, 7),
       "core-5: this CPU's XSAVE split at CPUID's offsets (FCW, MXCSR, XMM, YMM high halves)")


def check_thread_core(t, tid):
    want_creds = {
        'uid': 1000, 'gid': 1000, 'euid': 1001, 'egid': 1002, 'suid': 1003, 'sgid': 1004,
        'fsuid': 1005, 'fsgid': 1006, 'cap_inh': [0, 0], 'cap_prm': [0xffffffff, 0x1ff],
        'cap_eff': [3, 0], 'cap_bnd': [0xffffffff, 0x1ff], 'secbits': 0x2f,
        'groups': [1000, 27, 100],
    }
    eq(t['creds'], want_creds, f"core-{tid}: creds (2 capability words each, groups)")
    eq((t['futex_rla'], t['futex_rla_len'], t['blk_sigset'], t['sas']),
       (0x7ffff7d8e9a0 + tid, 24, 0x4000 | tid,
        {'ss_sp': 0x7ff000000000, 'ss_size': 65536, 'ss_flags': 0}),
       f"core-{tid}: futex_rla, blk_sigset, sigaltstack")


def check_core_leader(img, xs1):
    e = img['entries'][0]
    eq(e['mtype'], 'X86_64', "core-1: mtype X86_64")
    ti = e['thread_info']
    eq(num(ti['clear_tid_addr']), 0x7ffff7d8ea10 + 1, "core-1: clear_tid_addr")
    want = {r: (k + 1) << 56 | 1 << 8 | (k + 1) for k, r in enumerate(GPREGS)}
    want['orig_ax'] = 2**64 - 1
    got = {r: num(v) for r, v in ti['gpregs'].items() if r != 'mode'}
    eq(got, want, "core-1: the 27 registers in place (orig_ax -1 in ten bytes)")
    eq(ti['gpregs'].get('mode'), 'NATIVE', "core-1: regs mode native")
    layout = {2: 576, 5: 1088, 6: 1152, 7: 1664, 9: 2688}
    check_fpregs(ti['fpregs'], 1, xs1, 0x247, layout)

    tc = e['tc']
    eq((tc['task_state'], tc['exit_code'], tc['flags'], num(tc['blk_sigset']), tc['comm']),
       ('Alive', 0, 0x400100, 0x10002, 'orthros-test'), "core-1: tc state, flags, sigset, comm")
    eq(tc['timers']['real'], {'isec': 1, 'iusec': 500000, 'vsec': 0, 'vusec': 250000},
       "core-1: itimer real")
    eq(tc['timers']['prof']['vsec'], 3, "core-1: itimer prof")
    eq(tc['timers']['posix'], [{
        'it_id': 0, 'clock_id': 1, 'si_signo': 34, 'it_sigev_notify': 4, 'sival_ptr': 0xdeadbeef,
        'overrun': 0, 'isec': 2, 'insec': 0, 'vsec': 1, 'vnsec': 5, 'notify_thread_id': 5}],
       "core-1: posix timer with its thread")
    eq(tc['rlimits']['rlimits'],
       [{'cur': i * 10, 'max': 2**64 - 1 if i % 2 else i * 100} for i in range(16)],
       "core-1: 16 rlimits, RLIM_INFINITY")
    sigs = tc['signals_s']['signals']
    check(len(sigs) == 1 and siginfo(sigs[0]['siginfo'], 10, 0, 99),
          "core-1: shared pending signal, siginfo 128 raw bytes")
    eq(tc.get('oom_score_adj'), -500, "core-1: oom_score_adj -500 (int32)")
    eq(tc.get('child_subreaper'), True, "core-1: child_subreaper")
    sa = tc['sigactions']
    eq(len(sa), 62, "core-1: exactly 62 sigactions (cr-restore.c wants SIGMAX - 2)")
    order = [s for s in range(1, 65) if s not in (9, 19)]
    want = []
    for s in order:
        if s in (2, 10, 15, 20):
            want.append((0x400000 + s * 16, 0x14000000, 0x7f0000001000, 1 << (s - 1)))
        else:
            want.append((0, 0, 0, 0))
    got = [tuple(num(a[k]) for k in ('sigaction', 'flags', 'restorer', 'mask')) for a in sa]
    eq(got, want, "core-1: sigactions by signal, SIGKILL and SIGSTOP left out")

    t = e['thread_core']
    check_thread_core(t, 1)
    eq((t['sched_nice'], t['sched_policy'], t['sched_prio'], t['pdeath_sig'], t['comm']),
       (-5, 0, 0, 15, 'orthros-test'), "core-1: nice -5 (sint32), pdeath_sig, comm")
    sigs = t['signals_p']['signals']
    check(len(sigs) == 1 and siginfo(sigs[0]['siginfo'], 34, -1, 1),
          "core-1: thread pending signal")
    eq(t.get('rseq_entry'), {'rseq_abi_pointer': 0x7ffff7d8f000, 'rseq_abi_size': 32,
                             'signature': 0x53053053}, "core-1: rseq")


def check_core_thread(img, tid, real, buf, bv, layout):
    e = img['entries'][0]
    check('tc' not in e and 'thread_core' in e and 'thread_info' in e,
          f"core-{tid}: thread_info and thread_core, no tc (restore refuses it on threads)")
    ti = e['thread_info']
    eq(num(ti['gpregs']['ip']), 17 << 56 | tid << 8 | 17, f"core-{tid}: its own registers")
    if real:
        check_real_xsave(ti['fpregs'])
    else:
        check_fpregs(ti['fpregs'], tid, buf, bv, layout)
    t = e['thread_core']
    check_thread_core(t, tid)
    eq(t['comm'], f"worker-{tid}", f"core-{tid}: comm")
    if tid == 5:
        eq((t['sched_policy'], t['sched_prio']), (1, 10), "core-5: SCHED_FIFO prio 10")


def check_zombie(img):
    e = img['entries'][0]
    eq(set(e), {'mtype', 'tc'}, "core-7 (zombie): tc only")
    eq((e['tc']['exit_code'], e['tc']['comm'], 'sigactions' in e['tc']), (0x900, 'zombie', False),
       "core-7: exit status, comm, no sigactions")


def check_mm(img):
    e = img['entries'][0]
    want = {'mm_start_code': 0x400000, 'mm_end_code': 0x401000, 'mm_start_data': 0x402000,
            'mm_end_data': 0x402100, 'mm_start_stack': 0x7fffffffe000,
            'mm_start_brk': 0x403000, 'mm_brk': 0x404000, 'mm_arg_start': 0x7fffffffef00,
            'mm_arg_end': 0x7fffffffef20, 'mm_env_start': 0x7fffffffef20,
            'mm_env_end': 0x7fffffffefe0}
    eq({k: num(e[k]) for k in want}, want, "mm-1: code, data, stack, brk, args, env")
    eq((e['exe_file_id'], e['mm_saved_auxv'], e.get('dumpable'), e.get('thp_disabled')),
       (10, [6, 4096, 9, 0x401000, 0, 0], 1, False), "mm-1: exe_file_id, auxv, dumpable")
    got = [(num(v['start']), num(v['end']), v['pgoff'], v['shmid'], flags(v['prot']),
            flags(v['flags']), flags(v['status']), v['fd'], num(v.get('madv', 0)),
            num(v.get('fdflags'))) for v in e['vmas']]
    want = [
        (0x400000, 0x401000, 0, 10, {'PROT_READ', 'PROT_EXEC'}, {'MAP_PRIVATE'},
         {'VMA_AREA_REGULAR', 'VMA_FILE_PRIVATE'}, -1, 0, 0),
        (0x402000, 0x404000, 0, 0, {'PROT_READ', 'PROT_WRITE'}, {'MAP_PRIVATE', 'MAP_ANON'},
         {'VMA_AREA_REGULAR', 'VMA_ANON_PRIVATE', 'VMA_AREA_HEAP'}, -1, 0, None),
        (0x7ffff7fc1000, 0x7ffff7fc3000, 0, 0, {'PROT_READ', 'PROT_EXEC'},
         {'MAP_PRIVATE', 'MAP_ANON'}, {'VMA_AREA_REGULAR', 'VMA_AREA_VDSO'}, -1, 0, None),
        (0x7ffffffde000, 0x7ffffffff000, 0, 0, {'PROT_READ', 'PROT_WRITE'},
         {'MAP_PRIVATE', 'MAP_ANON', 'MAP_GROWSDOWN'},
         {'VMA_AREA_REGULAR', 'VMA_ANON_PRIVATE', 'VMA_AREA_STACK'}, -1, 1 << 14, None),
    ]
    eq(got, want, "mm-1: VMAs with status bits, fd -1 (sint64), madv, fdflags")


def check_pages(pm, d):
    eq(pm['entries'], [
        {'pages_id': 1},
        {'vaddr': '0x402000', 'nr_pages': 2, 'flags': 'PE_PRESENT'},
        {'vaddr': '0x7fffffffe000', 'nr_pages': 1, 'flags': 'PE_PRESENT'},
    ], "pagemap-1: head with pages_id, then entries")
    with open(os.path.join(d, 'pages-1.img'), 'rb') as f:
        data = f.read()
    eq((len(data), data == pattern_bytes(3 * 4096, 7)), (3 * 4096, True),
       "pages-1: three raw pages, in order, no header")


def check_files(img):
    fown0 = {'uid': 0, 'euid': 0, 'signum': 0, 'pid_type': 0, 'pid': 0}
    ents = {e['id']: e for e in img['entries']}
    eq(sorted(ents), list(range(10, 20)), "files: one entry per file id")

    def reg(i):
        r = ents[i]['reg']
        return (ents[i]['type'], r['id'], flags(r['flags']), r['pos'], r['name'],
                r.get('mode'), r.get('size'), r['fown'])
    eq(reg(10), ('REG', 10, {'O_LARGEFILE'}, 0, '/usr/bin/orthros-test', 0o100755, 12345, fown0),
       "files: REG with mode and size")
    eq(reg(12), ('REG', 12, {'O_DIRECTORY'}, 0, '/tmp', 0o41777, None, fown0),
       "files: REG of a directory (the cwd)")
    eq(reg(13), ('REG', 13, {'O_RDWR', 'O_APPEND'}, 4242, '/dev/null', None, None,
                 {'uid': 1000, 'euid': 1001, 'signum': 29, 'pid_type': 1, 'pid': 1}),
       "files: REG with pos and fown")
    p = [(ents[i]['type'], ents[i]['pipe']['id'], ents[i]['pipe']['pipe_id'],
          num(ents[i]['pipe']['flags'])) for i in (14, 15)]
    eq(p, [('PIPE', 14, 0x1234, 0), ('PIPE', 15, 0x1234, 0x801)], "files: both ends of a pipe")
    eq((ents[17]['type'], ents[17]['fifo']), ('FIFO', {'id': 17, 'pipe_id': 0x5678, 'regf_id': 16}),
       "files: FIFO with its path's REG")
    t = ents[19]
    eq((t['type'], t['tty']['id'], t['tty']['tty_info_id'], num(t['tty']['flags']),
        t['tty']['regf_id']), ('TTY', 19, 30, 2, 18), "files: TTY")


def check_fdinfo(img):
    got = [(e['fd'], e['id'], e['type'], e['flags']) for e in img['entries']]
    eq(got, [(0, 19, 'TTY', 0), (1, 13, 'REG', 1), (2, 19, 'TTY', 0), (3, 14, 'PIPE', 0),
             (4, 15, 'PIPE', 1), (5, 17, 'FIFO', 0)], "fdinfo-22: fds, types, FD_CLOEXEC")


def check_pipe_data(pd, fd):
    got = [(e['pipe_id'], e['bytes'], e.get('size'), base64.b64decode(e['extra']))
           for e in pd['entries']]
    eq(got, [(0x1234, 12, 65536, b'hello, pipe\n'), (0x9999, 0, None, b''),
             (0xabcd, 70000, 1048576, pattern_bytes(70000, 11))],
       "pipes-data: entries each followed by its bytes")
    got = [(e['pipe_id'], e['bytes'], e.get('size'), base64.b64decode(e['extra']))
           for e in fd['entries']]
    eq(got, [(0x5678, 5, None, b'fifo\n')], "fifo-data: the FIFO's bytes")


def check_tty(img):
    e = img['entries'][0]
    termios = {'c_iflag': 0x500, 'c_oflag': 5, 'c_cflag': 0xbf, 'c_lflag': 0x8a3b, 'c_line': 0,
               'c_ispeed': 15, 'c_ospeed': 15,
               'c_cc': [3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0]}
    eq(e, {'id': 30, 'type': 'CONSOLE', 'locked': False, 'exclusive': False,
           'packet_mode': False, 'sid': 1, 'pgrp': 1, 'rdev': 0x501, 'termios': termios,
           'termios_locked': termios,
           'winsize': {'ws_row': 24, 'ws_col': 80, 'ws_xpixel': 0, 'ws_ypixel': 0}},
       "tty-info: console, termios with 19 c_cc, winsize")


def check_fs(img):
    eq(img['entries'][0], {'cwd_id': 12, 'root_id': 11, 'umask': 0o22}, "fs-1: cwd, root, umask")


def check_timens(img):
    eq(img['entries'][0], {'monotonic': {'tv_sec': 1234, 'tv_nsec': 567890000},
                           'boottime': {'tv_sec': 1240, 'tv_nsec': 1}}, "timens-26: the clocks")


def cpu_has_avx():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('flags'):
                    return 'avx' in line.split(':', 1)[1].split()
    except OSError:
        pass
    return False


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: criu-image-check.py TEST-BINARY")
    if not shutil.which('crit'):
        check(False, "crit is installed (Debian package criu: tools/build/install-deps.sh)")
        print(f"{results[0]} passed, {results[1]} failed")
        sys.exit(1)
    d = tempfile.mkdtemp(prefix='criu-image-')
    try:
        p = subprocess.run([sys.argv[1], d], capture_output=True, text=True)
        for line in p.stdout.splitlines():
            if line.startswith('ok ') or line.startswith('not ok '):
                ok = line.startswith('ok ')
                check(ok, 'writer: ' + line.split(' ', 3 if not ok else 2)[-1])
            else:
                print(line)
        check(p.returncode == 0, f"criu-image-test ran (rc {p.returncode})")
        if p.stderr:
            print('# ' + p.stderr.strip().replace('\n', '\n# '))

        check_headers(d)
        imgs = {n: decode(d, n) for n in sorted(MAGICS)}
        for n, img in imgs.items():
            if img is not None:
                eq(img['magic'], MAGICS[n][0], f"crit names {n}'s magic {MAGICS[n][0]}")

        def run(fn, *names, extra=()):
            if any(imgs.get(n) is None for n in names):
                check(False, f"{fn.__name__}: {', '.join(names)} did not decode")
                return
            try:
                fn(*[imgs[n] for n in names], *extra)
            except (KeyError, IndexError, TypeError, ValueError) as e:
                # A field missing or of another type: a wrong number or wire type.
                check(False, f"{fn.__name__}: {', '.join(names)}: {type(e).__name__} {e}")

        run(check_inventory, 'inventory.img')
        run(check_pstree, 'pstree.img')
        run(check_ids, 'ids-1.img')
        xs1 = made_up_xsave(2696, 0x24f)
        run(check_core_leader, 'core-1.img', extra=(xs1,))
        fx = made_up_xsave(512, 0)
        real = cpu_has_avx()
        if not real:
            print("# no AVX on this CPU: core-5 has core-8's FPU state")
        run(check_core_thread, 'core-5.img', extra=(5, real, fx, 3, None))
        run(check_core_thread, 'core-6.img', extra=(6, False, made_up_xsave(832, 4), 4, {2: 576}))
        run(check_core_thread, 'core-8.img', extra=(8, False, fx, 3, None))
        run(check_zombie, 'core-7.img')
        run(check_mm, 'mm-1.img')
        run(check_pages, 'pagemap-1.img', extra=(d,))
        run(check_files, 'files.img')
        run(check_fdinfo, 'fdinfo-22.img')
        run(check_pipe_data, 'pipes-data.img', 'fifo-data.img')
        run(check_tty, 'tty-info.img')
        run(check_fs, 'fs-1.img')
        run(check_timens, 'timens-26.img')
    finally:
        shutil.rmtree(d, ignore_errors=True)
    print(f"{results[0]} passed, {results[1]} failed")
    sys.exit(1 if results[1] else 0)


if __name__ == '__main__':
    main()
