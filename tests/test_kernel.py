"""A course page's kernel (widgets/kernel.py, started through app/kernels/python3/kernel.json): the course's
server finds that spec first, the kernel runs a page's code without the debugger and IPython's history, and it
exits by itself when the server asks it to."""
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


def start_page_kernel(tmp_path, monkeypatch):
    env = voila_environment()
    # The kernel spec is found on JUPYTER_PATH, as the course's server finds it.
    monkeypatch.setenv("JUPYTER_PATH", env["JUPYTER_PATH"])
    env["IPYTHONDIR"] = str(tmp_path / "ipython")
    return start_new_kernel(kernel_name="python3", env=env, cwd=str(COURSE_DIR), startup_timeout=60)


def test_a_page_kernel_runs_code_without_the_debugger_or_a_history_file(tmp_path, monkeypatch):
    manager, client = start_page_kernel(tmp_path, monkeypatch)
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


def test_a_page_kernel_asked_to_shut_down_exits_by_itself(tmp_path, monkeypatch):
    """The server asks a kernel to shut down when its learner leaves the page, and kills it if it hasn't exited
    2.5 s later (SIGTERM: return code -15). ipykernel's own app lost that race about one time in three (its
    output thread stopped under the thread answering the request); widgets/kernel.py waits for that thread.
    Five kernels, so that the race, if it were back, would show in all but about one run in six."""
    for _ in range(5):
        manager, client = start_page_kernel(tmp_path, monkeypatch)
        process = manager.provisioner.process
        client.stop_channels()
        manager.shutdown_kernel(now=False)
        assert process.returncode == 0
