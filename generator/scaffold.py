"""`gongkai new DIR`: a new content repository with a minimal platform that builds as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

TEMPLATE = Path(__file__).parent / "scaffold"


def create_project(directory: Path) -> None:
    if directory.exists() and any(directory.iterdir()):
        raise FileExistsError(directory)
    shutil.copytree(TEMPLATE, directory, dirs_exist_ok=True)
    (directory / "gitignore").rename(directory / ".gitignore")  # a dotfile would be skipped by packaging
