#!/usr/bin/env python3
"""hostio-extract.py HOSTIO.BIN OUTDIR: split the harness channel's output
(tests/lib/hostio.c: "ORTHROS-FILE <name> <size>\\n" <bytes> "\\n" per file)
into OUTDIR/<name>.  Prints one line per file; exits 1 on a damaged frame."""
import os
import sys

data = open(sys.argv[1], "rb").read()
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
pos = 0
while pos < len(data):
    end = data.find(b"\n", pos)
    head = data[pos:end].split() if end >= 0 else []
    if len(head) != 3 or head[0] != b"ORTHROS-FILE" or not head[2].isdigit():
        sys.exit("hostio-extract: damaged frame at byte %d" % pos)
    name = os.path.basename(head[1].decode())
    size = int(head[2])
    body = data[end + 1:end + 1 + size]
    if len(body) != size:
        sys.exit("hostio-extract: %s: %d of %d bytes" % (name, len(body), size))
    with open(os.path.join(out, name), "wb") as f:
        f.write(body)
    print("%s %d" % (name, size))
    pos = end + 1 + size + 1
