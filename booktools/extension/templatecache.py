"""Compiled page templates, kept between builds.

Every Sphinx run compiles the theme's Jinja templates again: a quarter of a second of each
rebuild, even one with nothing to do. Jinja can keep compiled templates, checked against each
template's source and the Python version, so here it does, in the cache folder
(booktools/extension/cachedir.py): compiled code is loaded only from this user's own intact entries, and
the cache stays bounded. An entry that cannot be read back is compiled again.
"""

from jinja2.bccache import BytecodeCache

from . import cachedir
from .fallbacks import warn

KIND = "jinja"


class OwnBytecodeCache(BytecodeCache):
    def load_bytecode(self, bucket) -> None:
        data = cachedir.load(KIND, bucket.key, ".cache")
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)
        except Exception:  # noqa: BLE001 (whatever is wrong with the entry, compiling is right)
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        cachedir.store(KIND, bucket.key, bucket.bytecode_to_string(), ".cache")


def keep_compiled_templates(app):
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is not None:
        environment.bytecode_cache = OwnBytecodeCache()
    elif app.builder.format == "html":  # the builders that render pages with Jinja
        warn("the Jinja environment of Sphinx's templates (builder.templates.environment)",
             "templates are compiled afresh in every build")  # fmt: skip


def setup(app):
    app.connect("builder-inited", keep_compiled_templates)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
