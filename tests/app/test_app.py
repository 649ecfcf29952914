"""Real-window end-to-end test of the ClearFrame desktop app.

Drives the built `clearframe-app` through tauri-driver (WebDriver → WebKitWebDriver) in a real
WebKitGTK window, normally under Xvfb (see scripts/app-e2e.sh, which sets everything up).
test_review_and_export: open tests/fixtures/astronaut.jpg through the path field, see the face
finding (and the text findings on two more fixtures), find Export blocked until the policy's
attestations and consent reference are given, select the face and dismiss it with D, cover it
again, draw a region by dragging, change its method, undo and redo, move it with the keyboard,
export into a temporary folder, then check the file independently (no metadata, face and drawn
regions changed, the rest not) and the audit ledger (one row, via the `clearframe` CLI and the
app's audit view with its filter and chain check); then the batch keys N (next to review) and A
(mark reviewed). test_metadata_panel_spells_out_gps: a copy of the fixture with a GPS position
and an author, spelled out in the notice and the metadata tab. test_batch_export_of_a_folder,
test_vet_and_redact_a_deck and test_vet_and_redact_a_pdf: a folder exported in one go, and a
deck's and a PDF's redacted copies (a flagged line kept with a reason) through the document view. Saves
target/app-e2e/screenshot.png (CLEARFRAME_SCREENSHOT=docs/screenshot.png refreshes the README picture).

Environment: CLEARFRAME_APP (the app binary), CLEARFRAME_CLI (the CLI binary), TAURI_DRIVER
(default `tauri-driver`), CLEARFRAME_SCREENSHOT (default target/app-e2e/screenshot.png, so a test run leaves the
work tree clean; set it to docs/screenshot.png to refresh the README's picture; empty to skip).
Prints `app-e2e: N passed, M failed` and exits non-zero on failure.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter, ImageStat
from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
APP = Path(os.environ.get("CLEARFRAME_APP", REPO / "target/debug/clearframe-app"))
CLI = Path(os.environ.get("CLEARFRAME_CLI", REPO / "target/debug/clearframe"))
DRIVER = os.environ.get("TAURI_DRIVER", "tauri-driver")
SCREENSHOT = os.environ.get("CLEARFRAME_SCREENSHOT", str(REPO / "target/app-e2e/screenshot.png"))
FIXTURE = REPO / "tests/fixtures/astronaut.jpg"
PORT = 4444
NATIVE_PORT = 4445
# First scan loads and verifies the models; generous for a cold, slow machine.
SCAN_TIMEOUT = 180


class TauriOptions(ArgOptions):
    """Capabilities tauri-driver understands: the `wry` browser and the app to start."""

    def __init__(self, application: Path) -> None:
        super().__init__()
        self.set_capability("browserName", "wry")
        self.set_capability("tauri:options", {"application": str(application)})

    def to_capabilities(self) -> dict:
        return dict(self._caps)

    @property
    def default_capabilities(self) -> dict:
        return {}


def wait_port(port: int, timeout: float) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listening on port {port} after {timeout}s")


def by_testid(driver, testid: str):
    return driver.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def text_of(driver, testid: str) -> str:
    """An element's text content (WebKitWebDriver's element text is empty for some
    ellipsised elements, so read the DOM)."""
    return driver.execute_script(
        f"return document.querySelector('[data-testid=\"{testid}\"]')?.textContent ?? ''")


def all_by_testid(driver, testid: str):
    return driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def wait(driver, what: str, cond, timeout: float = 20):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.25,
                             ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
                             ).until(lambda d: cond(d))
    except Exception as e:  # noqa: BLE001 - name what we were waiting for
        raise AssertionError(f"timed out after {timeout}s waiting for {what}") from e


def statuses(driver) -> list[str]:
    return driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=queue-item]')].map(e => e.dataset.status)")


def leave_visible(driver, reason: str) -> None:
    """D on the selected region, then its reason typed and confirmed in the dialog."""
    ActionChains(driver).send_keys("d").perform()
    wait(driver, "the dismiss dialog", lambda d: by_testid(d, "dismiss-dialog").get_attribute("open") is not None)
    by_testid(driver, "dismiss-reason").send_keys(reason)
    by_testid(driver, "dismiss-confirm").click()


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """The marker segments before the scan data: (marker, payload)."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    out, i = [], 2
    while i + 4 <= len(data):
        assert data[i] == 0xFF, f"bad marker at {i}"
        marker = data[i + 1]
        if marker == 0xD9:
            break
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        out.append((marker, data[i + 4 : i + 2 + length]))
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        i += 2 + length
    return out


def assert_clean_jpeg(path: Path) -> None:
    data = path.read_bytes()
    assert data.endswith(b"\xff\xd9"), "trailing bytes after the end of image"
    for marker, payload in jpeg_segments(data):
        name = f"0xFF{marker:02X}"
        assert marker != 0xFE, "COM comment segment present"
        if 0xE1 <= marker <= 0xEF:
            raise AssertionError(f"metadata segment {name} present: {payload[:16]!r}")
        if marker == 0xE0:
            assert payload.startswith(b"JFIF\x00"), f"unexpected APP0 {payload[:8]!r}"
    if shutil.which("exiftool"):
        tags = json.loads(subprocess.run(["exiftool", "-j", "-G", str(path)], check=True,
                                         capture_output=True, text=True).stdout)[0]
        groups = {k.split(":")[0] for k in tags if ":" in k}
        # ExifTool/File/Composite describe the file itself; JFIF is the bare APP0 header.
        extra = groups - {"ExifTool", "File", "JFIF", "Composite"}
        gps = [k for k in tags if "GPS" in k]
        assert not extra and not gps, f"exiftool found metadata: {sorted(extra)} {gps}"


