"""Views: pictures of ECS and of a simulation. They read state and never change it.

- `style`: the one table of colours and shapes every picture uses, and the legend.
- `render`: a networkx graph (the structure) -> Graphviz (the drawing) -> SVG/PNG, and
  `Picture`, which displays itself in Jupyter.
- `strategy_split`: how a capacity provider strategy splits N tasks by base and weight, as
  tables (Jupyter shows them) and a picture, computed by the scheduler's own split.
- `traffic_picture`: `traffic(sim, ...)`, a load balancer's listeners, rules, target groups with
  each target's health, and the tasks behind them, with requests counted per target.
"""

from ecslearn.views.render import Picture, dot_available
from ecslearn.views.strategy_split import strategy_split
from ecslearn.views.traffic_picture import traffic

__all__ = ["Picture", "dot_available", "strategy_split", "traffic"]
