"""The public names of DESIGN.md, and their signatures: a change here is a change of the API."""

import inspect

import spark_nb


def test_the_public_names():
    assert sorted(spark_nb.__all__) == ["Engine", "SparkError", "__version__", "analyze_figure", "diagnose",
                                        "export_report", "generate", "get_engine", "models"]
    for name in spark_nb.__all__:
        assert hasattr(spark_nb, name), name


def test_the_public_signatures():
    def sig(fn):
        return str(inspect.signature(fn))

    assert sig(spark_nb.generate) == "(request: 'str', *, namespace: 'Mapping[str, Any] | None' = None, model: 'str | None' = None, **options: 'Any') -> \"'Generation'\""
    assert sig(spark_nb.diagnose) == "(source: 'str', exc_or_traceback: \"'BaseException | str'\", namespace: 'Mapping[str, Any] | None' = None, **options: 'Any') -> \"'Diagnosis'\""
    assert sig(spark_nb.analyze_figure) == "(fig: 'Any' = None, question: 'str | None' = None, *, vision: 'bool' = False, **options: 'Any') -> \"'ChartAnalysis'\""
    assert sig(spark_nb.export_report) == "(path: 'Any', *, to: 'str' = 'html', output: 'Any' = None, **options: 'Any') -> \"'Path'\""
    params = inspect.signature(spark_nb.get_engine).parameters
    assert list(params)[:2] == ["model", "task"] and params["model"].default is None
    assert params["task"].default == "code"
    assert callable(spark_nb.models) and spark_nb.load_ipython_extension and spark_nb.unload_ipython_extension
