"""The model server's status-bar item in a real JupyterLab, fed by the server extension."""

from __future__ import annotations

from tests.e2e.conftest import shoot, until


def test_the_status_bar_says_where_models_run(lab, page, open_notebook):
    name = lab.write_notebook("status.ipynb", ["1 + 1"])
    open_notebook(name)
    item = page.locator(".spark-nb-server-status")
    # the suite runs models in each kernel (SPARK_NB_SERVER=off), and the item says so
    until(page, lambda: item.is_visible() and item.inner_text() == "Spark: in-kernel models",
          "the status-bar item", timeout=30)
    assert "SPARK_NB_SERVER=off" in item.get_attribute("title")
    assert lab.http.get("spark-nb/model-server").json()["mode"] == "off"
    shoot(page, "status-bar-in-kernel")
