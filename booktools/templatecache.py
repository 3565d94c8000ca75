"""Compiled page templates, kept between builds.

Every Sphinx run compiles the theme's Jinja templates again: a quarter of a second of each
rebuild, even one with nothing to do. Jinja can keep compiled templates on disk, checked against
each template's source and the Python version, so here it does (in the cache folder). Jinja
writes each file under a new name and renames it; a file that cannot be read back (cut short,
altered) is compiled again, and a cache folder that cannot be written is done without.
"""

from jinja2 import FileSystemBytecodeCache

from .cachedir import CACHE as BOOKTOOLS_CACHE

CACHE = BOOKTOOLS_CACHE / "jinja"


class SafeBytecodeCache(FileSystemBytecodeCache):
    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 (whatever is wrong with the file, compiling is right)
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def keep_compiled_templates(app):
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None:
        return
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    environment.bytecode_cache = SafeBytecodeCache(str(CACHE))


def setup(app):
    app.connect("builder-inited", keep_compiled_templates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
