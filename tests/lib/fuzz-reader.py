#!/usr/bin/env python3
"""fuzz-reader.py READER TABLE IMAGE CMD N SEED: run READER (orthros-postmortem
built with ASan and UBSan) N times on mutated copies of IMAGE, an ELF core
of the pages a walk of the frozen primary read (orthros-postmortem -r),
with CMD (tasks, maps, mounts, or files and its options, one argument).  Mutations, mostly in the bytes the walk read
(IMAGE.ranges): bit flips, and words replaced by pointers found elsewhere
in the image (cycles, wrong types), wild kernel addresses, NULL, or nearby
values.  Every run must end with status 0 or 1 (the reader reports
and stops), within 10 s, with no sanitizer report.  Prints one KTAP-style
summary line on stdout; exits 1 on the first bad run (kept as bad-input)."""
import random
import struct
import subprocess
import sys
import tempfile
import os

reader, table, image, cmd, n, seed = sys.argv[1:7]
n, rnd = int(n), random.Random(int(seed))
base = bytearray(open(image, "rb").read())
# Data starts after the ELF header and program headers.
phnum = struct.unpack_from("<H", base, 56)[0]
data_start = 64 + 56 * phnum
words = [o for o in range(data_start, len(base) - 7, 8)
         if struct.unpack_from("<Q", base, o)[0] >> 48 == 0xffff]
# The bytes the walk actually read (IMAGE.ranges): most mutations go there.
read = []
for line in open(image + ".ranges"):
    off, length = map(int, line.split())
    read.extend(range(off, min(off + length, len(base))))
read_words = sorted({o & ~7 for o in read if o >= data_start and (o & ~7) + 8 <= len(base)})
env = dict(os.environ, ASAN_OPTIONS="exitcode=99:detect_leaks=0",
           UBSAN_OPTIONS="halt_on_error=1:exitcode=98:print_stacktrace=1")
outcomes = {0: 0, 1: 0}
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "img")
    for i in range(n):
        img = bytearray(base)
        for _ in range(rnd.randint(1, 4)):
            if read_words and rnd.random() < 0.6:
                o = rnd.choice(read_words)
                kind = rnd.random()
                if kind < 0.4:
                    v = struct.unpack_from("<Q", base, rnd.choice(words))[0]
                elif kind < 0.6:
                    v = 0xffff000000000000 | rnd.getrandbits(48)
                elif kind < 0.7:
                    v = 0
                else:
                    v = (struct.unpack_from("<Q", img, o)[0] + rnd.randint(-4096, 4096)) & (2**64 - 1)
                struct.pack_into("<Q", img, o, v)
            else:
                o = rnd.choice(read) if read and rnd.random() < 0.8 else \
                    rnd.randrange(data_start, len(img))
                img[o] ^= 1 << rnd.randrange(8)
        open(path, "wb").write(img)
        try:
            p = subprocess.run([reader] + cmd.split() + ["-o", table, path], env=env,
                               capture_output=True, timeout=10)
            rc, err = p.returncode, p.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired:
            rc, err = "timeout", ""
        if rc not in (0, 1) or "runtime error" in err or "AddressSanitizer" in err:
            open("bad-input", "wb").write(img)
            print("not ok fuzz %s: run %d ended with %s\n# %s" %
                  (cmd.split()[0], i, rc, "\n# ".join(err.splitlines()[-5:])))
            sys.exit(1)
        outcomes[rc] += 1
print("ok fuzz %s: %d mutated images, %d read through (damage skipped), "
      "%d stopped on a reported error" % (cmd.split()[0], n, outcomes[0], outcomes[1]))
