"""What the course says, read from the content files in data/: the one loader (`loader`), every file's
schema (`schemas`) and the course's modules in order (`modules`). Imports only `markup` and `log`."""
from .loader import DATA_DIR, ContentError, content_dir, load_table

__all__ = ["DATA_DIR", "ContentError", "content_dir", "load_table"]
