"""A video of a QR code for Chromium's fake camera, written as a Y4M file (pure Python)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import segno

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, watch_csp

WIDTH, HEIGHT = 640, 480


def qr_video(text: str, path: Path, *, frames: int = 10) -> Path:
    """A still of `text`'s QR code, black on white in a grey room, `frames` times over."""
    matrix = [list(row) for row in segno.make_qr(text, error="m").matrix]
    modules = len(matrix) + 8  # with the quiet zone of four modules on each side
    scale = min(WIDTH, HEIGHT) * 4 // 5 // modules
    size = modules * scale
    left, top = (WIDTH - size) // 2, (HEIGHT - size) // 2
    luma = bytearray([150]) * (WIDTH * HEIGHT)  # a grey background around the white badge
    for y in range(size):
        module_y = y // scale - 4
        row_start = (top + y) * WIDTH + left
        for x in range(size):
            module_x = x // scale - 4
            dark = (0 <= module_y < len(matrix) and 0 <= module_x < len(matrix)
                    and matrix[module_y][module_x])
            luma[row_start + x] = 16 if dark else 235
    chroma = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * frames)
    return path


@contextmanager
def camera_phone(chromium, video: Path, cookies: list, size: tuple[int, int]) -> Iterator:
    """A page of a phone's size, signed in with `cookies`, whose camera films `video`.

    A browser of its own: the fake camera is chosen when Chromium starts. Debian's Chromium
    has no BarcodeDetector on Linux; hiding it anyway keeps the page on the shipped decoder
    wherever it runs.
    """
    browser = chromium.browser_type.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + [
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}"])
    try:
        context = watch_csp(browser.new_context(viewport={"width": size[0], "height": size[1]}))
        context.set_default_timeout(20_000)
        context.add_init_script("delete window.BarcodeDetector;")
        context.add_cookies(cookies)
        page = context.new_page()
        yield page
        page.goto("about:blank")
    finally:
        browser.close()
