"""Hover on a CronJob's schedule reads it out, and says which time zone it runs in: the
schedule alone does not tell a person when `0 3 * * 1-5` fires, nor that both days mean either."""

from __future__ import annotations

import pytest
from lsp_helpers import open_doc
from lsprotocol import types
from pytest_lsp import LanguageClient

from pod_ls.ide.schedule_reading import schedule_reading

ELSEWHERE = "kube-controller-manager"


@pytest.mark.parametrize("schedule, reading", [
    ("0 3 * * 1-5", "At 03:00, on Monday to Friday."),
    ("30 2 1,15 * *", "At 02:30, on day 1 and day 15 of the month."),
    ("5 4 * JAN-MAR sun", "At 04:05, on Sunday, in January to March."),
    ("0 * * * *", "At minute 0 of every hour."),
    ("*/15 * * * *", "Every 15th minute."),
    ("*/10 9-17 * * mon-fri", "Every 10th minute, past hours 9 to 17, on Monday to Friday."),
    ("1-10/2 * * * *", "Every 2nd minute from 1 to 10."),
    ("0 0 */2 * *", "At 00:00, on every 2nd day of the month."),
    ("0 5/2 * * *", "Minute 0, past every 2nd hour from 5 to 23."),
    ("* * * * *", "Every minute."),
    ("0 9 * * *", "At 09:00, every day."),
    ("0 0 13 * FRI", "At 00:00, on day 13 of the month or on Friday. Both days given: either one starts a run."),
    ("@weekly", "At 00:00 every Sunday."),
    ("@every 90m", "Every 90m."),
])
def test_a_schedule_in_words(schedule: str, reading: str):
    found = schedule_reading(schedule)
    assert found is not None and found.split("\n")[0] == reading
    assert ELSEWHERE in found


def test_a_time_zone_in_the_schedule_is_named():
    found = schedule_reading("TZ=Europe/Paris 0 9 * * *")
    assert found == "At 09:00, every day.\n\nRuns in the time zone `Europe/Paris`."


@pytest.mark.parametrize("schedule", ["0 12 * * 7", "15 10 L * *", "bad", "", "TZ=Nowhere/Else 0 9 * * *", "@often"])
def test_a_schedule_the_api_server_refuses_is_not_read(schedule: str):
    assert schedule_reading(schedule) is None


URI = "file:///tmp/pod-ls-tests/cron.yaml"
CRON = ('apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "0 3 * * 1-5"\n'
        "  jobTemplate: {spec: {template: {spec: {restartPolicy: OnFailure, containers: [{name: a, image: b:1}]}}}}\n")


@pytest.mark.parametrize("text", [CRON, CRON.replace('schedule: "0 3 * * 1-5"', 'schedule: "0 3 * * 1-5"\n  x: [')],
                         ids=["parsed", "broken"])
async def test_hover_on_the_schedule_reads_it(client: LanguageClient, text: str):
    open_doc(client, URI, text)
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=URI), position=types.Position(line=5, character=15)))
    assert result is not None and result.contents.value.startswith("At 03:00, on Monday to Friday.\n"), result
    assert "**schedule** `string`" in result.contents.value
