#!/usr/bin/env bash
# Editor-mode latency: the time from saving one card to the live-reload
# (SSE) event, median and p95 over EDITS saves (default 50), for the example
# content and for a generated corpus of APIS cards (default 10,000); and
# the peak RSS of `vitrine serve` on that corpus.
#
#   benches/serve-latency.sh
#   APIS=2500 EDITS=20 benches/serve-latency.sh
#   VITRINE=target/release/vitrine benches/serve-latency.sh   # skip the build
#   BASELINE=/path/to/old/vitrine benches/serve-latency.sh    # the same runs with it
#   PAUSE=4 benches/serve-latency.sh   # seconds between saves (default 0.3)
#
# Two kinds of save: `body` (a paragraph added to the card's text: only
# its own pages change) and `tagline` (its list card changes too, so the
# catalogue pages, its producer's and themes' pages that list it).
#
# The binary is a release build without LTO (the default profile's fat LTO
# takes minutes on the shared machine); say so next to the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
APIS=${APIS:-10000}
EDITS=${EDITS:-50}
GEN=${GEN_CORPUS:-../shared/tools/gen-corpus}
WORK=${WORK:-.bench/serve}
if [ -z "${VITRINE:-}" ]; then
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo build --release --quiet
  VITRINE=target/release/vitrine
fi
mkdir -p "$WORK"
rm -rf "$WORK/example" "$WORK/corpus"
mkdir -p "$WORK/example" "$WORK/corpus"
cp -r content "$WORK/example/content"
"$GEN" "$WORK/corpus/content" --apis "$APIS" >/dev/null

measure() { # binary, name, content folder, kind of edit
  python3 - "$1" "$3" "$EDITS" "$2" "$4" <<'PY'
import os, socket, statistics, subprocess, sys, time, glob
binary, content, edits, name, kind = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
serve = subprocess.Popen([binary, "serve", "--port", "0", "--content", content],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
started = time.monotonic()
url = serve.stdout.readline().strip().removeprefix("serving on ").rstrip("/")
first_build = time.monotonic() - started
host, port = url.removeprefix("http://").split(":")
sse = socket.create_connection((host, int(port)))
sse.sendall(b"GET /__vitrine/events HTTP/1.1\r\nHost: x\r\n\r\n")
buffer = b""
def next_event():
    global buffer
    while True:
        if b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            lines = dict(l.split(b": ", 1) for l in block.split(b"\n") if l.startswith(b"event") or l.startswith(b"data"))
            if b"event" in lines:
                return lines[b"event"].decode()
            continue
        buffer += sse.recv(65536)
assert next_event() == "hello"
card = sorted(glob.glob(os.path.join(content, "api", "*.md")))[0]
original = open(card, encoding="utf-8").read()
times = []
for i in range(edits):
    if kind == "tagline":
        text = original.replace("\ntagline:", f"\ntagline: édition {i} —", 1)
    else:
        head, sep, body = original.partition("\n---\n")
        text = f"{head}{sep}Paragraphe ajouté {i}.\n\n{body}"
    time.sleep(float(os.environ.get("PAUSE", "0.3")))
    t0 = time.monotonic()
    with open(card + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.rename(card + ".tmp", card)
    event = next_event()
    times.append((time.monotonic() - t0) * 1000)
    assert event == "reload", event
rss = 0
for line in open(f"/proc/{serve.pid}/status"):
    if line.startswith("VmHWM:"):
        rss = int(line.split()[1]) // 1024
serve.terminate(); serve.wait()
times.sort()
p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
print(f"{os.path.basename(binary)} {name} {kind}: {edits} edits, edit-to-SSE median {statistics.median(times):.0f} ms, "
      f"p95 {p95:.0f} ms, min {times[0]:.0f} ms; first build {first_build*1000:.0f} ms; "
      f"peak RSS {rss} MB")
PY
}

for binary in "$VITRINE" ${BASELINE:+"$BASELINE"}; do
  for kind in body tagline; do
    measure "$binary" example "$WORK/example/content" "$kind"
    measure "$binary" "corpus-$APIS" "$WORK/corpus/content" "$kind"
  done
done
