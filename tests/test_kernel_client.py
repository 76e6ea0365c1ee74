"""The course server's kernel client: a page's cells run as soon as its kernel has answered."""
from queue import Empty

import pytest
from traitlets.utils.importstring import import_item

from conftest import REPO
from helpers import run_apart
from widgets.server import CourseKernelManager, CourseVoila, PromptKernelClient

KERNEL_INFO_REPLY = {"msg_type": "kernel_info_reply", "content": {"protocol_version": "5.3"}}
BUSY = {"msg_type": "status", "content": {"execution_state": "busy"}}
NOTHING = None  # a wait for a message that ends with none


class Channel:
    """Hands out the messages it was given, in turn, then none (as a wait that runs out)."""

    def __init__(self, *messages):
        self.messages = list(messages)

    async def get_msg(self, timeout=None):
        message = self.messages.pop(0) if self.messages else NOTHING
        if message is NOTHING:
            raise Empty
        return message


class Client(PromptKernelClient):
    """The client, its channels and kernel replaced by stand-ins."""

    shell_channel = None
    iopub_channel = None

    def __init__(self, shell, iopub, alive=True):
        super().__init__()
        self.shell_channel, self.iopub_channel, self.alive, self.asked = shell, iopub, alive, 0

    def kernel_info(self):
        self.asked += 1
        return f"question {self.asked}"

    async def is_alive(self):
        return self.alive


def wait_for_ready(client, timeout):
    return run_apart(client.wait_for_ready(timeout=timeout))


def test_ready_once_the_kernel_has_answered_without_waiting_for_iopub_to_go_quiet():
    # A kernel still talking on IOPub: jupyter_client's own client reads on until 0.2 s pass without a message.
    iopub = Channel(*[BUSY] * 50)
    client = Client(Channel(KERNEL_INFO_REPLY), iopub)
    wait_for_ready(client, 10)
    assert client.asked == 1
    assert len(iopub.messages) == 49


def test_asks_again_until_iopub_is_connected():
    client = Client(Channel(KERNEL_INFO_REPLY, KERNEL_INFO_REPLY), Channel(NOTHING, BUSY))
    wait_for_ready(client, 10)
    assert client.asked == 2


def test_another_reply_first_is_not_taken_for_the_answer():
    client = Client(Channel({"msg_type": "execute_reply", "content": {}}, KERNEL_INFO_REPLY), Channel(BUSY))
    wait_for_ready(client, 10)
    assert client.asked == 2


def test_a_kernel_that_died_is_reported():
    client = Client(Channel(), Channel(), alive=False)
    with pytest.raises(RuntimeError, match="died before it answered"):
        wait_for_ready(client, 10)


def test_a_kernel_that_never_answers_is_given_up_on_at_the_timeout():
    client = Client(Channel(), Channel())
    with pytest.raises(RuntimeError, match="didn't answer within 0 seconds"):
        wait_for_ready(client, 0)
    assert client.asked == 1


def test_the_course_servers_pages_use_it():
    app = CourseVoila()
    app.initialize([str(REPO / "course")])
    mapping = CourseKernelManager(config=app.config)
    manager = import_item(mapping.kernel_manager_class)(config=app.config, parent=mapping)
    assert isinstance(manager.client(), PromptKernelClient)
