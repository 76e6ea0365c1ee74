"""A course page's kernel (widgets/kernel.py, started through app/kernels/python3/kernel.json): the course's
server finds that spec first, and the kernel runs a page's code without the debugger and IPython's history
file, and exits when the server asks it to."""
import json
import sys

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel

from widgets.serve import APP_DIR, COURSE_DIR, voila_environment


def test_the_course_server_finds_the_courses_kernel_spec_for_its_notebooks():
    spec = KernelSpecManager(kernel_dirs=[str(APP_DIR / "kernels")]).get_kernel_spec("python3")
    assert spec.argv[:3] == ["python", "-m", "widgets.kernel"]
    assert "--HistoryManager.hist_file=:memory:" in spec.argv
    # Every notebook asks for that kernel by its name.
    for notebook in COURSE_DIR.glob("*.ipynb"):
        assert json.loads(notebook.read_text())["metadata"]["kernelspec"]["name"] == "python3", notebook.name


def test_a_page_kernel_runs_code_without_the_debugger_or_a_history_file_and_exits_when_asked(tmp_path,
                                                                                              monkeypatch):
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
            "print(sys.executable, sys.modules.get('debugpy', 'absent'), get_ipython().history_manager.hist_file)",
            timeout=60, output_hook=lambda message: outputs.append(message["content"].get("text", "")))
        assert reply["content"]["status"] == "ok"
        assert "".join(outputs).split() == [sys.executable, "None", ":memory:"]
        assert not list(tmp_path.rglob("history.sqlite"))
        # Asked to shut down, as the server asks when a learner leaves a page, the kernel exits by itself. With
        # IPython's history disabled instead, it often didn't within the 2.5 s the server waits, and was killed
        # (SIGTERM: return code -15).
        process = manager.provisioner.process
        manager.shutdown_kernel(now=False)
        assert process.returncode == 0
    finally:
        client.stop_channels()
        if manager.is_alive():
            manager.shutdown_kernel(now=True)
