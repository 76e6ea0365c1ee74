"""A course page's kernel (widgets/kernel.py, started through app/kernels/python3/kernel.json): the course's
server finds that spec first, and the kernel runs a page's code without the debugger and IPython's history."""
import json
import sys

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

from widgets.serve import APP_DIR, COURSE_DIR, voila_environment


def test_the_course_server_finds_the_courses_kernel_spec_for_its_notebooks():
    spec = KernelSpecManager(kernel_dirs=[str(APP_DIR / "kernels")]).get_kernel_spec("python3")
    assert spec.argv[:3] == ["python", "-m", "widgets.kernel"]
    assert "--HistoryManager.enabled=False" in spec.argv
    # Every notebook asks for that kernel by its name.
    for notebook in COURSE_DIR.glob("*.ipynb"):
        assert json.loads(notebook.read_text())["metadata"]["kernelspec"]["name"] == "python3", notebook.name


def test_a_page_kernel_runs_code_without_the_debugger_or_a_history_file(tmp_path, monkeypatch):
    env = voila_environment()
    # The kernel spec is found on JUPYTER_PATH, as the course's server finds it.
    monkeypatch.setenv("JUPYTER_PATH", env["JUPYTER_PATH"])
    env["IPYTHONDIR"] = str(tmp_path / "ipython")
    manager, client = start_new_kernel(kernel_name="python3", env=env, cwd=str(COURSE_DIR), startup_timeout=60)
    try:
        assert manager.kernel_spec.argv[:3] == ["python", "-m", "widgets.kernel"]
        outputs = []
        reply = client.execute_interactive(
            "import sys\n"
            "print(sys.executable, sys.modules.get('debugpy', 'absent'), get_ipython().history_manager.enabled)",
            timeout=60, output_hook=lambda message: outputs.append(message["content"].get("text", "")))
        assert reply["content"]["status"] == "ok"
        assert "".join(outputs).split() == [sys.executable, "None", "False"]
        assert not list(tmp_path.rglob("history.sqlite"))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
