"""Benchmark of the desktop app in a real window (not a test: it prints figures, it does not
pass or fail on them). Run it with `bash scripts/bench-app.sh`, which builds the app and sets
up the same environment as the real-window tests.

1. First findings for a 12 MP photo: the time from pressing Add (path field) to the first
   finding box drawn on the canvas, and to the scan being complete; once right after the app
   starts (the models are being loaded in the background) and once warm.
2. Responsiveness while a folder of photos is scanned: a requestAnimationFrame loop in the page
   records the gap between frames for the whole scan; a gap is main-thread work (script, style,
   layout, IPC) plus compositing. Reports the longest gap, the 99th percentile and how many
   exceeded 50 and 100 ms, with the scan's images/s, and the peak resident memory (VmHWM) of
   the app's process (the core, its models and every open image) and of WebKit's processes.

Environment: as tests/app/test_app.py, plus BENCH_FOLDER (default: a temporary folder of 100
photos copied from ../shared/corpus/faces, or made from the fixtures when the corpus is absent)
and BENCH_PHOTOS (default 100).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_app import (  # noqa: E402  (shares the harness with the tests)
    APP, FIXTURE, REPO, SCAN_TIMEOUT, app_env, by_testid, new_session, start_driver, statuses, wait,
)

CORPUS = REPO.parent / "shared" / "corpus" / "faces"

FIRST_BOX_JS = """
const done = arguments[arguments.length - 1];
const t0 = performance.now();
let first = null;
const queue = document.getElementById('queue');
const before = queue.querySelectorAll('[data-testid=queue-item]').length;
// Event-driven (no polling loop competing with the scan for the CPU).
const check = () => {
  if (first === null && document.querySelector('#overlay [data-testid=finding-box]')) first = performance.now() - t0;
  const items = queue.querySelectorAll('[data-testid=queue-item]');
  const last = items.length > before ? items[items.length - 1] : null;
  if (last && last.dataset.status !== 'scanning' && first !== null) {
    obs.disconnect();
    clearTimeout(timer);
    done({first, complete: performance.now() - t0, status: last.dataset.status});
  }
};
const obs = new MutationObserver(check);
obs.observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ['data-status']});
const timer = setTimeout(() => {
  obs.disconnect();
  done({first, complete: null, status: 'timed out'});
}, 120000);
const field = document.querySelector('[data-testid=path-input]');
field.value = arguments[0];
document.querySelector('[data-testid=path-open]').click();
"""

FRAME_MONITOR_JS = """
window.__gaps = [];
window.__cfEventTimes = [];
window.__monitor = true;
let last = performance.now();
const tick = (t) => {
  window.__gaps.push(t - last);
  last = t;
  if (window.__monitor) requestAnimationFrame(tick);
};
requestAnimationFrame(tick);
"""


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory (VmHWM, MB) of each running process of the app's binary and of
    WebKit (its web and network processes), by name; summed per name."""
    app = APP.resolve()
    peaks: dict[str, float] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            exe = Path(os.readlink(status.parent / "exe"))
        except OSError:
            continue
        name = fields.get("Name", "").strip()
        if exe == app:
            name = "clearframe-app"
        elif not name.startswith("WebKit"):
            continue
        kb = int(fields.get("VmHWM", "0 kB").split()[0])
        peaks[name] = peaks.get(name, 0.0) + kb / 1024
    return peaks


def make_photo_12mp(tmp: Path) -> Path:
    src = CORPUS / "dlib_other" / "bald_guys.jpg"
    img = Image.open(src if src.is_file() else FIXTURE).convert("RGB").resize((4032, 3024), Image.LANCZOS)
    out = tmp / "photo-12mp.jpg"
    img.save(out, quality=90)
    return out


def make_folder(tmp: Path, n: int) -> Path:
    if os.environ.get("BENCH_FOLDER"):
        return Path(os.environ["BENCH_FOLDER"])
    folder = tmp / "photos"
    folder.mkdir()
    sources = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    if not sources:
        sources = [REPO / "tests/fixtures" / f for f in ("astronaut.jpg", "badge.png", "wristband.png")]
    for i in range(n):
        src = sources[i % len(sources)]
        shutil.copyfile(src, folder / f"{i:03d}-{src.name}")
    return folder


