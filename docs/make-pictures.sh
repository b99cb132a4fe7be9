#!/usr/bin/env bash
# Make the README's pictures from the bundled store:
#   docs/timeline-html.png      the page of `timeline export html` at 1280 px, shot by headless chromium
#   docs/timeline-html-400.png  the same page at 400 px, as a phone shows it
#   docs/stats-by-year.png  `timeline stats --by year` as it looks on an 80-column terminal
#
# Needs `timeline` installed (pip install .), its python (with rich) first on PATH or in
# $PYTHON, Debian's chromium (apt-get install chromium) or $CHROMIUM, and fonts for the
# Hangul, kanji and Cyrillic of the sources' titles (apt-get install fonts-noto-cjk
# fonts-dejavu-core), or they show as boxes.
# Run from anywhere: docs/make-pictures.sh
set -euo pipefail
cd "$(dirname "$0")"
unset MNKTIMELINE_DATA NO_COLOR  # the bundled store, in colour

python="${PYTHON:-python3}"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium" ]; then
  echo "make-pictures: no chromium found; install it (apt-get install chromium) or set CHROMIUM" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

shoot() {  # shoot URL PNG WIDTH HEIGHT
  "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$work/profile-$(basename "$2" .png)" \
    --virtual-time-budget=5000 --window-size="$3,$4" --screenshot="$2" "$1" 2>/dev/null
}

# 1. The HTML page, at a laptop's width and at a phone's.
timeline export html -o "$work/timeline.html"
shoot "file://$work/timeline.html" timeline-html.png 1280 1500
shoot "file://$work/timeline.html" timeline-html-400.png 400 1500

# 2. The stats table: run the command on a pseudo-terminal 80 columns wide, so it draws
#    exactly what a user sees (colours included), then let rich turn that into HTML.
"$python" - "$work/stats.html" "$work/stats.lines" <<'EOF'
import fcntl, io, os, struct, subprocess, sys, termios

from rich.console import Console
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from rich.text import Text

master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
env = dict(os.environ, COLUMNS="80", TERM="xterm-256color")
proc = subprocess.Popen(
    ["timeline", "--no-pager", "stats", "--by", "year"], stdin=slave, stdout=slave, stderr=slave, env=env
)
os.close(slave)
out = b""
while True:
    try:
        data = os.read(master, 1 << 16)
    except OSError:  # EIO: the command has finished and closed the terminal
        break
    if not data:
        break
    out += data
if proc.wait() != 0:
    sys.exit(f"make-pictures: timeline stats failed: {out.decode(errors='replace')}")
text = Text.from_ansi(out.decode("utf-8").replace("\r\n", "\n").rstrip("\n"))
console = Console(record=True, width=80, file=io.StringIO(), force_terminal=True)
console.print(text)
page = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body{{margin:0;padding:16px;background:{background};color:{foreground}}}
pre{{margin:0;font:14px/18px "DejaVu Sans Mono",monospace}}
{stylesheet}</style></head><body><pre><code>{code}</code></pre></body></html>"""
html = console.export_html(theme=DEFAULT_TERMINAL_THEME, code_format=page, inline_styles=False)
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(html)
with open(sys.argv[2], "w") as f:
    f.write(str(len(text.plain.splitlines())))
EOF
lines="$(cat "$work/stats.lines")"
shoot "file://$work/stats.html" stats-by-year.png 720 $((lines * 18 + 32))

echo "make-pictures: wrote docs/timeline-html.png, docs/timeline-html-400.png and docs/stats-by-year.png" >&2
