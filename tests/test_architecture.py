"""The rooms of the house (docs/architecture.md): imports point down the layers, and no two modules import each other.

Every import of the package counts, at the top of a module or inside a function (a lazy import is still a
dependency), except those under `if TYPE_CHECKING:` (types only).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "allervers"

# Bottom to top. An app may import its own layer's apps and the layers below it, never a layer above.
LAYERS: list[set[str]] = [
    {"common"},
    {"territories", "taxonomy", "mailing"},
    {"directory"},
    {"accounts"},
    {"pathways", "referrals", "plan", "outreach", "campaigns", "surveys", "network", "isg", "agreements"},
    {"jobs"},
    {"portal", "backoffice", "api"},
    {"bench"},
]
LAYER_OF = {app: index for index, apps in enumerate(LAYERS) for app in apps}


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        if "migrations" in relative.parts:
            continue
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                for inner in ast.walk(child):
                    if hasattr(inner, "lineno"):
                        lines.add(inner.lineno)
    return lines


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules this module imports (`from a import b` counts a.b when b is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_lines(tree)
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("allervers."):
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    paths = dict(modules())
    known = set(paths)
    return {name: imports(name, path, known) for name, path in paths.items()}


def app(module: str) -> str:
    """The application a module belongs to; "" for the package's own entry points (allervers/__main__.py)."""
    parts = module.split(".")
    if len(parts) < 2 or (PACKAGE / parts[1]).is_file() or (PACKAGE / f"{parts[1]}.py").is_file():
        return ""
    return parts[1]


def test_every_app_has_a_layer():
    apps = {app(name) for name in graph()} - {""}
    assert apps <= set(LAYER_OF), f"apps without a layer: {sorted(apps - set(LAYER_OF))}"


def test_no_app_imports_a_higher_layer():
    upward = [
        f"{source} → {target}"
        for source, targets in graph().items()
        for target in targets
        if app(source) in LAYER_OF and app(target) in LAYER_OF and LAYER_OF[app(target)] > LAYER_OF[app(source)]
    ]
    assert not upward, "imports that point up the layers:\n" + "\n".join(sorted(upward))


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_modules():
    edges = graph()
    # A package's __init__ re-exporting its submodules is not a cycle of the design.
    edges = {
        source: {t for t in targets if not (source.startswith(t + ".") or t.startswith(source + "."))}
        for source, targets in edges.items()
    }
    cycles = _cycles(edges)
    assert not cycles, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def test_no_import_cycle_between_apps():
    edges: dict[str, set[str]] = {}
    for source, targets in graph().items():
        edges.setdefault(app(source), set()).update(app(t) for t in targets if app(t) != app(source))
    cycles = _cycles(edges)
    assert not cycles, "apps that import each other:\n" + "\n".join(" ↔ ".join(c) for c in cycles)
