#!/usr/bin/env python3
"""service-probe.py PORT LOG: from the host, ask the guest's service (a
TCP port QEMU forwards to the guest's service IP) every 20 ms what it is
until killed.  LOG gets one line per change of answer:
"<host ms> <reply> <host ms of the last answer before>", where the reply
is the first line the service sent or "-" for no answer, so an outage is
the first new answer's time minus the last old answer's."""
import socket
import sys
import time

port, log = int(sys.argv[1]), sys.argv[2]
last, last_at = None, 0.0
start = time.monotonic()
with open(log, "w", buffering=1) as out:
    while True:
        reply = "-"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.settimeout(0.5)
                data = s.recv(64).decode(errors="replace").strip()
                reply = data.splitlines()[0] if data else "-"
        except OSError:
            pass
        now = (time.monotonic() - start) * 1000
        if reply != last:
            out.write("%.1f %s %.1f\n" % (now, reply, last_at))
            last = reply
        if reply != "-":
            last_at = now
        time.sleep(0.02)