def test_review_and_export(driver, tmp: Path) -> None:
    out_dir = tmp / "out"
    ledger = Path(os.environ["CLEARFRAME_LEDGER"])
    wait(driver, "the app to start", lambda d: d.execute_script("return document.body.dataset.ready") == "true")
    assert driver.title == "ClearFrame"

    # Open the fixture through the path field (no native dialog needed).
    field = by_testid(driver, "path-input")
    field.send_keys(str(FIXTURE))
    by_testid(driver, "path-open").click()
    wait(driver, "the scan to finish", lambda d: statuses(d) == ["review"], SCAN_TIMEOUT)
    faces = driver.find_elements(By.CSS_SELECTOR, '[data-testid="finding-box"][data-kind="face"]')
    assert len(faces) >= 1, "no face box drawn"
    assert "1 face" in text_of(driver, "queue-item"), text_of(driver, "queue-item")
    assert not all_by_testid(driver, "no-face-warning"), "no-face warning shown although a face was found"
    wait(driver, "the preview", lambda d: (by_testid(d, "preview").get_attribute("src") or "").startswith("data:image/jpeg"))

    # Two more images, with text and no face: the no-face warning is a reason to look again,
    # and the app asks the reviewer to confirm they did before it lets the image out.
    for name in ("badge.png", "wristband.png"):
        field = by_testid(driver, "path-input")
        field.send_keys(str(REPO / "tests/fixtures" / name))
        by_testid(driver, "path-open").click()
    wait(driver, "three scanned images", lambda d: statuses(d) == ["review"] * 3, SCAN_TIMEOUT)
    all_by_testid(driver, "queue-item")[1].click()
    wait(driver, "the no-face warning", lambda d: len(all_by_testid(d, "no-face-warning")) == 1)
    text_boxes = driver.find_elements(By.CSS_SELECTOR, '[data-testid="finding-box"][data-kind="text"]')
    assert len(text_boxes) >= 1, "no text box drawn on the badge"
    # Each text finding says what was read and what it probably is.
    rows = driver.find_elements(By.CSS_SELECTOR, '[data-testid="finding-row"][data-kind="text"]')
    read = {r.find_element(By.CSS_SELECTOR, '[data-testid="finding-text"]').get_attribute("textContent").strip(' “”'):
            r.find_element(By.CSS_SELECTOR, '[data-testid="finding-category"]').get_attribute("data-category")
            for r in rows if r.find_elements(By.CSS_SELECTOR, '[data-testid="finding-text"]')}
    assert read.get("JOHN SMITH") == "name", read
    assert read.get("MRN 4821-7730") == "id_number", read
    assert read.get("DOB 03/14/1962") == "date", read
    if SCREENSHOT:
        # The badge under review: what was read and its category, beside each text region.
        shot = Path(SCREENSHOT)
        driver.save_screenshot(str(shot.with_name(shot.stem + "-text" + shot.suffix)))
    assert "0 faces" in all_by_testid(driver, "queue-item")[1].get_attribute("textContent")
    all_by_testid(driver, "queue-item")[0].click()
    wait(driver, "the astronaut to be selected again", lambda d: text_of(d, "image-name") == "astronaut.jpg")
    assert not all_by_testid(driver, "no-face-warning")

    # Consent panel: Stanford peds, clinical photo to a teaching site, output folder given.
    Select(by_testid(driver, "policy")).select_by_value("stanford-peds")
    Select(by_testid(driver, "subject")).select_by_value("clinical")
    Select(by_testid(driver, "destination")).select_by_value("teaching-site")
    by_testid(driver, "out-dir").send_keys(str(out_dir))
    export = by_testid(driver, "export")

    def unmet(d) -> list[str]:
        return d.execute_script(
            "return [...document.querySelectorAll('[data-testid=unmet]')].map(e => e.dataset.unmet)")

    wait(driver, "the gate to list missing consent", lambda d: "consent-ref" in unmet(d))
    missing = unmet(driver)
    assert "attestation:patient-consent" in missing, missing
    assert "attestation:deidentification-reviewed" in missing, missing
    assert not export.is_enabled(), "Export enabled without consent"
    assert "blocked" in text_of(driver, "gate-status").lower()
    export_click_anyway = driver.execute_script("arguments[0].click(); return arguments[0].disabled", export)
    assert export_click_anyway is True
    time.sleep(0.5)
    assert not out_dir.exists() or not any(out_dir.iterdir()), "something was written without consent"

    # The attestations show the policy's exact text and clause.
    boxes = all_by_testid(driver, "attestation")
    assert len(boxes) == 2, f"expected 2 attestations, got {len(boxes)}"
    panel = text_of(driver, "attestations")
    assert "stanford-peds.txt" in panel, panel

    # Clicking a region selects it (handles appear); D asks for a reason to leave it visible.
    face = driver.find_element(By.CSS_SELECTOR, '[data-testid="finding-box"][data-kind="face"]')
    face.click()
    wait(driver, "the face to be selected", lambda d: d.find_element(
        By.CSS_SELECTOR, '[data-testid="finding-box"][data-kind="face"]').get_attribute("aria-pressed") == "true")
    assert driver.find_elements(By.CSS_SELECTOR, '.box.selected .handle'), "no resize handles on the selected region"
    ActionChains(driver).send_keys("d").perform()
    wait(driver, "the dismiss dialog", lambda d: by_testid(d, "dismiss-dialog").get_attribute("open") is not None)
    by_testid(driver, "dismiss-reason").send_keys("e2e: checking the dismissal path")
    by_testid(driver, "dismiss-confirm").click()
    face_sel = '[data-testid="finding-box"][data-kind="face"]'
    wait(driver, "the face to be dismissed", lambda d: d.find_element(By.CSS_SELECTOR, face_sel).get_attribute("data-decision") == "dismiss")
    face_row = '[data-testid="finding-row"][data-kind="face"] [data-testid="finding-action"]'
    driver.find_element(By.CSS_SELECTOR, face_row).click()
    wait(driver, "the face to be covered again", lambda d: d.find_element(By.CSS_SELECTOR, face_sel).get_attribute("data-decision") == "redact")
    # Esc cancels "Leave visible", also after an earlier one was confirmed (a dialog closed with
    # Esc keeps its last returnValue, which must not count as a second confirmation).
    driver.find_element(By.CSS_SELECTOR, face_sel).click()
    ActionChains(driver).send_keys("d").perform()
    wait(driver, "the dismiss dialog again", lambda d: by_testid(d, "dismiss-dialog").get_attribute("open") is not None)
    by_testid(driver, "dismiss-reason").send_keys("typed, then cancelled")
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    wait(driver, "the dialog to close", lambda d: by_testid(d, "dismiss-dialog").get_attribute("open") is None)
    time.sleep(1.0)  # an edit, if one were sent, lands well within this
    assert driver.find_element(By.CSS_SELECTOR, face_sel).get_attribute("data-decision") == "redact", \
        "Esc dismissed the face"
    face_box = [int(v) for v in driver.find_element(By.CSS_SELECTOR, face_sel).get_attribute("data-box").split(",")]

    # Draw a region the detector missed (bottom-left corner of the picture), make it pixelated,
    # undo that, redo it: the plan keeps every step, and the export must cover the region.
    overlay = by_testid(driver, "overlay")
    size = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height]", overlay)
    w_css, h_css = size
    (ActionChains(driver)
     .move_to_element_with_offset(overlay, int(-w_css / 2 + w_css * 0.04), int(h_css / 2 - h_css * 0.22))
     .click_and_hold()
     .move_by_offset(int(w_css * 0.18), int(h_css * 0.14))
     .release()
     .perform())
    manual_sel = '[data-testid="finding-box"][data-kind="manual"]'
    wait(driver, "the drawn region", lambda d: len(d.find_elements(By.CSS_SELECTOR, manual_sel)) == 1)
    manual = driver.find_element(By.CSS_SELECTOR, manual_sel)
    mx, my, mw, mh = [int(v) for v in manual.get_attribute("data-box").split(",")]
    assert mw > 40 and mh > 30 and mx < 60 and my > 300, (mx, my, mw, mh)
    assert manual.get_attribute("data-method") == "fill"
    assert "1 region" in text_of(driver, "queue-item"), text_of(driver, "queue-item")
    Select(driver.find_element(By.CSS_SELECTOR, '[data-testid="finding-row"][data-kind="manual"] [data-testid="finding-method"]')).select_by_value("pixelate")
    wait(driver, "the region to be pixelated", lambda d: d.find_element(By.CSS_SELECTOR, manual_sel).get_attribute("data-method") == "pixelate")
    by_testid(driver, "undo").click()
    wait(driver, "undo back to fill", lambda d: d.find_element(By.CSS_SELECTOR, manual_sel).get_attribute("data-method") == "fill")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, Keys.SHIFT, "z")
    wait(driver, "redo to pixelate", lambda d: d.find_element(By.CSS_SELECTOR, manual_sel).get_attribute("data-method") == "pixelate")
    # Move it with the keyboard: select it, then Shift+Right moves it right.
    driver.find_element(By.CSS_SELECTOR, manual_sel).click()
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.ARROW_RIGHT).key_up(Keys.SHIFT).perform()
    wait(driver, "the region to move right", lambda d: int(d.find_element(By.CSS_SELECTOR, manual_sel).get_attribute("data-box").split(",")[0]) > mx)
    manual_box = [int(v) for v in driver.find_element(By.CSS_SELECTOR, manual_sel).get_attribute("data-box").split(",")]

    # Give the consent: tick every attestation, enter the consent reference and reviewer.
    for box in all_by_testid(driver, "attestation"):
        if not box.is_selected():
            box.click()
    by_testid(driver, "consent-ref").send_keys("CF-2026-0042")
    by_testid(driver, "reviewer").send_keys("E2E Reviewer")
    wait(driver, "Export to be enabled", lambda d: by_testid(d, "export").is_enabled())
    assert unmet(driver) == [], unmet(driver)

    by_testid(driver, "view-redacted").click()
    by_testid(driver, "export").click()
    wait(driver, "the export result", lambda d: by_testid(d, "export-result").is_displayed() and text_of(d, "export-result").strip() != "", 60)
    result = text_of(driver, "export-result")
    assert "Exported and verified" in result, result
    output = Path(text_of(driver, "export-output").strip())
    wait(driver, "the queue to show Exported", lambda d: statuses(d) == ["exported", "review", "review"])

    # The file, checked independently of the app.
    files = list(out_dir.iterdir())
    assert files == [output], f"expected only {output}, found {files}"
    assert output.name.startswith("redacted-") and output.suffix == ".jpg", output.name
    assert_clean_jpeg(output)
    original = Image.open(FIXTURE).convert("RGB")
    exported = Image.open(output).convert("RGB")
    assert exported.size == original.size
    x, y, w, h = face_box
    region = (x, y, x + w, y + h)
    diff = ImageStat.Stat(ImageChops.difference(original.crop(region), exported.crop(region))).mean
    assert sum(diff) / 3 > 10, f"face region barely changed (mean difference {diff})"
    # Blurred to a few cells: far less detail (edge energy) than the original face.
    edges_before = sum(ImageStat.Stat(original.crop(region).filter(ImageFilter.FIND_EDGES)).mean)
    edges_after = sum(ImageStat.Stat(exported.crop(region).filter(ImageFilter.FIND_EDGES)).mean)
    assert edges_after < edges_before / 3, f"face region still detailed ({edges_after:.1f} vs {edges_before:.1f})"
    mx, my, mw, mh = manual_box
    drawn = (mx, my, mx + mw, my + mh)
    diff_drawn = ImageStat.Stat(ImageChops.difference(original.crop(drawn), exported.crop(drawn))).mean
    assert sum(diff_drawn) / 3 > 8, f"the drawn region was not redacted (mean difference {diff_drawn})"
    outside = (original.width - 40, original.height - 40, original.width, original.height)
    diff_out = ImageStat.Stat(ImageChops.difference(original.crop(outside), exported.crop(outside))).mean
    assert sum(diff_out) / 3 < 6, f"pixels outside the findings changed (mean difference {diff_out})"

    if SCREENSHOT:
        driver.execute_script("document.querySelector('.consent-body').scrollTop = 0")
        time.sleep(0.8)  # let the redacted preview settle
        Path(SCREENSHOT).parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(SCREENSHOT)
        print(f"app-e2e: screenshot saved to {SCREENSHOT}")

    # The ledger: exactly one row, the export (a disabled button records nothing).
    listing = subprocess.run([str(CLI), "audit", "list", "--ledger", str(ledger)], check=True,
                             capture_output=True, text=True).stdout.strip().splitlines()
    assert len(listing) == 1, f"expected one ledger row, got: {listing}"
    assert "exported" in listing[0] and "stanford-peds" in listing[0], listing[0]
    verify = subprocess.run([str(CLI), "audit", "verify", "--ledger", str(ledger)], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr

    # The same row in the app's audit view, and its chain check.
    by_testid(driver, "audit-open").click()
    wait(driver, "the audit rows", lambda d: len(all_by_testid(d, "audit-row")) == 1)
    row = all_by_testid(driver, "audit-row")[0]
    assert row.get_attribute("data-outcome") == "exported"
    assert "CF-2026-0042" in row.get_attribute("textContent")
    by_testid(driver, "audit-filter").send_keys("no-such-consent")
    wait(driver, "the filter to hide the row", lambda d: len(all_by_testid(d, "audit-row")) == 0)
    by_testid(driver, "audit-filter").clear()
    by_testid(driver, "audit-filter").send_keys("CF-2026")
    wait(driver, "the filter to show the row", lambda d: len(all_by_testid(d, "audit-row")) == 1)
    by_testid(driver, "audit-verify").click()
    wait(driver, "the chain check", lambda d: by_testid(d, "audit-verify-result").get_attribute("data-ok") == "true")
    assert "Intact" in text_of(driver, "audit-verify-result")
    by_testid(driver, "audit-close").click()
    wait(driver, "the audit view to close", lambda d: by_testid(d, "audit-dialog").get_attribute("open") is None)

    # Batch keyboard flow: N goes to the next image needing review, A marks it reviewed.
    driver.find_element(By.TAG_NAME, "body").send_keys("n")
    wait(driver, "the badge to be selected", lambda d: text_of(d, "image-name") == "badge.png")
    driver.find_element(By.TAG_NAME, "body").send_keys("a")
    wait(driver, "badge reviewed, wristband selected",
         lambda d: statuses(d) == ["exported", "reviewed", "review"] and text_of(d, "image-name") == "wristband.png")



def test_batch_export_of_a_folder(driver, tmp: Path) -> None:
    """A folder from one patient: each image reviewed with A, the consent given once, then
    "Export all reviewed" exports every image the gate lets out (one ledger row each) and
    lists the one it holds back (no face found and not confirmed)."""
    wait(driver, "the app to start", lambda d: d.execute_script("return document.body.dataset.ready") == "true")
    folder = tmp / "patient-folder"
    folder.mkdir()
    for i in range(3):
        shutil.copyfile(FIXTURE, folder / f"visit-{i}.jpg")
    shutil.copyfile(REPO / "tests/fixtures/badge.png", folder / "visit-3-badge.png")
    out_dir = tmp / "batch-out"
    by_testid(driver, "path-input").send_keys(str(folder))
    by_testid(driver, "path-open").click()
    wait(driver, "four scanned images", lambda d: statuses(d) == ["review"] * 4, SCAN_TIMEOUT)
    body = driver.find_element(By.TAG_NAME, "body")
    for _ in range(4):
        body.send_keys("a")
    wait(driver, "every image reviewed", lambda d: statuses(d) == ["reviewed"] * 4)
    export_all = by_testid(driver, "export-all")
    Select(by_testid(driver, "policy")).select_by_value("stanford-peds")
    Select(by_testid(driver, "subject")).select_by_value("clinical")
    Select(by_testid(driver, "destination")).select_by_value("teaching-site")
    # (The field keeps the folder of the last export; replaced as a user pasting a path would.)
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))",
                          by_testid(driver, "out-dir"), str(out_dir))
    wait(driver, "the batch button", lambda d: export_all.is_displayed() and export_all.is_enabled())
    assert "4 reviewed" in export_all.text, export_all.text

    def batch_items(d) -> list[tuple[str, str]]:
        return d.execute_script("return [...document.querySelectorAll('[data-testid=batch-item]')]"
                                ".map(e => [e.dataset.ready, e.textContent])")

    # Without consent every image is held back and nothing can be confirmed.
    export_all.click()
    wait(driver, "the batch dialog", lambda d: by_testid(d, "batch-dialog").get_attribute("open") is not None)
    items = batch_items(driver)
    assert len(items) == 4 and all(ready == "false" for ready, _ in items), items
    assert not by_testid(driver, "batch-confirm").is_enabled()
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    wait(driver, "the dialog to close", lambda d: by_testid(d, "batch-dialog").get_attribute("open") is None)
    assert not out_dir.exists(), "something was written without consent"

    for box in all_by_testid(driver, "attestation"):
        if not box.is_selected():
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
    by_testid(driver, "consent-ref").send_keys("CF-BATCH-7")
    export_all.click()
    wait(driver, "the batch dialog", lambda d: by_testid(d, "batch-dialog").get_attribute("open") is not None)
    items = batch_items(driver)
    ready = [t for r, t in items if r == "true"]
    held = [t for r, t in items if r == "false"]
    assert len(ready) == 3, items
    assert len(held) == 1 and "visit-3-badge.png" in held[0] and "No face was found" in held[0], held
    confirm = by_testid(driver, "batch-confirm")
    assert confirm.is_enabled() and "3" in confirm.text, confirm.text
    confirm.click()
    wait(driver, "the batch to be exported",
         lambda d: statuses(d) == ["exported"] * 3 + ["reviewed"], 120)
    wait(driver, "the batch result", lambda d: by_testid(d, "export-result").get_attribute("data-exported") == "3")
    files = sorted(out_dir.iterdir())
    assert len(files) == 3, files
    for f in files:
        assert_clean_jpeg(f)
    listing = subprocess.run([str(CLI), "audit", "list", "--ledger", os.environ["CLEARFRAME_LEDGER"]],
                             check=True, capture_output=True, text=True).stdout
    rows = [line for line in listing.splitlines() if "CF-BATCH-7" in line]
    assert len(rows) == 3 and all("exported" in r for r in rows), listing


