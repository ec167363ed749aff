"""Person linkage: the one engine (Splink, Fellegi-Sunter with EM) that intake, deduplication and later death
clearance call. ``fields`` normalises source records, ``model`` holds the Splink settings and training,
``engine.link_persons`` decides link / new person / review, ``settings`` reads the thresholds. See docs/linkage.md.
"""
