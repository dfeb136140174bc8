"""Disclaimers, list footers and "external sender" banners: text no person wrote to anyone.

Company mail ends in legal boilerplate ("This email message is confidential and is intended
for the exclusive use of the addressee..."), list servers append their unsubscribe footer
(LISTSERV frames it in "####" rules), and mail gateways put "CAUTION: This email originated
from outside of the organization" on top. Embedded as the mail's words, the same paragraphs in
hundreds of mails make them all look alike and match every question about confidentiality.
Footers are recognised by paragraph at the end of a message part (a paragraph that only
mentions confidentiality in the middle of a mail is the writer's words); banners by line.
"""

from __future__ import annotations

import re

_FOOTER_CUES = re.compile(
    r"unsubscribe|confidential|intended recipient|intended solely|intended only|"
    r"exclusive use of the addressee|disclaimer|privileged|email terms|e-mail terms|"
    r"legal entity|registered office|mailing list|listinfo|mailman|"
    r"vertraulich|abbestellen|abmelden|haftungsausschluss|nicht der richtige adressat|"
    r"nicht der beabsichtigte empfänger|sitz der gesellschaft|registergericht|"
    r"保密|机密|免责声明|退订|取消订阅|本邮件|此邮件|此电子邮件|"
    r"confidentiel|désabonner|konfidentiell|avregistrera",
    re.IGNORECASE,
)
_RULE_LINE = re.compile(r"^\s*([#_\-=*~])\1{9,}\s*$")
_BANNER = re.compile(
    r"originated from outside|external (?:e-?mail|sender)|"
    r"externe[rn]? (?:absender|e-?mail)|von außerhalb|外部邮件|来自外部",
    re.IGNORECASE,
)
_MAX_BANNER_CHARS = 240
# A lone cue paragraph this short is a writer's sentence ("Keep this confidential.").
_MIN_FOOTER_CHARS = 60
_WIDE = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")  # CJK says more per character


def drop_banners(lines: list[str], kept: list[int]) -> list[int]:
    """`kept` without the gateway banner lines ("This email originated from outside")."""
    return [
        i for i in kept if not (len(lines[i]) <= _MAX_BANNER_CHARS and _BANNER.search(lines[i]))
    ]


def drop_footers(lines: list[str], kept: list[int]) -> list[int]:
    """`kept` without the run of footer paragraphs it ends with. The first paragraph stays
    (a message about a list's links is not a footer) unless it is a bare rule: then the
    message is nothing but the list footer."""
    paragraphs = _paragraphs(lines, kept)
    cut = len(paragraphs)
    while cut > 1 and _is_footer(lines, paragraphs[cut - 1], after_footer=cut < len(paragraphs)):
        cut -= 1
    if cut == 1 and len(paragraphs) > 1 and _is_rule(lines, paragraphs[0]):
        cut = 0
    if cut == len(paragraphs):
        return kept
    first_dropped = paragraphs[cut][0]
    return [i for i in kept if i < first_dropped]


def _paragraphs(lines: list[str], kept: list[int]) -> list[list[int]]:
    """The kept line indices grouped into paragraphs (runs of non-blank lines)."""
    groups: list[list[int]] = []
    current: list[int] = []
    for i in kept:
        if current and (not lines[i].strip() or i != current[-1] + 1):
            groups.append(current)  # a blank line, or lines taken out between, end it
            current = []
        if lines[i].strip():
            current.append(i)
    if current:
        groups.append(current)
    return groups


def _is_footer(lines: list[str], paragraph: list[int], after_footer: bool) -> bool:
    if _is_rule(lines, paragraph):
        return True
    texts = [lines[i] for i in paragraph]
    joined = " ".join(text.strip() for text in texts)
    if not _FOOTER_CUES.search(joined):
        return False
    return after_footer or len(joined) + 2 * len(_WIDE.findall(joined)) >= _MIN_FOOTER_CHARS


def _is_rule(lines: list[str], paragraph: list[int]) -> bool:
    return all(_RULE_LINE.match(lines[i]) for i in paragraph)
