"""The hostile corpus (cases.yaml, yaml/, make_corpus.py) and helpers for its tests."""
