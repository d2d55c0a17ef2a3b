"""policy-kg: health-policy documents in, an ontology-backed RDF knowledge graph out.

The pipeline, module by module: `documents` (load) -> `clean` -> `language` ->
`nlp` -> `extractors` -> `resolve` -> `graph` -> `export` / `query` / `network`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The public API, imported on first use: every `kg` command and every worker
# process imports this package, and most need neither networkx nor the pipeline.
_EXPORTS = {
    "BuildReport": "kg.pipeline",
    "build_graph_from_paths": "kg.pipeline",
    "graph_to_networkx": "kg.network",
    "process_document": "kg.pipeline",
}

if TYPE_CHECKING:
    from kg.network import graph_to_networkx
    from kg.pipeline import BuildReport, build_graph_from_paths, process_document

__all__ = [
    "BuildReport",
    "__version__",
    "build_graph_from_paths",
    "graph_to_networkx",
    "process_document",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
