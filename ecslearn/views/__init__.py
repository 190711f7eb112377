"""Views: pictures of ECS and of a simulation. They read state and never change it.

- `style`: the one table of colours and shapes every picture uses, and the legend.
- `render`: a networkx graph (the structure) -> Graphviz (the drawing) -> SVG/PNG, and
  `Picture`, which displays itself in Jupyter.
"""

from ecslearn.views.render import Picture, dot_available

__all__ = ["Picture", "dot_available"]
