"""The server's routed standard streams and the wire, without processes."""

from __future__ import annotations

import io
import socket
import threading

import pytest

from assistant.serve.streams import ClientInput, ClientOutput, RoutedStream, pinned
from assistant.serve.wire import Channel, WireError, messages


def _client(name: str) -> tuple[ClientOutput, socket.socket]:
    ours, theirs = socket.socketpair()
    output = ClientOutput(Channel(ours), "out", tty=False, columns=80, environ={"N": name})
    return output, theirs


def _received(sock: socket.socket) -> str:
    return "".join(message["out"] for message in messages(sock))


def test_each_thread_writes_to_its_own_client_and_the_rest_to_the_server() -> None:
    server_own = io.StringIO()
    routed = RoutedStream(server_own)
    clients = {name: _client(name) for name in ("甲", "B")}

    def command(name: str) -> None:
        output, _ = clients[name]
        with routed.route(output):
            for n in range(200):
                print(f"{name} {n}", file=routed)
            helper = pinned(routed)  # a thread the command starts writes where it does
            ticker = threading.Thread(target=lambda: helper.write(f"{name} ticker\n"))
            ticker.start()
            ticker.join()
            routed.flush()
        output.channel.sock.close()

    threads = [threading.Thread(target=command, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    print("server line", file=routed)
    for thread in threads:
        thread.join()
    for name, (_, theirs) in clients.items():
        expected = "".join(f"{name} {n}\n" for n in range(200)) + f"{name} ticker\n"
        assert _received(theirs) == expected
    assert server_own.getvalue() == "server line\n"


def test_a_client_that_left_is_written_to_without_an_error() -> None:
    output, theirs = _client("x")
    theirs.close()
    for _ in range(100):  # the first sends may still be buffered by the kernel
        output.write("still talking\n")
    assert output.channel.gone


def test_a_clients_input_ends_and_its_ctrl_c_interrupts_a_read() -> None:
    pressed = threading.Event()
    stdin = ClientInput(pressed, tty=True)
    stdin.feed("你好\n")
    stdin.feed(None)
    assert list(stdin) == ["你好\n"] and stdin.isatty()
    waiting = ClientInput(pressed, tty=False)
    pressed.set()
    with pytest.raises(KeyboardInterrupt):
        waiting.readline()


@pytest.mark.parametrize("sent", [b'{"out": "cut', b"[1, 2]\n", b"not json\n"])
def test_what_is_not_a_message_is_a_wire_error(sent: bytes) -> None:
    ours, theirs = socket.socketpair()
    theirs.sendall(sent)
    theirs.close()
    with pytest.raises(WireError):
        list(messages(ours))
