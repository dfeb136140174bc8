"""What the main screen shows before there is anything to ask about.

A fresh home has no folders, and a blank screen (or "I could not find this in your files")
leaves a newcomer guessing; so until the first folder is indexed the place where answers go
says what to do and what happens next. The same words start the F1 help and answer a question
asked while there are no folders.
"""

from __future__ import annotations

from textual.widgets import Markdown

from assistant.ask.answer import language_of
from assistant.indexing.service import Status

NO_FOLDERS = "No folders yet: press **F3** (or run `assistant add PATH`)."
NEXT_STEPS = (
    "Choose the folders of notes, mail (Maildir or mbox) and PDFs to search. They are indexed "
    "here, on this machine, in the background (the status line below shows how far), and "
    "watched for changes from then on. Ask in the box below as soon as the first files are "
    "in; answers cite the mail or page they used."
)
NO_FOLDERS_ANSWERS = {
    "en": "No folders yet, so there is nothing to search: press F3 (or run "
    "`assistant add PATH`) to add your notes, mail or PDFs, then ask again.",
    "de": "Noch keine Ordner, also nichts zu durchsuchen: F3 drücken (oder "
    "`assistant add PFAD` ausführen), Notizen, Mails oder PDFs hinzufügen und erneut fragen.",
    "zh": "还没有文件夹，所以没有可搜索的内容：按 F3（或运行 `assistant add 路径`）"
    "添加笔记、邮件或 PDF，然后再问一次。",
}


def no_folders_answer(question: str) -> str:
    """The answer to a question asked while no folder is registered, in its language."""
    return NO_FOLDERS_ANSWERS[language_of(question)]


def indexing_text(done: int, total: int) -> str:
    progress = f": {done:,} of {total:,} files…" if total else "…"
    return (
        f"Indexing your folders for the first time{progress}\n\n"
        "You can ask already: answers use what is indexed so far."
    )


def first_run_text(status: Status | None, syncing: bool, done: int = 0, total: int = 0) -> str:
    """The empty state's text for this moment, or '' once there is something to ask about."""
    if status is None:
        return ""
    if not status.roots:
        return f"{NO_FOLDERS}\n\n{NEXT_STEPS}"
    if status.documents == 0 and not status.failures and syncing:
        return indexing_text(done, total)
    return ""


class EmptyState(Markdown):
    """The first-run text; hidden (by the main screen) whenever there is nothing to say."""
