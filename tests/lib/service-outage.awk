# awk -v new=NAME -f service-outage.awk service.log: the outage the host
# saw in tests/lib/service-probe.py's log.  Prints "OLD GONE UP": the
# first service to answer, the host ms of its last answer before the
# first answer NAME (that line's last field: a "no answer" line between
# may be missing when the probe itself was held up), and that first
# answer's host ms; nothing if the log shows no answer NAME after another.
$2 != "-" && $2 != new && !old { old = $2 }
old && $2 == new && !up { up = $1; gone = $3 }
END { if (up) printf "%s %.1f %.1f\n", old, gone, up }
