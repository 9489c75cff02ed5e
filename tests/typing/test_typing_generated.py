"""Every generated operation method is typed for both clients: decorated, on a client-generic class."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.typing.typing_support import REPO

GENERATED = sorted(REPO.glob("plugins/twilio-*/twilio_*/_generated/*.py"))
GENERATED = [p for p in GENERATED if p.name != "__init__.py"]


def _base_names(cls: ast.ClassDef) -> list[str]:
    return [ast.unparse(base) for base in cls.bases]


@pytest.mark.parametrize("path", GENERATED, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_methods_are_decorated_and_classes_generic(path: Path) -> None:
    tree = ast.parse(path.read_text())
    checked = 0
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        bases = _base_names(cls)
        methods = [
            f for f in cls.body
            if isinstance(f, ast.FunctionDef) and not f.name.startswith("_")
            and not any(ast.unparse(d) == "property" for d in f.decorator_list)
        ]
        if cls.name.endswith(("List", "Context")) and not cls.name.startswith("_"):
            assert bases in (["_List[ClientT]"], ["_Context[ClientT]"]), (cls.name, bases)
        if methods:
            assert bases[0].endswith("[ClientT]"), f"{cls.name} has methods but is not generic over the client"
        for method in methods:
            decorators = [ast.unparse(d) for d in method.decorator_list]
            expected = "streamed" if method.name == "stream" else "call"
            assert decorators == [expected], f"{path.name}: {cls.name}.{method.name} is decorated {decorators}"
            checked += 1
    assert checked > 0
