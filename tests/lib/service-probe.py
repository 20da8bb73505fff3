#!/usr/bin/env python3
"""service-probe.py PORT LOG: from the host, ask the guest's service (a
TCP port QEMU forwards to the guest's service IP) every 20 ms what it is
until killed.  LOG gets one line per change of answer:
"<host ms> <reply> <host ms of the last answer before>", where the reply
is the first line the service sent or "-" for no answer, so an outage is
the first new answer's time minus the last old answer's.

Questions do not wait for each other: one asked while the service is
away may wait up to a second, and the next ones are asked meanwhile, so
the return is seen within the 20 ms period.  "No answer" is logged when
a question asked after the last answer is refused, times out, or has
waited 100 ms; answers are logged in the order they came."""
import selectors
import socket
import sys
import time

# s between two questions; every 5 ms, about one takeover in two showed a
# second-long outage the guest did not have (QEMU's user-mode network).
PERIOD = 0.02
TIMEOUT = 1.0   # s a question waits for its answer
STALE = 0.1     # s without an answer that counts as none

port, log = int(sys.argv[1]), sys.argv[2]
start = time.monotonic()
sel = selectors.DefaultSelector()
pending = []
last, last_at, answered_t = None, 0.0, -1.0
out = open(log, "w", buffering=1)


def ms(t):
    return (t - start) * 1000


def change(reply, t):
    global last
    if reply != last:
        out.write("%.1f %s %.1f\n" % (ms(t), reply, last_at))
        last = reply


def outcome(q, reply):
    """Question @q is over with @reply ("-": refused, closed or timed out)."""
    global last_at, answered_t
    t = time.monotonic()
    pending.remove(q)
    try:
        sel.unregister(q.sock)
    except (KeyError, ValueError):
        pass
    q.sock.close()
    if reply != "-":
        change(reply, t)
        last_at, answered_t = ms(t), t
    elif q.asked > answered_t:
        change("-", t)   # nothing answered since it was asked


class Question:
    def __init__(self, t):
        self.asked = t
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        pending.append(self)
        if self.sock.connect_ex(("127.0.0.1", port)) not in (0, 115):  # 115: EINPROGRESS
            outcome(self, "-")
        else:
            sel.register(self.sock, selectors.EVENT_READ, self)

    def readable(self):
        try:
            data = self.sock.recv(64).decode(errors="replace").strip()
        except OSError:
            data = ""
        outcome(self, data.splitlines()[0] if data else "-")


next_ask = time.monotonic()
while True:
    t = time.monotonic()
    if t >= next_ask:
        Question(t)
        next_ask = max(next_ask + PERIOD, t)
    for key, _ in sel.select(max(next_ask - time.monotonic(), 0)):
        key.data.readable()
    t = time.monotonic()
    for q in list(pending):
        if t - q.asked >= TIMEOUT:
            outcome(q, "-")
        elif t - q.asked >= STALE and q.asked > answered_t:
            change("-", t)
