# awk -v new=NAME -f service-outage.awk service.log: the outage the host
# saw in tests/lib/service-probe.py's log.  Prints "OLD GONE UP": the
# first service to answer, the host ms of its last answer before the
# first answer NAME, and that first answer's host ms; nothing if the log
# shows no answer NAME after another.
$2 != "-" && $2 != new && !old { old = $2 }
old && $2 == "-" && !up { gone = $3 }
old && gone && $2 == new && !up { up = $1 }
END { if (up) printf "%s %.1f %.1f\n", old, gone, up }
