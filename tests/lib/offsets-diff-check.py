#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""offsets-diff-check.py ORTHROSCTL: the host test of `orthrosctl offsets diff`.

Writes offset tables as the kernel exports them (struct
orthros_offsets_hdr_ser and its entries, include/uapi/linux/orthros.h in
the series: packed little-endian, CRC-32 without inversion), one of them
also as the text `orthrosctl offsets` prints, and requires the diff's
sections, summary counts and exit status (0 same, 1 differ, 2 trouble)
for same, differing, text and damaged tables.  Prints one "ok"/"not ok"
line per check and ends with "N passed, N failed"; exits non-zero on any
failure.
"""
import os
import struct
import subprocess
import sys
import tempfile
import zlib

MAGIC, VERSION = 0x4f524f31, 1
HDR = struct.Struct('<6I65s3x20s8x32x')  # 152 bytes
ENTRY = struct.Struct('<56sQ')            # 64 bytes
results = [0, 0]


def check(cond, name, detail=''):
    results[0 if cond else 1] += 1
    print(f"{'ok' if cond else 'not ok'} {sum(results)} {name}")
    if not cond and detail:
        print('# ' + detail.strip().replace('\n', '\n# '))
    return cond


def table(release, entries):
    """A binary table; its CRC is crc32_le from 0, as the kernel's."""
    body = b''.join(ENTRY.pack(n.encode(), v) for n, v in entries)
    size = HDR.size + len(body)

    def hdr(crc):
        return HDR.pack(MAGIC, VERSION, size, len(entries), crc, ENTRY.size,
                        release.encode(), bytes(range(20)))
    crc = ~zlib.crc32(hdr(0) + body, 0xffffffff) & 0xffffffff
    return hdr(crc) + body


BASE = [
    ('NUMBER(page_offset_base)', 0xff11000000000000),
    ('SYMBOL(init_task)', 0xffffffff82a0c940),
    ('SIZE(task_struct)', 6528),
    ('OFFSET(task_struct.tasks)', 1168),
    ('OFFSET(task_struct.pid)', 1464),
    ('SIZE(inode)', 600),
    ('OFFSET(inode.i_mapping)', 48),
    ('OFFSET(inode.i_sb)', 40),
]
# B: one entry gone, one new, two offsets and a symbol moved.
CHANGED = {'OFFSET(task_struct.tasks)': 1176, 'OFFSET(inode.i_mapping)': 32,
           'SYMBOL(init_task)': 0xffffffff82a0d940}
B = [(n, CHANGED.get(n, v)) for n, v in BASE if n != 'OFFSET(inode.i_sb)']
B.append(('OFFSET(task_struct.mm_cid)', 2048))


def diff(tool, a, b):
    p = subprocess.run([tool, 'offsets', 'diff', a, b], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    tool = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        path = {k: os.path.join(d, k) for k in ('a', 'b', 'a.txt', 'bad', 'short')}
        with open(path['a'], 'wb') as f:
            f.write(table('6.12.107+', BASE))
        with open(path['b'], 'wb') as f:
            f.write(table('6.12.117+', B))
        bad = bytearray(table('6.12.107+', BASE))
        bad[-1] ^= 1
        with open(path['bad'], 'wb') as f:
            f.write(bad)
        with open(path['short'], 'wb') as f:
            f.write(table('6.12.107+', BASE)[:100])
        with open(path['a.txt'], 'w') as f:
            p = subprocess.run([tool, 'offsets', path['a']], stdout=f)
        check(p.returncode == 0, 'offsets_prints_a_binary_table')

        rc, out, err = diff(tool, path['a'], path['a'])
        check(rc == 0 and 'summary: 0 only in A, 0 only in B, 0 differ, 8 same' in out,
              'diff_same_table_exit_0', f'rc {rc}\n{out}{err}')
        rc, out, err = diff(tool, path['a'], path['a.txt'])
        check(rc == 0 and 'summary: 0 only in A, 0 only in B, 0 differ, 8 same' in out,
              'diff_binary_and_its_text_exit_0', f'rc {rc}\n{out}{err}')

        rc, out, err = diff(tool, path['a.txt'], path['b'])
        want = ('summary: 1 only in A, 1 only in B, 3 differ '
                '(SYMBOL 1, OFFSET 2), 4 same')
        check(rc == 1 and want in out, 'diff_differing_tables_exit_1', f'rc {rc}\n{out}{err}')
        check('release 6.12.107+, 8 entries' in out and 'release 6.12.117+, 8 entries' in out,
              'diff_names_both_releases', out)
        sections = [line.split(':')[0] for line in out.splitlines()
                    if line and not line.startswith(' ')]
        check(sections[2:] == ['only in A', 'only in B', 'differ', 'summary'],
              'diff_sections_in_order', out)
        rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()
                if line.startswith('  ')}
        check(rows.get('OFFSET(inode.i_sb)') == ['40'] and
              rows.get('OFFSET(task_struct.mm_cid)') == ['2048'] and
              rows.get('OFFSET(task_struct.tasks)') == ['1168', '1176'] and
              rows.get('SYMBOL(init_task)') == ['0xffffffff82a0c940', '0xffffffff82a0d940'],
              'diff_rows_name_and_values', out)

        rc, out, err = diff(tool, path['a'], path['bad'])
        check(rc == 2 and 'checksum mismatch' in err, 'diff_damaged_table_exit_2',
              f'rc {rc}\n{out}{err}')
        rc, out, err = diff(tool, path['short'], path['a'])
        check(rc == 2 and 'shorter than its header' in err, 'diff_short_table_exit_2',
              f'rc {rc}\n{out}{err}')
        rc, out, err = diff(tool, path['a'], os.path.join(d, 'missing'))
        check(rc == 2 and 'No such file' in err, 'diff_missing_file_exit_2',
              f'rc {rc}\n{out}{err}')
    print(f"{results[0]} passed, {results[1]} failed")
    sys.exit(1 if results[1] else 0)


if __name__ == '__main__':
    main()
