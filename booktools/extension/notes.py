"""Editor's notes: where the record differs from the essay, the editors say so beside it.

``{editors-note}`` is an admonition with a fixed title and class, so every note looks the same
in HTML (styled by ``booktools.css``) and in the PDF, and a reader never mistakes the editors'
words for the author's.
"""

from docutils import nodes
from docutils.parsers.rst.directives.admonitions import BaseAdmonition

TITLE = "Editor's note"
CLASS = "editors-note"


class EditorsNote(BaseAdmonition):
    node_class = nodes.admonition
    required_arguments = 0
    optional_arguments = 0

    def run(self):
        self.arguments = [TITLE]
        self.options["class"] = [*self.options.get("class", []), CLASS]
        return super().run()


def setup(app):
    app.add_directive("editors-note", EditorsNote)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
