"""Compiled page templates, kept between builds.

Every Sphinx run compiles the theme's Jinja templates again: a quarter of a second of each
rebuild, even one with nothing to do. Jinja can keep compiled templates on disk, checked against
each template's source, so here it does (beside the other caches, by content: never stale).
"""

from jinja2 import FileSystemBytecodeCache

from .cachedir import CACHE as BOOKTOOLS_CACHE

CACHE = BOOKTOOLS_CACHE / "jinja"


def keep_compiled_templates(app):
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None:
        CACHE.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(CACHE))


def setup(app):
    app.connect("builder-inited", keep_compiled_templates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
