"""The network's reach: mobile units and their stops, visit requests, ISG posts, agreements (issue 20)."""
