"""The assessment as a browsable MkDocs site.

`pages.write_pages` turns an Assessment and the Catalog into Markdown pages and an mkdocs.yml;
`languages.write_project` writes them once per language (the first at the top, the other under en/ or
zh/); `build.publish` builds them with `mkdocs build --strict` beside the output folder and swaps the
result in.
The project's templates, mkdocs.yml template and theme overrides live in the repository's site/ folder.
"""

from .build import SiteBuildError, publish
from .pages import write_pages

__all__ = ["SiteBuildError", "publish", "write_pages"]
