"""Releases: named, immutable snapshots of the published framework, their frozen exports,
and what changed between two of them (or between one and today)."""
