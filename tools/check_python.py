"""Stop `make` at once, with a clear message, when the Python it would use is not the lock's.

requirements-lock.txt is resolved for one Python minor version (named in its header); other versions
would fail to install some pins, or install them and fail later inside a test. Runs on any Python 3.
"""

import re
import sys
from pathlib import Path

LOCK = Path(__file__).resolve().parents[1] / "requirements-lock.txt"


def main() -> int:
    wanted = re.search(r"Python (\d+\.\d+)", LOCK.read_text()).group(1)
    running = "{}.{}".format(*sys.version_info[:2])
    if running == wanted:
        return 0
    print(
        f"make needs Python {wanted}: requirements-lock.txt is resolved for it, but {sys.executable} is "
        f"Python {running}.\nInstall Python {wanted} (e.g. `apt-get install python{wanted}`, "
        f"`pyenv install {wanted}` or `conda create -n book python={wanted}`), then run make again, "
        f"or point make at it: make PYTHON=/path/to/python{wanted}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
