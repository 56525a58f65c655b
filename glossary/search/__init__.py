"""Search over the begrippenkader: analysis, typo tolerance, completion, ranking and the
index lifecycle, over one engine adapter (`engine/`, the only package that knows Whoosh).

See docs/search.md."""
