"""Consultation rounds: editors ask invited participants for their position on a set of
drafts before publishing them (issue 16). No request state here: the web views pass what
they know."""
