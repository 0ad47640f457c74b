"""``py/examples/analyst.ipynb`` runs from top to bottom (its cells assert what they show) from
any directory — its data ships in the package — and is kept in git without outputs."""

import json

import nbformat
from nbclient import NotebookClient

from conftest import FIXTURES

NOTEBOOK = FIXTURES.parent / "py" / "examples" / "analyst.ipynb"


def test_the_notebook_is_stored_without_outputs():
    raw = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in raw["cells"] if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] and c["execution_count"] is None for c in code)


def test_the_notebook_runs_outside_the_repository(tmp_path):
    """Run where no fixtures are (issue 24): its data is the package's own samples."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert "fixtures" not in NOTEBOOK.read_text(encoding="utf-8")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # The chart and the report's HTML view are there for a reader.
    assert any("image/svg+xml" in o.get("data", {}) for o in outputs)
    assert any("text/html" in o.get("data", {}) for o in outputs)


def test_the_samples_in_the_package_are_the_fixtures():
    """The samples shipped in the wheel are the repository's fixtures, byte for byte."""
    import shenfu_rules

    sources = {"applications.csv": FIXTURES / "projects" / "examples.csv",
               "observations-2023.csv": FIXTURES / "indicators" / "cases" / "2023-mixed" / "observations.csv"}
    assert set(sources) == set(shenfu_rules.SAMPLES)
    for name, source in sources.items():
        assert shenfu_rules.sample(name).read_bytes() == source.read_bytes(), name