def make_deck(path: Path) -> bytes:
    """A one-slide deck: a title naming a patient over the astronaut photo (with its EXIF),
    properties naming the author and the hospital. Returns the picture's bytes."""
    import zipfile
    ns = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
          'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'

    def rels(items):
        return (head + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in items)
                + "</Relationships>")
    picture = FIXTURE.read_bytes()
    parts = {
        "[Content_Types].xml": head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="jpeg" ContentType="image/jpeg"/>'
        '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
        '<Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>",
        "_rels/.rels": rels([("rId1", f"{rel}/officeDocument", "ppt/presentation.xml"),
                             ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
                             ("rId3", f"{rel}/extended-properties", "docProps/app.xml")]),
        "ppt/presentation.xml": head + f'<p:presentation {ns}><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst>'
        '<p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>',
        "ppt/_rels/presentation.xml.rels": rels([("rId2", f"{rel}/slide", "slides/slide1.xml")]),
        "ppt/slides/slide1.xml": head + f'<p:sld {ns}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
        '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>Patient John Smith, MRN 4821-7730</a:t></a:r></a:p><a:p><a:r><a:t>Presented by Dr. Jane Roe</a:t></a:r></a:p></p:txBody></p:sp>'
        '<p:pic><p:nvPicPr><p:cNvPr id="3" name="Picture 2"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId2"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        '<p:spPr><a:xfrm><a:off x="1524000" y="1600200"/><a:ext cx="6096000" cy="4572000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
        "</p:spTree></p:cSld></p:sld>",
        "ppt/slides/_rels/slide1.xml.rels": rels([("rId2", f"{rel}/image", "../media/image1.jpeg")]),
        "docProps/core.xml": head + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Dr. Jane Roe</dc:creator><cp:lastModifiedBy>Jane Roe</cp:lastModifiedBy></cp:coreProperties>',
        "docProps/app.xml": head + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Company>St. Example Hospital</Company></Properties>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        z.writestr("ppt/media/image1.jpeg", picture)
    return picture


def test_vet_and_redact_a_deck(driver, tmp: Path) -> None:
    """A slide deck opens in the document view: its author, its picture's face and the
    patient's name in the title are reported; the redacted copy is refused until the consent
    panel is complete, then written with the picture redacted, the author gone, the patient's
    name replaced by "[redacted]" and the presenter's name kept with the reviewer's reason."""
    import zipfile
    wait(driver, "the app to start", lambda d: d.execute_script("return document.body.dataset.ready") == "true")
    deck = tmp / "grand-rounds.pptx"
    picture = make_deck(deck)
    out_dir = tmp / "deck-out"
    by_testid(driver, "path-input").send_keys(str(deck))
    by_testid(driver, "path-open").click()
    dialog = by_testid(driver, "doc-dialog")
    wait(driver, "the deck to be vetted", lambda d: dialog.get_attribute("data-state") in ("vetted", "error"), SCAN_TIMEOUT)
    assert dialog.get_attribute("data-state") == "vetted", text_of(driver, "doc-status")
    items = [e.get_attribute("textContent") for e in all_by_testid(driver, "doc-item")]
    assert any("Jane Roe" in i for i in items), items
    assert any("face" in i and "image1.jpeg" in i for i in items), items
    assert any("John Smith" in i for i in items), items
    assert statuses(driver) == [], "a deck is not an image for the queue"
    # Its concerns follow a change of language at once (the shell sent them in both).
    set_language = "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'))"
    driver.execute_script(set_language, by_testid(driver, "language"), "fr")
    wait(driver, "the concerns in French", lambda d: any(
        "détection(s) de type visage" in e.get_attribute("textContent") for e in all_by_testid(d, "doc-item")))
    driver.execute_script(set_language, by_testid(driver, "language"), "en")
    wait(driver, "the concerns in English", lambda d: any(
        "face finding(s)" in e.get_attribute("textContent") for e in all_by_testid(d, "doc-item")))

    Select(by_testid(driver, "policy")).select_by_value("stanford-peds")
    Select(by_testid(driver, "subject")).select_by_value("clinical")
    Select(by_testid(driver, "destination")).select_by_value("teaching-site")
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))",
                          by_testid(driver, "out-dir"), str(out_dir))
    by_testid(driver, "doc-export").click()
    wait(driver, "what is missing", lambda d: len(all_by_testid(d, "doc-unmet")) >= 2)
    assert not out_dir.exists(), "something was written without consent"

    for box in all_by_testid(driver, "attestation"):
        if not box.is_selected():
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
    by_testid(driver, "consent-ref").send_keys("CF-DECK-3")
    # Both flagged lines are listed; the presenter's name is kept, with a reason.
    texts = [e.get_attribute("textContent") for e in all_by_testid(driver, "doc-flagged")]
    assert any("John Smith" in t for t in texts) and any("Jane Roe" in t for t in texts), texts
    i = next(i for i, t in enumerate(texts) if "Jane Roe" in t)
    keep = all_by_testid(driver, "doc-keep")[i]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", keep)
    keep.click()
    all_by_testid(driver, "doc-keep-reason")[i].send_keys("the presenter, who consented")
    by_testid(driver, "doc-export").click()
    wait(driver, "the redacted deck", lambda d: by_testid(d, "doc-result").get_attribute("data-exported") == "true", 120)
    output = Path(text_of(driver, "doc-output").strip())
    assert output.parent == out_dir and output.suffix == ".pptx", output
    replaced = text_of(driver, "doc-text-replaced")
    assert replaced.startswith("1 piece") and "[redacted]" in replaced, replaced
    assert all_by_testid(driver, "doc-left") == [], "nothing is left to edit by hand"
    with zipfile.ZipFile(output) as z:
        names = z.namelist()
        assert "ppt/media/image1.jpeg" in names, names
        redacted = z.read("ppt/media/image1.jpeg")
        core = z.read("docProps/core.xml").decode()
        slide = z.read("ppt/slides/slide1.xml").decode()
    assert "John Smith" not in slide and "[redacted]" in slide, slide
    assert "Presented by Dr. Jane Roe" in slide, "the kept line stays"
    assert redacted != picture
    assert b"Exif" not in redacted[:4096], "the copy's picture still carries EXIF"
    assert "Jane Roe" not in core, core
    listing = subprocess.run([str(CLI), "audit", "list", "--ledger", os.environ["CLEARFRAME_LEDGER"]],
                             check=True, capture_output=True, text=True).stdout
    rows = [line for line in listing.splitlines() if "CF-DECK-3" in line]
    assert len(rows) == 1 and "exported" in rows[0], listing


