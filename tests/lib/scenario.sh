# tests/lib/scenario.sh: read scenario descriptors (bash; sourced by
# tests/run and tools/build/mkinitramfs.sh).
#
# tests/scenarios/<name>/scenario.conf is a scenario's descriptor:
# comment lines (what the scenario does and checks: its documentation)
# and NAME=VALUE lines in shell syntax.  tests/scenarios/defaults.conf
# says which NAMEs are harness settings and their defaults; every other
# NAME is a knob, handed to the scenario's scripts (see defaults.conf).
# USE=OTHER reads OTHER's descriptor first (and so on), then this one:
# the scenario inherits OTHER's settings and knobs, and each of OTHER's
# scripts (guest, backup, host) it has no file of its own for.

scenarios_dir=${scenarios_dir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../scenarios" && pwd)}

# The harness settings (tests/scenarios/defaults.conf); any other NAME in a
# descriptor is a knob.
scenario_settings=(TIMEOUT APPEND BACKUP LEND SERVICE REPEAT NO_CHECK USE PRIMARY_KERNEL ICOUNT)

# scenario_names: every scenario, one a line.
scenario_names() {
	local f
	for f in "$scenarios_dir"/*/scenario.conf; do
		[ ! -f "$f" ] || basename "$(dirname "$f")"
	done
}

# scenario_chain NAME: NAME's descriptors in the order they are read
# (USE= first), one a line; fails (with a message) for a bad chain.
scenario_chain() {
	local name=$1 chain=() use
	while [ -n "$name" ]; do
		if [ ! -f "$scenarios_dir/$name/scenario.conf" ]; then
			echo "scenario: no $scenarios_dir/$name/scenario.conf" >&2
			return 1
		fi
		if [ ${#chain[@]} -ge 8 ]; then
			echo "scenario: USE= goes round in circles: ${chain[*]}" >&2
			return 1
		fi
		chain=("$name" "${chain[@]}")
		use=$(sed -n 's/^USE=["'\'']\{0,1\}\([^"'\'' ]*\).*/\1/p' "$scenarios_dir/$name/scenario.conf")
		name=$use
	done
	printf '%s\n' "${chain[@]}"
}

# scenario_script NAME guest|backup|host: the script NAME runs on that
# side, its own or the nearest one along its USE= chain; fails if none.
scenario_script() {
	local name=$1 side=$2 chain i
	mapfile -t chain < <(scenario_chain "$name")
	for ((i = ${#chain[@]} - 1; i >= 0; i--)); do
		if [ -f "$scenarios_dir/${chain[i]}/$side" ]; then
			echo "$scenarios_dir/${chain[i]}/$side"
			return 0
		fi
	done
	return 1
}

# scenario_load NAME: read NAME's descriptors over the defaults and set
#   TIMEOUT APPEND BACKUP SERVICE REPEAT NO_CHECK USE PRIMARY_KERNEL ICOUNT
#                the harness settings
#   END          primary or backup: the kernel whose /init ends the run
#   KNOBS        the knobs, as NAME=VALUE words, in the order first set
#   CMDLINE      the kernel parameters the scenario adds to the primary's:
#                LEND (with a backup), APPEND, then KNOBS
# ORTHROS_APPEND's NAME=VALUE words (upper case) override or add knobs;
# its other words go to the end of APPEND.  REPEAT: ORTHROS_REPEAT
# overrides; PRIMARY_KERNEL: ORTHROS_PRIMARY_KERNEL; ICOUNT: ORTHROS_QEMU_ICOUNT.  Fails, saying why,
# for a bad descriptor.
scenario_load() {
	local name=$1 chain files=() f line n v out words w
	mapfile -t chain < <(scenario_chain "$name")
	[ ${#chain[@]} -gt 0 ] || return 1
	files=("$scenarios_dir/defaults.conf")
	for n in "${chain[@]}"; do
		files+=("$scenarios_dir/$n/scenario.conf")
	done
	for f in "${files[@]}"; do
		while IFS= read -r line || [ -n "$line" ]; do
			case $line in
			'' | '#'*) ;;
			*) [[ $line =~ ^[A-Z][A-Z0-9_]*= ]] || {
				echo "scenario: $f: not a comment or NAME=VALUE: $line" >&2
				return 1; } ;;
			esac
		done <"$f"
	done
	# Sourced in a subshell, so that no knob can touch this shell's
	# variables; it prints each NAME=VALUE, in the order first set.
	out=$(
		names=()
		for f in "${files[@]}"; do
			# shellcheck disable=SC1090
			. "$f" || exit 1
			while IFS= read -r n; do
				[[ " ${names[*]} " == *" $n "* ]] || names+=("$n")
			done < <(sed -n 's/^\([A-Z][A-Z0-9_]*\)=.*/\1/p' "$f")
		done
		for n in "${names[@]}"; do
			printf '%s=%s\n' "$n" "${!n}"
		done
	) || { echo "scenario: $name: a descriptor does not read as shell" >&2; return 1; }

	TIMEOUT= APPEND= BACKUP= SERVICE= REPEAT= NO_CHECK= USE= LEND= PRIMARY_KERNEL= ICOUNT= KNOBS=()
	while IFS= read -r line; do
		n=${line%%=*} v=${line#*=}
		if [[ " ${scenario_settings[*]} " == *" $n "* ]]; then
			printf -v "$n" '%s' "$v"
		else
			KNOBS+=("$n=$v")
		fi
	done <<<"$out"
	for v in ${ORTHROS_APPEND:-}; do
		if [[ $v =~ ^[A-Z][A-Z0-9_]*= ]]; then
			scenario_set_knob "$v"
		else
			APPEND="$APPEND $v"
		fi
	done
	for v in "${KNOBS[@]}"; do
		if [[ $v =~ [[:space:]] ]]; then
			echo "scenario: $name: knob '$v' has a space: knobs travel as kernel parameters" >&2
			return 1
		fi
	done
	case $BACKUP in
	'' | beside) END=primary ;;
	failover) END=backup ;;
	*) echo "scenario: $name: BACKUP='$BACKUP' is not empty, beside or failover" >&2
	   return 1 ;;
	esac
	REPEAT=${ORTHROS_REPEAT:-${REPEAT:-1}}
	PRIMARY_KERNEL=${ORTHROS_PRIMARY_KERNEL:-${PRIMARY_KERNEL:-main}}
	ICOUNT=${ORTHROS_QEMU_ICOUNT:-$ICOUNT}
	[[ $ICOUNT =~ ^[0-9]*$ ]] || {
		echo "scenario: $name: ICOUNT='$ICOUNT' is not empty or a shift (0, 1, ...)" >&2
		return 1
	}
	case $PRIMARY_KERNEL in
	main | old | v61) ;;
	*) echo "scenario: $name: PRIMARY_KERNEL='$PRIMARY_KERNEL' is not main, old or v61" >&2
	   return 1 ;;
	esac
	if [ -z "$TIMEOUT" ]; then
		TIMEOUT=180
		[ -z "$BACKUP" ] || TIMEOUT=600
	fi
	words=()
	[ -z "$BACKUP" ] || read -ra words <<<"$LEND"
	read -ra w <<<"$APPEND"
	words+=("${w[@]}")
	for v in "${KNOBS[@]}"; do
		# An empty knob is as good as none: left off the command line.
		[ -z "${v#*=}" ] || words+=("$v")
	done
	CMDLINE="${words[*]}"
}

# scenario_set_knob NAME=VALUE: replace knob NAME, or add it.
scenario_set_knob() {
	local i
	for i in "${!KNOBS[@]}"; do
		if [ "${KNOBS[i]%%=*}" = "${1%%=*}" ]; then
			KNOBS[i]=$1
			return
		fi
	done
	KNOBS+=("$1")
}

# scenario_summary NAME: the first line of its descriptor's comment.
scenario_summary() {
	sed -n '/^#/{s/^# *//p;q}' "$scenarios_dir/$1/scenario.conf"
}
