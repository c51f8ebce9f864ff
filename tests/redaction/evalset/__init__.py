"""An evaluation set for the redaction pipeline: documents with ground truth, and how to score them.

build.build_cases() makes the documents (see build.py for the cases and the
truth categories); measure.evaluate() runs the pipeline on them and scores
recall, precision, sentences kept and speed with readers independent of the
pipeline. bench/redact_eval.py prints the scores; tests/redaction/test_evalset.py
asserts the targets on a quick subset.
"""