def session():
    driver = new_session(timeout=300)
    driver.set_script_timeout(SCAN_TIMEOUT)
    wait(driver, "the app to start", lambda d: d.execute_script("return document.body.dataset.ready") == "true")
    return driver


def bench_first_findings(tmp: Path) -> None:
    photo = make_photo_12mp(tmp)
    driver = session()
    try:
        for label in ("just after start (models loading)", "warm"):
            if label == "warm":
                # A fresh page (nothing selected, so the new scan is shown); the app's process,
                # with its loaded models, stays.
                driver.refresh()
                wait(driver, "the page to reload", lambda d: d.execute_script("return document.body.dataset.ready") == "true")
            r = driver.execute_async_script(FIRST_BOX_JS, str(photo))
            first = f"{r['first'] / 1000:.2f} s" if r["first"] is not None else "none"
            complete = f"{r['complete'] / 1000:.2f} s" if r["complete"] is not None else "timed out"
            print(f"bench-app: 12 MP photo, {label}: first finding drawn after {first}, scan complete after {complete} ({r['status']})")
    finally:
        driver.quit()


def bench_responsiveness(tmp: Path, n: int) -> None:
    folder = make_folder(tmp, n)
    count = sum(1 for p in folder.rglob("*") if p.is_file())
    driver = session()
    try:
        driver.execute_script(FRAME_MONITOR_JS)
        time.sleep(1.0)
        driver.execute_script("window.__gaps = []; window.__cfEventTimes = []")
        t0 = time.time()
        by_testid(driver, "path-input").send_keys(str(folder))
        by_testid(driver, "path-open").click()
        deadline = time.time() + 60 * 30
        while True:
            now = statuses(driver)
            if len(now) == count and "scanning" not in now:
                break
            if time.time() > deadline:
                raise RuntimeError(f"scan not finished: {len(now)} of {count} listed")
            if int(time.time() - t0) % 15 == 0:
                activity = driver.execute_script("return document.getElementById('activity-text').textContent")
                print(f"bench-app: … {sum(st != 'scanning' for st in now)} of {count} scanned ({activity})")
            time.sleep(1)
        seconds = time.time() - t0
        gaps = driver.execute_script("window.__monitor = false; return window.__gaps")
        handlers = sorted(driver.execute_script("return window.__cfEventTimes"))
        peaks = peak_rss_mb()
    finally:
        driver.quit()
    gaps.sort()
    p99 = gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))]
    print(f"bench-app: {count} photos from {folder} scanned in {seconds:.1f} s ({count / seconds:.2f} images/s)")
    print(f"bench-app: {len(gaps)} frames: median {statistics.median(gaps):.1f} ms, p99 {p99:.1f} ms, "
          f"longest {gaps[-1]:.1f} ms; {sum(g > 50 for g in gaps)} over 50 ms, {sum(g > 100 for g in gaps)} over 100 ms")
    print("bench-app: peak RSS during the folder's scan: "
          + ", ".join(f"{name} {mb:.0f} MB" for name, mb in sorted(peaks.items())))
    if handlers:
        print(f"bench-app: {len(handlers)} scan events handled: median {statistics.median(handlers):.2f} ms, "
              f"longest {handlers[-1]:.1f} ms, total {sum(handlers):.0f} ms of UI-thread work")


def main() -> int:
    if not APP.is_file():
        print(f"bench-app: {APP} is missing (build it first)", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="clearframe-bench-app-"))
    proc = start_driver(app_env(tmp), tmp / "tauri-driver.log")
    try:
        print(f"bench-app: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
        bench_first_findings(tmp)
        photos = int(os.environ.get("BENCH_PHOTOS", "100"))
        if photos > 0:
            bench_responsiveness(tmp, photos)
        print(f"bench-app: load after {os.getloadavg()[0]:.2f}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