def make_pdf(path: Path) -> None:
    """A one-page letter PDF written by hand: the patient's name and record number, the
    presenter's name, and a harmless line, in Helvetica, and the astronaut photo (a face); an
    author in its Info dictionary."""
    content = ("BT /F1 20 Tf 72 700 Td (Patient John Smith, MRN 4821-7730) Tj ET\n"
               "BT /F1 20 Tf 72 640 Td (Presented by Dr. Jane Roe) Tj ET\n"
               "BT /F1 20 Tf 72 580 Td (Wound care, second week) Tj ET\n"
               "q 260 0 0 260 72 260 cm /Im1 Do Q\n").encode()
    photo = FIXTURE.read_bytes()
    w, h = Image.open(FIXTURE).size
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 7 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Author (Dr. Jane Roe) /Title (John Smith wound) >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB"
        b" /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, len(photo))
        + photo + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


def test_vet_and_redact_a_pdf(driver, tmp: Path) -> None:
    """A PDF opens in the document view with its identifier-like lines; its page opens in the
    review canvas, where the face is left visible with a reason (the page cannot be exported on
    its own); back in the document view the presenter's line is kept with a reason; the copy is
    exported through the consent panel as an image-only PDF (poppler finds no text and one
    picture on its page, of the original's size) with its ledger row, which records both
    reasons."""
    wait(driver, "the app to start", lambda d: d.execute_script("return document.body.dataset.ready") == "true")
    pdf = tmp / "wound-letter.pdf"
    make_pdf(pdf)
    out_dir = tmp / "pdf-out"
    by_testid(driver, "path-input").send_keys(str(pdf))
    by_testid(driver, "path-open").click()
    dialog = by_testid(driver, "doc-dialog")
    wait(driver, "the PDF to be vetted", lambda d: dialog.get_attribute("data-state") in ("vetted", "error"), SCAN_TIMEOUT)
    assert dialog.get_attribute("data-state") == "vetted", text_of(driver, "doc-status")
    assert "Export redacted copy of the PDF" in text_of(driver, "doc-export")
    texts = [e.get_attribute("textContent") for e in all_by_testid(driver, "doc-flagged")]
    assert any("John Smith" in t and "page 1" in t for t in texts), texts
    assert not any("Wound care" in t for t in texts), texts

    # The page in the review canvas: the face and the name line are there to review.
    by_testid(driver, "doc-review").click()
    wait(driver, "the page in the canvas", lambda d: "Page 1" in text_of(d, "image-name"), SCAN_TIMEOUT)
    assert dialog.get_attribute("open") is None, "the document view makes way for the canvas"
    face_sel = '[data-testid="finding-box"][data-kind="face"]'
    wait(driver, "the face on the page", lambda d: d.find_elements(By.CSS_SELECTOR, face_sel))
    assert driver.find_elements(By.CSS_SELECTOR, '[data-testid="finding-box"][data-kind="text"]')
    driver.find_element(By.CSS_SELECTOR, face_sel).click()
    wait(driver, "the face to be selected",
         lambda d: d.find_element(By.CSS_SELECTOR, face_sel).get_attribute("aria-pressed") == "true")
    leave_visible(driver, "the patient consented to showing her face")
    wait(driver, "the face to be dismissed",
         lambda d: d.find_element(By.CSS_SELECTOR, face_sel).get_attribute("data-decision") == "dismiss")
    assert "part of a document" in text_of(driver, "gate"), text_of(driver, "gate")
    by_testid(driver, "doc-back").click()
    wait(driver, "the document view again", lambda d: dialog.get_attribute("open") is not None)
    assert "1 left visible" in text_of(driver, "doc-review-status"), text_of(driver, "doc-review-status")

    Select(by_testid(driver, "policy")).select_by_value("stanford-peds")
    Select(by_testid(driver, "subject")).select_by_value("clinical")
    Select(by_testid(driver, "destination")).select_by_value("teaching-site")
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))",
                          by_testid(driver, "out-dir"), str(out_dir))
    for box in all_by_testid(driver, "attestation"):
        if not box.is_selected():
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
            box.click()
    by_testid(driver, "consent-ref").send_keys("CF-PDF-7")
    kept = [i for i, t in enumerate(texts) if "Jane Roe" in t]
    for i in kept:
        keep = all_by_testid(driver, "doc-keep")[i]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", keep)
        keep.click()
        all_by_testid(driver, "doc-keep-reason")[i].send_keys("the presenter, who consented")
    by_testid(driver, "doc-export").click()
    wait(driver, "the redacted PDF", lambda d: by_testid(d, "doc-result").get_attribute("data-exported") == "true"
         or text_of(d, "doc-result").startswith(("Export failed", "Refused", "Not yet")), 180)
    assert by_testid(driver, "doc-result").get_attribute("data-exported") == "true", text_of(driver, "doc-result")
    output = Path(text_of(driver, "doc-output").strip())
    assert output.parent == out_dir and output.suffix == ".pdf", output
    covered = text_of(driver, "doc-text-replaced")
    assert covered.startswith(f"{len(texts) - len(kept)} line"), covered
    if kept:
        assert "kept legible" in covered, covered
    assert "document information" in text_of(driver, "doc-parts-removed")
    text = subprocess.run(["pdftotext", str(output), "-"], check=True, capture_output=True, text=True).stdout
    assert text.strip() == "", f"the copy has a text layer: {text!r}"
    images = subprocess.run(["pdfimages", "-list", str(output)], check=True, capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) == 3, images  # two header lines and one picture
    info = subprocess.run(["pdfinfo", str(output)], check=True, capture_output=True, text=True).stdout
    assert "612 x 792 pts" in info and "Jane Roe" not in info, info
    listing = subprocess.run([str(CLI), "audit", "list", "--ledger", os.environ["CLEARFRAME_LEDGER"]],
                             check=True, capture_output=True, text=True).stdout
    rows = [line for line in listing.splitlines() if "CF-PDF-7" in line]
    assert len(rows) == 1 and "exported" in rows[0], listing
    rows = json.loads(subprocess.run([str(CLI), "audit", "export", "--format", "json", "--ledger",
                                      os.environ["CLEARFRAME_LEDGER"]], check=True, capture_output=True,
                                     text=True).stdout)
    entry = next(r["entry"] for r in rows if r["entry"].get("consent_ref") == "CF-PDF-7")
    reasons = {(d["kind"], d["reason"]) for d in entry["dismissals"]}
    assert ("face", "the patient consented to showing her face") in reasons, entry
    assert ("text", "the presenter, who consented") not in reasons or kept, entry


