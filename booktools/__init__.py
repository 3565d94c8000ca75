"""booktools: a scholarly book from MyST sources, in three layers that import one way.

- ``booktools.extension``: what Sphinx loads (``extensions = ["booktools.extension"]``);
- ``booktools.make``: ``make html``, ``pdf`` and ``epub``, which runs Sphinx as a process;
- ``booktools.checks``: what ``make check`` and the tests run on the built editions;

and ``booktools.shared``, the pieces two layers both need, which imports none of them.
"""
