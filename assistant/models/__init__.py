"""The models: manifest, registry, fetch (PyPI and Hub sources), conversion, import."""