def test_metadata_panel_spells_out_gps(driver, tmp: Path) -> None:
    """A photo carrying a GPS position and an author: the notice and the metadata tab say
    where it was taken and that it will not be exported."""
    wait(driver, "the app to start", lambda d: d.execute_script("return document.body.dataset.ready") == "true")
    photo = tmp / "with-gps.jpg"
    subprocess.run(["exiftool", "-q", "-o", str(photo), "-GPSLatitude=37.4275", "-GPSLatitudeRef=N",
                    "-GPSLongitude=122.1697", "-GPSLongitudeRef=W", "-Artist=Dr Example", str(FIXTURE)], check=True)
    by_testid(driver, "path-input").send_keys(str(photo))
    by_testid(driver, "path-open").click()
    wait(driver, "the scan to finish", lambda d: statuses(d) == ["review"], SCAN_TIMEOUT)
    notice = text_of(driver, "metadata-notice")
    assert "GPS position" in notice and "37.42750° N, 122.16970° W" in notice, notice
    by_testid(driver, "tab-metadata").click()
    wait(driver, "the metadata tab", lambda d: by_testid(d, "metadata-pane").is_displayed())
    assert "37.42750° N, 122.16970° W" in text_of(driver, "metadata-gps")
    blocks = driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=metadata-item]')].map(e => e.textContent)")
    assert any("Dr Example" in b for b in blocks), blocks
    assert all(b.endswith("Removed") for b in blocks), blocks


def institution_presets(tmp: Path) -> tuple[Path, Path]:
    """The app's settings file and the institution preset folder it names: one preset, a copy
    of Stanford's under the id `our-hospital` (written before the app starts, as a user's
    earlier session would have left them)."""
    folder = tmp / "presets"
    folder.mkdir(exist_ok=True)
    text = (REPO / "policies/stanford-peds.toml").read_text()
    text = text.replace('id = "stanford-peds"', 'id = "our-hospital"').replace(
        'name = "Stanford Pediatrics Residency: Social Media Policy"', 'name = "Our Hospital: Clinical Photography"')
    (folder / "our-hospital.toml").write_text(text)
    settings = tmp / "config" / "clearframe" / "settings.json"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps({"policy_dirs": [str(folder)]}))
    return settings, folder


