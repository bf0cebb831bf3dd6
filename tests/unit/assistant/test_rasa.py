import json

import httpx
import pytest

from bot.assistant import RasaAssistant, parse_rasa_replies
from bot.conversations import AssistantUnavailableError, Button, Reply


def test_parses_text_and_buttons() -> None:
    body = [
        {"recipient_id": "c1", "text": "您好", "buttons": [{"title": "转人工", "payload": "/h"}]},
        {"recipient_id": "c1", "image": "https://example.invalid/x.png"},
        {"recipient_id": "c1", "text": "second"},
    ]
    assert parse_rasa_replies(body) == [
        Reply(text="您好", buttons=(Button(title="转人工", payload="/h"),)),
        Reply(text="second"),
    ]


def test_rejects_a_body_that_is_not_a_list() -> None:
    with pytest.raises(AssistantUnavailableError):
        parse_rasa_replies({"error": "x"})


def _assistant(handler: httpx.MockTransport) -> RasaAssistant:
    return RasaAssistant("http://rasa", "http://actions", 5.0, transport=handler)


def test_sends_message_and_metadata_to_the_rest_channel() -> None:
    seen: list[dict[str, object]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/health":
            return httpx.Response(200, json={"status": "ok"})
        seen.append(json.loads(request.content))
        return httpx.Response(200, json=[{"recipient_id": "c1", "text": "hi"}])

    replies = _assistant(httpx.MockTransport(handle)).respond("c1", "hello", {"language": "en"})
    assert replies == [Reply(text="hi")]
    assert seen == [{"sender": "c1", "message": "hello", "metadata": {"language": "en"}}]


def test_action_server_down_means_unavailable_before_rasa_is_asked() -> None:
    asked_rasa = False

    def handle(request: httpx.Request) -> httpx.Response:
        nonlocal asked_rasa
        if request.url.host == "actions":
            raise httpx.ConnectError("refused", request=request)
        asked_rasa = True
        return httpx.Response(200, json=[])

    with pytest.raises(AssistantUnavailableError, match="action server"):
        _assistant(httpx.MockTransport(handle)).respond("c1", "hello", {})
    assert not asked_rasa


@pytest.mark.parametrize("status", [500, 502, 404])
def test_rasa_error_status_means_unavailable(status: int) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.host == "actions":
            return httpx.Response(200)
        return httpx.Response(status)

    with pytest.raises(AssistantUnavailableError, match="Rasa"):
        _assistant(httpx.MockTransport(handle)).respond("c1", "hello", {})


def test_no_replies_with_actions_gone_means_unavailable() -> None:
    health_calls = 0

    def handle(request: httpx.Request) -> httpx.Response:
        nonlocal health_calls
        if request.url.host == "actions":
            health_calls += 1
            return httpx.Response(200 if health_calls == 1 else 503)
        return httpx.Response(200, json=[])

    with pytest.raises(AssistantUnavailableError, match="stopped"):
        _assistant(httpx.MockTransport(handle)).respond("c1", "hello", {})
