# SPDX-License-Identifier: GPL-2.0-only
"""Writing a guest image file for tools/linux-bundle.py and
tools/ovmf-bundle.py: only when its bytes change (so make sees no new
file), through a temporary file renamed into place (so a reader never
sees half of one)."""
import os


def write_if_changed(out, blob):
    """Write blob to out; False when out already held exactly that."""
    try:
        with open(out, "rb") as f:
            if f.read() == bytes(blob):
                return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    with open(out + ".tmp", "wb") as f:
        f.write(blob)
    os.replace(out + ".tmp", out)
    return True