def test_institution_presets(driver, tmp: Path) -> None:
    """The institution preset folder kept in the settings is offered beside the built-in
    presets; removing it from the consent panel takes its preset away and updates the
    settings."""
    settings, folder = institution_presets(tmp)
    wait(driver, "the app to start", lambda d: d.execute_script("return document.body.dataset.ready") == "true")
    options = [o.get_attribute("value") for o in Select(by_testid(driver, "policy")).options]
    assert "our-hospital" in options and "stanford-peds" in options and len(options) == 6, options
    Select(by_testid(driver, "policy")).select_by_value("our-hospital")
    assert "stanford-peds.txt" in driver.find_element(By.ID, "policy-summary").get_attribute("textContent")
    by_testid(driver, "presets").find_element(By.TAG_NAME, "summary").click()
    dirs = [e.get_attribute("textContent") for e in all_by_testid(driver, "preset-dir")]
    assert len(dirs) == 1 and str(folder) in dirs[0], dirs
    by_testid(driver, "preset-remove").click()
    wait(driver, "the preset to go", lambda d: len(Select(by_testid(d, "policy")).options) == 5)
    assert all_by_testid(driver, "preset-dir") == []
    assert json.loads(settings.read_text())["policy_dirs"] == []
    institution_presets(tmp)  # as it was, for the next session


