"""Build-time tools, never imported by the running dashboard: demo generator, geo build.

They write the files the app reads (data/*.csv, geo/*.parquet); tests/unit/test_build_separation.py
checks that nothing the app imports reaches this package.
"""
