"""Starts a course page's kernel: ipykernel as Jupyter starts it, without what a page never uses.

The course's server finds its kernel spec in `app/kernels/python3/kernel.json` (app/ comes first on
JUPYTER_PATH, see `widgets.serve.voila_environment`), so this runs for every page Voila opens and every
kernel of a room's pool. The spec also turns IPython's history off: a page's cells are the course's, never
worth keeping, and thirty kernels would otherwise all write to one history database.
"""
import sys


def main():
    # ipykernel imports debugpy (the debugger behind JupyterLab's debugging panel) as it starts: about
    # 75 ms of CPU a kernel, a quarter of starting one, and several MB. A page is never debugged. A None
    # in sys.modules makes `import debugpy` fail, and ipykernel then starts without its debugger, exactly
    # as when debugpy isn't installed.
    sys.modules["debugpy"] = None
    from ipykernel.kernelapp import IPKernelApp

    class PageKernelApp(IPKernelApp):
        def start(self):
            super().start()
            # Asked to shut down (the server asks when a learner leaves a page), ipykernel answers on its
            # control thread and stops the main loop, and the kernel exits. At exit the IOPub thread stops
            # first, while the control thread may still be flushing output after its answer: that flush then
            # waits 10 s for a thread that is gone, and the server kills the kernel after waiting 2.5 s
            # (ipykernel's pull request 1518 describes the race). The answer has already told the control
            # thread to stop: let it finish before anything else does.
            if self.control_thread and self.control_thread.is_alive():
                self.control_thread.join(timeout=5)

    PageKernelApp.launch_instance()


if __name__ == "__main__":
    main()