def crowd_picture(path: Path) -> None:
    """A generated crowd: the astronaut's face pasted 8–13 px wide in six jittered rows on a
    patterned ground (as in tests/e2e/faces.rs)."""
    face = Image.open(FIXTURE).convert("RGB").crop((172, 40, 280, 190))
    w, h = 1200, 800
    img = Image.new("RGB", (w, h))
    img.putdata([(90 + (x * 7 + y * 3) % 40, 110 + y * 60 // h, 80 + x * 50 // w) for y in range(h) for x in range(w)])
    seed = 7

    def jitter(n: int) -> int:
        nonlocal seed
        seed = (seed * 1103515245 + 12345) % 2**32
        return (seed >> 16) % n

    for row in range(6):
        side = 8 + row
        small = face.resize((side, side * 150 // 108), Image.BILINEAR)
        x = 60 + jitter(10)
        while x < w - 60:
            img.paste(small, (x, 200 + row * 26 + jitter(7) - 3))
            x += side * 22 // 10 + jitter(5)
    img.save(path)


def tag_overlaps(driver) -> tuple[int, int, int]:
    """How many pairs of shown region labels overlap, how many are shown, how many hidden."""
    return tuple(driver.execute_script("""
        const tags = [...document.querySelectorAll('[data-testid=finding-box] .tag')]
          .filter((t) => getComputedStyle(t).visibility === 'visible').map((t) => t.getBoundingClientRect());
        let pairs = 0;
        for (let i = 0; i < tags.length; i++) for (let j = i + 1; j < tags.length; j++) {
          const a = tags[i], b = tags[j];
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs++;
        }
        return [pairs, tags.length, document.querySelectorAll('.box.tag-hidden').length];"""))


def test_crowd_region(driver, tmp: Path) -> None:
    """A crowd is one polygon region: drawn as a polygon, reshaped point by point (keyboard,
    drag, double-click to add, Delete to remove), warned about when it no longer covers what
    was found, and left visible only with a reason."""
    wait(driver, "the app to start", lambda d: d.execute_script("return document.body.dataset.ready") == "true")
    picture = tmp / "crowd.png"
    crowd_picture(picture)
    by_testid(driver, "path-input").send_keys(str(picture))
    by_testid(driver, "path-open").click()
    wait(driver, "the scan to finish", lambda d: statuses(d) == ["review"], SCAN_TIMEOUT)
    crowd_sel = '[data-testid="finding-box"][data-kind="crowd"]'
    crowds = driver.find_elements(By.CSS_SELECTOR, crowd_sel)
    assert crowds, "no crowd region drawn"
    assert "crowd" in text_of(driver, "queue-item"), text_of(driver, "queue-item")
    index = crowds[0].get_attribute("data-index")
    # Many small regions: their labels never cover one another; those that would are hidden
    # until their region is pointed at or selected.
    overlapping, shown, hidden = tag_overlaps(driver)
    assert overlapping == 0 and shown >= 1 and hidden >= 1, (overlapping, shown, hidden)
    hidden_index = driver.execute_script(
        "return document.querySelector('.box.tag-hidden').dataset.index")
    row = driver.find_element(By.CSS_SELECTOR, f'[data-testid="finding-row"][data-index="{hidden_index}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'nearest'}); arguments[0].click()", row)
    wait(driver, "the selected region's label to show", lambda d: d.execute_script(
        f"const t = document.querySelector('[data-testid=finding-box][data-index=\"{hidden_index}\"] .tag');"
        "return getComputedStyle(t).visibility") == "visible")
    assert tag_overlaps(driver)[0] == 0
    sel = f'{crowd_sel}[data-index="{index}"]'

    def points(d) -> list[tuple[float, float]]:
        raw = d.execute_script(
            f"return document.querySelector('svg[data-index=\"{index}\"] [data-testid=finding-shape]')"
            "?.getAttribute('points') ?? ''")
        return [tuple(float(v) for v in p.split(",")) for p in raw.split()]

    def select_crowd(d) -> None:
        # From the findings table: on the picture the crowd lies under its own faces' boxes.
        row = d.find_element(By.CSS_SELECTOR, f'[data-testid="finding-row"][data-index="{index}"]')
        # (a script's click: the table's sticky header may lie over the scrolled-to row)
        d.execute_script("arguments[0].scrollIntoView({block: 'nearest'}); arguments[0].click()", row)
        wait(d, "the crowd's points", lambda d: len(all_by_testid(d, "crowd-vertex")) == len(points(d)))

    def at_picture(d, x: float, y: float) -> tuple[int, int]:
        """Offset from the overlay's centre of the picture point (x, y), for ActionChains."""
        w_css, h_css = d.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.width, r.height]", overlay)
        return int(x / width * w_css - w_css / 2), int(y / height * h_css - h_css / 2)

    overlay = by_testid(driver, "overlay")
    width, height = 1200, 800
    before = points(driver)
    assert len(before) >= 3, before
    select_crowd(driver)
    assert not all_by_testid(driver, "uncovered-warning")

    # Shift+Left moves the leftmost point 10 px further out: the region still covers the crowd.
    left = min(range(len(before)), key=lambda i: before[i][0])
    all_by_testid(driver, "crowd-vertex")[left].send_keys(Keys.SHIFT, Keys.ARROW_LEFT)
    wait(driver, "the point to move left", lambda d: points(d)[left][0] == max(before[left][0] - 10, 0))
    assert not all_by_testid(driver, "uncovered-warning")

    # A double-click on the region's edge adds a point there.
    now = points(driver)
    # The edge whose middle lies farthest inside the picture (some run along its border).
    mids = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in zip(now, now[1:] + now[:1])]
    mx, my = max(mids, key=lambda m: min(m[0], m[1], width - m[0], height - m[1]))
    ActionChains(driver).move_to_element_with_offset(overlay, *at_picture(driver, mx, my)).double_click().perform()
    wait(driver, "a point to be added", lambda d: len(points(d)) == len(now) + 1)
    # On the edge itself: adding a point never uncovers what was found.
    assert not all_by_testid(driver, "uncovered-warning")
    if SCREENSHOT:
        shot = Path(SCREENSHOT)
        driver.save_screenshot(str(shot.with_name(shot.stem + "-crowd" + shot.suffix)))

    # Dragging a point inwards, to the crowd's centre, uncovers part of what was found: the
    # reviewer is warned; undo brings the region back.
    now = points(driver)
    cx, cy = sum(p[0] for p in now) / len(now), sum(p[1] for p in now) / len(now)
    vertex = all_by_testid(driver, "crowd-vertex")[0]
    (ActionChains(driver).click_and_hold(vertex)
     .move_to_element_with_offset(overlay, *at_picture(driver, cx, cy)).release().perform())
    wait(driver, "the uncovered warning", lambda d: len(all_by_testid(d, "uncovered-warning")) == 1)
    by_testid(driver, "undo").click()
    wait(driver, "the warning to go", lambda d: not all_by_testid(d, "uncovered-warning"))
    assert points(driver) == now

    # Delete removes a point (a polygon keeps at least three).
    select_crowd(driver)
    all_by_testid(driver, "crowd-vertex")[0].send_keys(Keys.DELETE)
    wait(driver, "a point to be removed", lambda d: len(points(d)) == len(now) - 1)

    # Left visible only with a reason, like any region.
    select_crowd(driver)
    leave_visible(driver, "e2e: everyone in this crowd consented")
    wait(driver, "the crowd to be left visible",
         lambda d: d.find_element(By.CSS_SELECTOR, sel).get_attribute("data-decision") == "dismiss")


# ---------------------------------------------------------------- keyboard and accessibility

AXE = REPO / "ui/node_modules/axe-core/axe.min.js"


def press(driver, *keys) -> None:
    """Keys sent to whatever has the focus (as a person typing would)."""
    ActionChains(driver).send_keys(*keys).perform()


def shift_tab(driver) -> None:
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()


def focused(driver, selector: str) -> bool:
    return driver.execute_script("return document.activeElement?.matches(arguments[0]) ?? false", selector)


def tab_to(driver, selector: str, limit: int = 90, back: bool = False) -> int:
    """Press Tab (Shift+Tab with `back`) until the element in focus matches `selector`, and
    check the focus can be seen (an outline). Fails when it is not in the focus order."""
    for presses in range(limit):
        if focused(driver, selector):
            style = driver.execute_script(
                "const s = getComputedStyle(document.activeElement);"
                " return [s.outlineStyle, s.outlineWidth, s.boxShadow]")
            assert style[0] != "none" and style[1] != "0px", f"no visible focus on {selector}: {style}"
            return presses
        if back:
            shift_tab(driver)
        else:
            press(driver, Keys.TAB)
    active = driver.execute_script("const e = document.activeElement; return e ? e.outerHTML.slice(0, 160) : ''")
    raise AssertionError(f"{selector} not reached with the keyboard ({limit} presses; focus on {active})")


def replace_text(driver, text: str) -> None:
    """Ctrl+A in the field in focus, then `text` typed over what was there."""
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys(text).perform()


def choose_by_keyboard(driver, selector: str, value: str) -> None:
    """Focus a <select> with Tab, then move its choice with Home and the down arrow until it
    is `value`."""
    tab_to(driver, selector)
    if driver.execute_script("return document.activeElement.value") == value:
        return
    press(driver, Keys.HOME)
    for _ in range(30):
        if driver.execute_script("return document.activeElement.value") == value:
            return
        press(driver, Keys.ARROW_DOWN)
    raise AssertionError(f"{value} not reached in {selector}")


def axe_violations(driver, context: str) -> list[str]:
    """axe-core (WCAG 2.1 A and AA rules) run in the page: the serious and critical
    violations, one line each."""
    if not driver.execute_script("return typeof window.axe !== 'undefined'"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        " axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
        "   resultTypes: ['violations']})"
        "  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        "     nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        "  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));")
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    for v in result:
        print(f"app-e2e: axe ({context}): {v['impact']} {v['id']}: {v['help']} {v['nodes']}")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in bad]


def test_french_keyboard_only(driver, tmp: Path) -> None:
    """The whole review-and-export flow in French, with the keyboard alone: the language
    chosen in the toolbar's menu, a photo opened by typing its path, its face left visible
    with D and a reason then covered again, a region added with Insert and moved with the
    arrows, two regions picked with X and decided together, the consent panel filled with
    Tab, Space and the arrows, the export, the ledger row (CLI) and the app's audit view with
    its chain check. axe-core finds no serious accessibility violation on the way, in the light
    and the dark theme. Runs last:
    it leaves the app in English again."""
    out_dir = tmp / "out-fr"
    ledger = Path(os.environ["CLEARFRAME_LEDGER"])
    driver.set_script_timeout(60)
    wait(driver, "the app to start", lambda d: d.execute_script("return document.body.dataset.ready") == "true")

    # French, from the language menu.
    choose_by_keyboard(driver, '[data-testid="language"]', "fr")
    wait(driver, "the app in French", lambda d: d.execute_script("return document.documentElement.lang") == "fr-CA")
    assert text_of(driver, "open-dialog") == "Ouvrir des images…", text_of(driver, "open-dialog")
    assert by_testid(driver, "path-input").get_attribute("aria-label") == "Chemin d'un fichier ou d'un dossier"

    # Open the photo: its path typed in the path field, Enter.
    tab_to(driver, '[data-testid="path-input"]')
    press(driver, str(FIXTURE), Keys.ENTER)
    wait(driver, "the scan to finish", lambda d: statuses(d)[-1:] == ["review"], SCAN_TIMEOUT)
    wait(driver, "the photo selected", lambda d: text_of(d, "image-name") == "astronaut.jpg")
    assert "1 visage" in text_of(driver, "queue-item"), text_of(driver, "queue-item")
    assert text_of(driver, "tab-findings").startswith("Détections ("), text_of(driver, "tab-findings")
    violations = axe_violations(driver, "review, French")

    # The face: Tab reaches its region; D asks for a reason (typed, then Tab to the button).
    face_sel = '[data-testid="finding-box"][data-kind="face"]'
    tab_to(driver, face_sel)
    assert driver.find_element(By.CSS_SELECTOR, face_sel).get_attribute("aria-pressed") == "true"
    assert driver.find_element(By.CSS_SELECTOR, face_sel).get_attribute("aria-label").startswith("Visage 1")
    press(driver, "d")
    wait(driver, "the dismiss dialog", lambda d: by_testid(d, "dismiss-dialog").get_attribute("open") is not None)
    assert text_of(driver, "dismiss-dialog").strip().startswith("Laisser Visage 1 visible?"), text_of(driver, "dismiss-dialog")
    tab_to(driver, '[data-testid="dismiss-reason"]')
    press(driver, "Affiche dans le décor")
    tab_to(driver, '[data-testid="dismiss-confirm"]')
    press(driver, Keys.ENTER)
    wait(driver, "the face left visible",
         lambda d: d.find_element(By.CSS_SELECTOR, face_sel).get_attribute("data-decision") == "dismiss")
    # D again covers it again (the face region keeps the focus).
    tab_to(driver, face_sel)
    press(driver, "d")
    wait(driver, "the face covered again",
         lambda d: d.find_element(By.CSS_SELECTOR, face_sel).get_attribute("data-decision") == "redact")

    # Insert adds a region in the middle; the arrows move it.
    press(driver, Keys.INSERT)
    manual_sel = '[data-testid="finding-box"][data-kind="manual"]'
    wait(driver, "the added region", lambda d: len(d.find_elements(By.CSS_SELECTOR, manual_sel)) == 1)
    x0 = int(driver.find_element(By.CSS_SELECTOR, manual_sel).get_attribute("data-box").split(",")[0])
    press(driver, Keys.ARROW_RIGHT)
    wait(driver, "the region to move right",
         lambda d: int(d.find_element(By.CSS_SELECTOR, manual_sel).get_attribute("data-box").split(",")[0]) > x0)

    # Two regions picked with X, decided together: one reason for both, then Esc cancels.
    press(driver, "x")
    tab_to(driver, face_sel, back=True)
    press(driver, "x")
    wait(driver, "two picked", lambda d: text_of(d, "bulk-count") == "2 choisies")
    press(driver, "d")
    wait(driver, "the dismiss dialog for both", lambda d: by_testid(d, "dismiss-dialog").get_attribute("open") is not None)
    assert text_of(driver, "dismiss-dialog").strip().startswith("Laisser ces 2 zones visibles?"), text_of(driver, "dismiss-dialog")
    violations += axe_violations(driver, "dismiss dialog, French")
    press(driver, Keys.ESCAPE)
    wait(driver, "the dialog to close", lambda d: by_testid(d, "dismiss-dialog").get_attribute("open") is None)
    assert driver.find_element(By.CSS_SELECTOR, face_sel).get_attribute("data-decision") == "redact"

    # The consent panel, with Tab, the arrows, Space and typing: Quebec's policy, a clinical
    # photo for lecture slides. The preset's own texts read in French, its quotes as written.
    choose_by_keyboard(driver, '[data-testid="policy"]', "quebec-pgme")
    choose_by_keyboard(driver, '[data-testid="subject"]', "clinical")
    choose_by_keyboard(driver, '[data-testid="destination"]', "slides")
    wait(driver, "the French gate", lambda d: "Exportation bloquée" in text_of(d, "gate-status"))
    wait(driver, "Quebec's attestations in French", lambda d: "Un consentement écrit clairement documenté"
         in text_of(d, "attestations") and "quebec-pgme.txt" in text_of(d, "attestations"))
    wait(driver, "the gate's conditions in French",
         lambda d: "Une référence du consentement est exigée" in text_of(d, "unmet-list"))
    for i in range(len(all_by_testid(driver, "attestation"))):
        tab_to(driver, '[data-testid="attestation"]:not(:checked)')
        press(driver, Keys.SPACE)
    tab_to(driver, '[data-testid="consent-ref"]')
    press(driver, "CF-FR-77")
    tab_to(driver, '[data-testid="reviewer"]')
    replace_text(driver, "Réviseure Tremblay")
    tab_to(driver, '[data-testid="out-dir"]')
    replace_text(driver, str(out_dir))
    wait(driver, "the gate to open", lambda d: "Prêt à exporter" in text_of(d, "gate-status"))
    tab_to(driver, '[data-testid="export"]')
    assert text_of(driver, "export") == "Exporter une copie dépersonnalisée (E)", text_of(driver, "export")
    press(driver, Keys.ENTER)
    wait(driver, "the export result", lambda d: text_of(d, "export-result").strip() != "", 60)
    result = text_of(driver, "export-result")
    assert result.startswith("Exportée et vérifiée.") and "ligne" in result, result
    output = Path(text_of(driver, "export-output").strip())
    assert output.parent == out_dir and output.is_file(), output
    assert_clean_jpeg(output)
    if SCREENSHOT:
        shot = Path(SCREENSHOT)
        driver.save_screenshot(str(shot.with_name(shot.stem + "-fr" + shot.suffix)))

    # The ledger row: language-neutral (ids, not words), the reviewer's name as typed.
    listing = subprocess.run([str(CLI), "audit", "list", "--ledger", str(ledger)], check=True,
                             capture_output=True, text=True).stdout.splitlines()
    rows = [line for line in listing if "CF-FR-77" in line]
    assert len(rows) == 1 and "exported" in rows[0] and "quebec-pgme" in rows[0], listing
    verify = subprocess.run([str(CLI), "audit", "verify", "--ledger", str(ledger)], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stdout + verify.stderr

    # The audit view, in French, from the keyboard: the row found by its filter, the chain check.
    tab_to(driver, '[data-testid="audit-open"]', back=True)
    press(driver, Keys.ENTER)
    wait(driver, "the audit view", lambda d: by_testid(d, "audit-dialog").get_attribute("open") is not None)
    wait(driver, "the filter in focus", lambda d: focused(d, '[data-testid="audit-filter"]'))
    press(driver, "CF-FR-77")
    wait(driver, "the row", lambda d: len(all_by_testid(d, "audit-row")) == 1)
    assert "Exportée" in all_by_testid(driver, "audit-row")[0].get_attribute("textContent")
    tab_to(driver, '[data-testid="audit-verify"]')
    press(driver, Keys.ENTER)
    wait(driver, "the chain check", lambda d: by_testid(d, "audit-verify-result").get_attribute("data-ok") == "true")
    assert text_of(driver, "audit-verify-result").startswith("Intact"), text_of(driver, "audit-verify-result")
    violations += axe_violations(driver, "audit view, French")
    press(driver, Keys.ESCAPE)
    wait(driver, "the audit view to close", lambda d: by_testid(d, "audit-dialog").get_attribute("open") is None)

    # The dark theme, from the toolbar's menu: drawn dark, and axe finds nothing in it either.
    choose_by_keyboard(driver, '[data-testid="theme"]', "dark")
    wait(driver, "the dark theme", lambda d: d.execute_script("return document.documentElement.dataset.theme") == "dark")
    background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(27, 27, 29)", background
    violations += axe_violations(driver, "review, French, dark theme")
    choose_by_keyboard(driver, '[data-testid="theme"]', "system")

    # Back to English for whatever runs next.
    choose_by_keyboard(driver, '[data-testid="language"]', "en")
    wait(driver, "the app in English", lambda d: text_of(d, "open-dialog") == "Open images…")
    violations += axe_violations(driver, "review, English")
    assert not violations, "accessibility violations:\n" + "\n".join(violations)


TESTS = [test_review_and_export, test_metadata_panel_spells_out_gps, test_batch_export_of_a_folder,
         test_vet_and_redact_a_deck, test_vet_and_redact_a_pdf, test_institution_presets, test_crowd_region,
         test_french_keyboard_only]


def app_env(tmp: Path) -> dict:
    """The environment the app runs in: its ledger, WebKit's storage and anything else it
    writes kept inside `tmp`."""
    env = dict(os.environ)
    env["CLEARFRAME_LEDGER"] = str(tmp / "ledger.sqlite3")
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        env[var] = str(tmp / sub)
    return env


def start_driver(env: dict, log: Path) -> subprocess.Popen:
    """tauri-driver, once it and the WebKitWebDriver it forwards sessions to both listen."""
    with open(log, "wb") as out:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen([DRIVER, "--port", str(PORT), "--native-port", str(NATIVE_PORT)], env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    wait_port(PORT, 30)
    wait_port(NATIVE_PORT, 30)
    return proc


def new_session(timeout: float = 60):
    """A WebDriver session: starts the app in a window. A stuck window fails, not hangs."""
    url = f"http://127.0.0.1:{PORT}"
    driver = webdriver.Remote(command_executor=url, options=TauriOptions(APP),
                              client_config=ClientConfig(remote_server_addr=url, timeout=timeout,
                                                         init_args_for_pool_manager={"retries": False}))
    # Typed paths are text for the app, not files for selenium to upload.
    driver.file_detector = UselessFileDetector()
    return driver


def main() -> int:
    for binary in (APP, CLI):
        if not binary.is_file():
            print(f"app-e2e: {binary} is missing (build it first)", file=sys.stderr)
            return 2
    tmp = Path(tempfile.mkdtemp(prefix="clearframe-app-e2e-"))
    env = app_env(tmp)
    institution_presets(tmp)
    os.environ["CLEARFRAME_LEDGER"] = env["CLEARFRAME_LEDGER"]
    passed = failed = 0
    proc = start_driver(env, tmp / "tauri-driver.log")
    try:
        # APP_E2E_ONLY=name[,name…] runs only those tests (a quick rerun while working on one).
        only = [n for n in os.environ.get("APP_E2E_ONLY", "").split(",") if n]
        tests = [t for t in TESTS if not only or t.__name__ in only]
        for test in tests:
            driver = None
            try:
                driver = new_session()
                test(driver, tmp)
                passed += 1
                print(f"app-e2e: PASS {test.__name__}")
            except Exception:  # noqa: BLE001 - any failure fails the test, the rest still runs
                failed += 1
                print(f"app-e2e: FAIL {test.__name__}", file=sys.stderr)
                traceback.print_exc()
                if driver is not None:
                    try:
                        state = driver.execute_script(
                            "return {image: document.getElementById('image-name').textContent,"
                            " toast: document.getElementById('toast').textContent,"
                            " activity: document.getElementById('activity').textContent,"
                            " queue: [...document.querySelectorAll('[data-testid=queue-item]')].map(e => e.innerText)}")
                        print(f"app-e2e: window state: {state}", file=sys.stderr)
                        driver.save_screenshot(str(tmp / f"{test.__name__}-failure.png"))
                        print(f"app-e2e: failure screenshot in {tmp}", file=sys.stderr)
                    except WebDriverException:
                        pass
            finally:
                if driver is not None:
                    try:
                        driver.quit()
                    except WebDriverException:
                        pass
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    if failed:
        print(f"app-e2e: logs kept in {tmp}", file=sys.stderr)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"app-e2e: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed == len(tests) else 1


if __name__ == "__main__":
    sys.exit(main())
