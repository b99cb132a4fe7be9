"""Wheel build hook: ship the bundled store's snapshot beside its JSON.

``mnktimeline/store/snapshot.py`` says what the snapshot is and when it is used. Making it
here checks the bundled store by the whole rule book, so a wheel cannot be built from a
store that does not validate.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SnapshotHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the repository's JSON, which changes
        sys.path.insert(0, str(Path(self.root) / "src"))
        from mnktimeline.render.json import encoded
        from mnktimeline.store import snapshot

        self._folder = tempfile.mkdtemp()
        out = Path(self._folder) / snapshot.NAME
        with open(out, "wb") as f:
            snapshot.make(Path(self.root) / "data" / "events.json", f, encoded)
        build_data["force_include"][str(out)] = f"mnktimeline/data/{snapshot.NAME}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
