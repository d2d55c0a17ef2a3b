"""policy-kg: health-policy documents in, an ontology-backed RDF knowledge graph out.

The pipeline, module by module: `documents` (load) -> `clean` -> `language` ->
`nlp` -> `extractors` -> `resolve` -> `graph` -> `export` / `query` / `network`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from kg.network import graph_to_networkx  # noqa: E402
from kg.pipeline import BuildReport, build_graph_from_paths, process_document  # noqa: E402

__all__ = [
    "BuildReport",
    "__version__",
    "build_graph_from_paths",
    "graph_to_networkx",
    "process_document",
]
