"""Import each named module as if alone in a fresh interpreter; print what failed (JSON).

    python tests/import_alone.py icsplan.report.html icsplan.pipeline ...

Importing in the test process proves nothing (`importlib` returns the module already
imported by an earlier test).  A new interpreter per module would, but pays seconds for
pandas and the rest each time; so this process loads the third-party libraries the modules
use (learned in a child that imports them all), then forks one child per module.  A child
has no module of the package under test loaded: an import circle or a module that only
works after another was imported fails there, as it would for a user.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback


def _in_child(work) -> str:
    """Run `work()` in a forked child; what it returns (text) or its traceback."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            text, code = work(), 0
        except BaseException:  # noqa: BLE001  (reported to the parent, whatever it is)
            text, code = traceback.format_exc(), 1
        with os.fdopen(write, "w") as pipe:
            pipe.write(text)
        os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    _, status = os.waitpid(pid, 0)
    return text if os.waitstatus_to_exitcode(status) else ""


def main(names: list[str]) -> int:
    """Print {module: "" or the traceback of importing it alone}."""
    package = {n.split(".")[0] for n in names}

    def everything() -> str:
        for name in names:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001, S112  (the per-module children report it)
                continue
        return json.dumps(sorted({m.split(".")[0] for m in sys.modules
                                  if m.split(".")[0] not in package}))

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        with os.fdopen(write, "w") as pipe:
            pipe.write(everything())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        libraries = json.loads(pipe.read() or "[]")
    os.waitpid(pid, 0)
    for library in libraries:
        try:
            importlib.import_module(library)
        except Exception:  # noqa: BLE001, S112  (private or platform modules: not needed)
            continue
    assert not [m for m in sys.modules if m.split(".")[0] in package], "package preloaded"
    failed = {}
    for name in names:
        failed[name] = _in_child(lambda name=name: importlib.import_module(name) and "")
    print(json.dumps(failed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
