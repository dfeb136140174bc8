# ruff: noqa: E501
"""Write the quality-evaluation corpus into tests/quality/corpus/ (run once; output is committed).

Everything here is invented: the household (Xiaoyu Lin, Jan Brenner and their children Mia and
Leo in Mainz, family in Hangzhou and Shanghai), the tradespeople, the numbers and the addresses.
All mail domains end in ".example".

    .venv/bin/python tests/quality/make_corpus.py

The script is deterministic: running it again produces byte-identical files.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime
from email.header import Header
from email.utils import format_datetime, formataddr
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent / "corpus"
BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")

# --- people -------------------------------------------------------------------------------

XIAOYU = ("Xiaoyu Lin", "xiaoyu.lin@mailbox.example")
XIAOYU_ZH = ("林晓雨", "xiaoyu.lin@mailbox.example")
JAN = ("Jan Brenner", "jan.brenner@mailbox.example")

# floor fitters and carpenters
WOLTER = ("Stefan Wolter", "s.wolter@parkett-wolter.example")
HUGHES = ("Gareth Hughes", "gareth@hughes-joinery.example")
ZHANG = ("张建国", "zhang.jianguo@zjg-renovierung.example")
BAUER = ("Petra Bauer", "p.bauer@schreinerei-bauer.example")
# heating
KAISER = ("Jürgen Kaiser", "service@waermetechnik-kaiser.example")
DOYLE = ("Ryan Doyle", "ryan@doyle-heating.example")
LIU = ("刘伟", "liuwei.haustechnik@mailbox.example")
# plumbing
VOGEL = ("Sabine Vogel", "info@sanitaer-vogel.example")
NOWAK = ("Piotr Nowak", "piotr@nowak-sanitaer.example")
# electricians
HARTMANN = ("Lukas Hartmann", "l.hartmann@elektro-hartmann.example")
CHEN = ("陈明", "chenming.elektro@mailbox.example")

# everyone else
ROTH = ("Dieter Roth (Hausverwaltung Roth)", "d.roth@hv-roth.example")
LINHAO = ("林浩", "linhao.sh@163mail.example")
MAMA = ("王秀兰", "wangxiulan53@139mail.example")
JULIA = ("Julia Krämer", "julia.kraemer@webpost.example")
TOM = ("Tom Fletcher", "tom@fletcher-family.example")
ZHOUTING = ("周婷", "zhouting.ffm@mailbox.example")
CLAIRE = ("Claire Dubois", "claire.dubois@mailbox.example")
SEIDEL = ("Praxis Dr. med. Anke Seidel", "praxis@hausarzt-seidel.example")
BANK = ("Rheinhessen Bank eG", "service@rheinhessen-bank.example")
LUMEN = ("Lumen Transfer", "no-reply@lumen-transfer.example")
SCHULE = ("Grundschule Am Kirschgarten", "sekretariat@gs-kirschgarten.example")
ZHONGWEN = ("美因茨中文学校", "info@zhongwen-mainz.example")

# --- signatures -----------------------------------------------------------------------------

SIG_WOLTER_OLD = "Parkett & Dielen Wolter\nMeisterbetrieb · Mainz\nMobil 0171 4839205"
SIG_WOLTER_NEW = "Parkett & Dielen Wolter\nMeisterbetrieb · Mainz\nMobil 0152 28817364"
SIG_HUGHES = "Gareth Hughes\nHughes Joinery & Floors, Wiesbaden\nMobile 0160 9932417"
SIG_BAUER = "Schreinerei Bauer · Tischlermeisterin Petra Bauer\nTel. 06131 4471203"
SIG_KAISER = (
    "Wärmetechnik Kaiser GmbH · Heizung · Solar · Kundendienst\n"
    "Büro 06131 578420 · Notdienst 0170 3316482"
)
SIG_DOYLE = "Ryan Doyle\nDoyle Heating & Gas\nMobile 0151 62209874"
SIG_VOGEL = "Sanitär Vogel · Installateurmeisterin Sabine Vogel · Mainz\nTel. 06131 884512"
SIG_NOWAK = "Nowak Sanitär\nPiotr Nowak\nMobile 0157 34420981"
SIG_HARTMANN = "Elektro Hartmann · Elektromeister Lukas Hartmann\nMobil 0176 20489177"
SIG_SEIDEL = (
    "Ihr Praxisteam\nDr. med. Anke Seidel · Fachärztin für Allgemeinmedizin\n"
    "Tel. 06131 362290 · Mo–Fr 8–12 Uhr, Mo/Di/Do 15–18 Uhr"
)

# --- mail -----------------------------------------------------------------------------------

MAILS: dict[str, dict] = {}


def _addr(person: tuple[str, str]) -> str:
    return formataddr(person, charset="utf-8")


def _header_text(text: str) -> str:
    if text.isascii():
        return text
    return Header(text, "utf-8").encode(maxlinelen=76)


def _when(stamp: str, tz: ZoneInfo) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(tzinfo=tz)


def _message_id(key: str, when: datetime, sender: tuple[str, str]) -> str:
    domain = sender[1].split("@", 1)[1]
    tag = hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"<{when:%Y%m%d%H%M}.{tag}@{domain}>"


def _quoted(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.rstrip("\n").split("\n"))


def _attribution(original: dict, lang: str) -> str:
    when: datetime = original["when"]
    name, addr = original["from"]
    if lang == "de":
        return f"Am {when:%d.%m.%Y} um {when:%H:%M} schrieb {name} <{addr}>:"
    if lang == "zh":
        weekday = "一二三四五六日"[when.weekday()]
        return f"在 {when.year}年{when.month}月{when.day}日 周{weekday} {when:%H:%M}，{name} <{addr}> 写道："
    return f"On {format_datetime(when)[:16]} at {when:%H:%M}, {name} <{addr}> wrote:"


def mail(
    key: str,
    path: str,
    sender: tuple[str, str],
    to: tuple[str, str],
    subject: str,
    stamp: str,
    body: str,
    *,
    sig: str | None = None,
    cc: tuple[str, str] | None = None,
    tz: ZoneInfo = BERLIN,
    reply_to: str | None = None,
    quote_lang: str = "de",
) -> None:
    when = _when(stamp, tz)
    text = body.rstrip("\n") + "\n"
    if sig:
        text += "\n-- \n" + sig + "\n"
    headers = [
        ("From", _addr(sender)),
        ("To", _addr(to)),
    ]
    if cc:
        headers.append(("Cc", _addr(cc)))
    headers += [
        ("Subject", _header_text(subject)),
        ("Date", format_datetime(when)),
        ("Message-ID", _message_id(key, when, sender)),
    ]
    if reply_to:
        original = MAILS[reply_to]
        references = (original["references"] + " " + original["message_id"]).strip()
        headers += [("In-Reply-To", original["message_id"]), ("References", references)]
        text += "\n" + _attribution(original, quote_lang) + "\n" + _quoted(original["body"]) + "\n"
    else:
        references = ""
    headers += [
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Transfer-Encoding", "8bit"),
    ]
    raw = "".join(f"{name}: {value}\n" for name, value in headers) + "\n" + text
    MAILS[key] = {
        "path": path,
        "from": sender,
        "when": when,
        "message_id": dict(headers)["Message-ID"],
        "references": references,
        "body": text,
        "raw": raw,
    }


# ============================================================================================
# Timeline set: tradespeople, 2019-2025
# ============================================================================================

# --- floor fitters: Stefan Wolter (de) -------------------------------------------------------

mail(
    "f01",
    "mail/2019-05-10-anfrage-parkett-wohnzimmer.eml",
    XIAOYU,
    WOLTER,
    "Anfrage: Parkett im Wohnzimmer abschleifen",
    "2019-05-10 09:12",
    """\
Sehr geehrter Herr Wolter,

wir sind im April in das Haus Am Kirschgarten 7 in Mainz-Hechtsheim eingezogen. Das Eichenparkett im Wohnzimmer (ca. 38 m², Fischgrät) ist ziemlich zerkratzt und vor dem Fenster an zwei Stellen grau verfärbt. Ihre Nummer haben wir von unseren Nachbarn, Familie Hesse.

Könnten Sie sich das ansehen und uns ein Angebot für Abschleifen und Versiegeln machen? Wir sind werktags ab 16 Uhr zu Hause, samstags ganztags.

Mit freundlichen Grüßen
Xiaoyu Lin
""",
)

mail(
    "f02",
    "mail/2019-05-14-wolter-angebot-parkett-wohnzimmer.eml",
    WOLTER,
    XIAOYU,
    "Re: Anfrage: Parkett im Wohnzimmer abschleifen",
    "2019-05-14 17:40",
    """\
Guten Tag Frau Lin,

danke für die Anfrage und für den Termin am Montag. Wie besprochen mein Angebot Nr. 19-0231:

- Eichenparkett Wohnzimmer, 38 m², in drei Gängen abschleifen (grob, mittel, fein)
- graue Stellen am Fenster so weit wie möglich herausschleifen
- Versiegelung mit Wasserlack, 3 Schichten, seidenmatt
- Sockelleisten ab- und wieder anbauen

Gesamtpreis: 2.340,00 € inkl. MwSt.

Ausführung wäre ab dem 17. Juni möglich, Dauer ca. 4 Tage. Das Zimmer muss dafür leer sein.
Am besten erreichen Sie mich mobil unter 0171 4839205.

Mit freundlichen Grüßen
Stefan Wolter
""",
    sig=SIG_WOLTER_OLD,
    reply_to="f01",
)

mail(
    "f03",
    "mail/2019-06-28-wolter-parkett-wohnzimmer-fertig.eml",
    WOLTER,
    XIAOYU,
    "Parkett Wohnzimmer fertig",
    "2019-06-28 15:05",
    """\
Hallo Frau Lin,

das Parkett im Wohnzimmer ist fertig abgeschliffen und dreimal versiegelt. Die grauen Stellen am Fenster sind fast ganz weg, eine leichte Verfärbung bleibt, wie besprochen.

Bitte 24 Stunden gar nicht betreten, danach nur mit Socken. Möbel frühestens ab Mittwoch, 3. Juli, wieder reinstellen, und bitte Filzgleiter drunter. Teppiche erst nach zwei Wochen auslegen.

Die Rechnung schicke ich Ihnen nächste Woche per Post.

Viele Grüße
Stefan Wolter
""",
    sig=SIG_WOLTER_OLD,
)

mail(
    "f09",
    "mail/2021-05-04-wolter-kueche-parkett-wasserschaden.eml",
    WOLTER,
    XIAOYU,
    "Küche: Parkett nach Wasserschaden ausgebessert",
    "2021-05-04 16:30",
    """\
Guten Tag Frau Lin,

heute habe ich in der Küche die sechs aufgequollenen Parkettstäbe vor der Spülmaschine herausgenommen und ersetzt. Der Unterboden war nach dem Wasserschaden wieder trocken (CM-Messung 1,8 %), daher konnte ich gleich verkleben. Die neuen Stäbe sind an die alten angeschliffen und zweimal lackiert; farblich sind sie noch etwas heller, das gleicht sich mit der Zeit an.

Für Ihre Gebäudeversicherung stelle ich die Rechnung wie gewünscht getrennt aus: 612,50 € inkl. MwSt.

Mit freundlichen Grüßen
Stefan Wolter
Mobil 0171 4839205
""",
)

mail(
    "f12",
    "mail/2022-03-18-wolter-flur-parkett-neue-nummer.eml",
    WOLTER,
    XIAOYU,
    "Flur erledigt – und meine neue Handynummer",
    "2022-03-18 14:20",
    """\
Guten Tag Frau Lin, guten Tag Herr Brenner,

die losen Parkettstäbe im Flur sind neu verklebt, insgesamt elf Stück zwischen Haustür und Treppe. Außerdem habe ich das Übergangsprofil zur Küche erneuert; das alte stand an einer Ecke hoch und war eine Stolperfalle.

Wichtig: Ich habe eine neue Handynummer, 0152 28817364. Die alte 0171-Nummer wird Ende März abgeschaltet.

Die Rechnung über 385,00 € inkl. MwSt. kommt per Post.

Viele Grüße
Stefan Wolter
""",
    sig=SIG_WOLTER_NEW,
    cc=JAN,
)

mail(
    "f15",
    "mail/2023-06-20-wolter-angebot-treppe-flur.eml",
    WOLTER,
    XIAOYU,
    "Angebot Treppe und Flur abschleifen",
    "2023-06-20 18:05",
    """\
Guten Tag Frau Lin,

wie am Telefon besprochen mein Angebot Nr. 23-0418:

Pos. 1  Holztreppe Eiche, 14 Stufen mit Setzstufen: abschleifen, Kanten von Hand nacharbeiten, zweimal ölen – 1.740,00 €
Pos. 2  Parkett Flur, ca. 19 m²: abschleifen und versiegeln – 1.440,00 €

Gesamt: 3.180,00 € inkl. MwSt.

Die beiden Positionen können Sie auch getrennt beauftragen. Freie Termine habe ich leider erst wieder ab Anfang 2024.

Mit freundlichen Grüßen
Stefan Wolter
""",
    sig=SIG_WOLTER_NEW,
)

mail(
    "f17",
    "mail/2024-03-21-wolter-treppe-fertig.eml",
    WOLTER,
    XIAOYU,
    "Treppe fertig",
    "2024-03-21 17:45",
    """\
Hallo Frau Lin,

die Treppe ist fertig: alle 14 Stufen und Setzstufen abgeschliffen, die Kanten von Hand nachgearbeitet und zweimal geölt (Naturton, wie bemustert). Ab morgen Mittag ist die Treppe wieder begehbar; bitte in den ersten zwei Wochen nur trocken wischen.

Den Flur machen wir wie besprochen später.

Rechnung: 1.740,00 € laut Angebot 23-0418, Pos. 1.

Viele Grüße
Stefan Wolter
""",
    sig=SIG_WOLTER_NEW,
)

mail(
    "f19",
    "mail/2024-10-29-wolter-wohnzimmer-parkett-ausgebessert.eml",
    WOLTER,
    XIAOYU,
    "Wohnzimmer: Parkett ausgebessert und aufgefrischt",
    "2024-10-29 16:12",
    """\
Guten Tag Frau Lin,

heute habe ich im Wohnzimmer die drei beschädigten Parkettstäbe vor der Terrassentür ausgetauscht (die mit den tiefen Kratzern vom Blumenkübel) und danach die ganze Fläche, rund 38 m², zwischengeschliffen und mit einer neuen Lackschicht aufgefrischt.

Bitte bis Donnerstag nur mit Socken betreten, die Möbel ab Samstag wieder hineinstellen, mit Filzgleitern.

Die Rechnung über 890,00 € inkl. MwSt. kommt per Post.

Wenn irgendwo etwas nicht passt, rufen Sie mich einfach an: 0152 28817364.

Mit freundlichen Grüßen
Stefan Wolter
""",
    sig=SIG_WOLTER_NEW,
)

# --- floor fitters: Zhang Jianguo (zh) -------------------------------------------------------

mail(
    "f04",
    "mail/2019-10-07-zhang-zhuwo-diban-baojia.eml",
    ZHANG,
    XIAOYU_ZH,
    "主卧地板报价",
    "2019-10-07 20:15",
    """\
晓雨你好，

上周六去你们家看了主卧，量了一下，面积大概22平方米。原来的地毯拆掉以后下面是水泥地，有几处不平，要先找平。

报价如下：
- 找平（自流平）：320欧
- 强化复合地板（橡木色，8毫米，含防潮膜）22平米：780欧
- 人工铺装，加装踢脚线：550欧
合计：1650欧，含税，开正式发票。

如果你们同意，我11月初有时间，大概两天能做完。

有事打我电话：0176 55102938
张建国
""",
)

mail(
    "f05",
    "mail/2019-11-02-zhang-zhuwo-diban-puhao.eml",
    ZHANG,
    XIAOYU_ZH,
    "主卧地板铺好了",
    "2019-11-02 18:40",
    """\
晓雨、Jan：

主卧的地板今天全部铺好了，踢脚线也装上了。门下面我锯掉了一点，现在门能关上了。剩下的两包地板放在地下室，以后哪块坏了可以换。

新地板这两天先不要拖地，用吸尘器就行。

发票下周发给你们，金额跟报价一样，1650欧。

张建国
手机 0176 55102938
""",
)

mail(
    "f08",
    "mail/2020-09-15-zhang-erlou-zoulang-diban.eml",
    ZHANG,
    XIAOYU_ZH,
    "二楼走廊地板不响了",
    "2020-09-15 19:02",
    """\
晓雨你好，

二楼走廊那几块一踩就吱吱响的地板今天弄好了。原因是下面的龙骨有两根松了，我从上面打了十几颗沉头螺丝固定，缝里又撒了点滑石粉。现在踩上去基本没有声音了。

这个活儿不大，收你们180欧就行，发票过两天发。

张建国 0176 55102938
""",
)

mail(
    "f13",
    "mail/2022-08-23-zhang-yangtai-mu-diban.eml",
    ZHANG,
    XIAOYU_ZH,
    "阳台地板换好了",
    "2022-08-23 20:30",
    """\
晓雨：

阳台的木地板今天换完了。原来的松木板下面已经烂了好几根，这次换成了落叶松（Lärche），大概9平方米，下面的龙骨也全换了新的，垫了橡胶垫，排水会好很多。

木蜡油我刷了第一遍，你们过一个星期再自己刷一遍，油和刷子放在阳台的柜子里了。

费用：材料700欧，人工480欧，一共1180欧。

张建国
电话 0176 55102938
""",
)

mail(
    "f16",
    "mail/2023-10-12-zhang-shufang-diban.eml",
    ZHANG,
    XIAOYU_ZH,
    "书房地板换好了",
    "2023-10-12 19:25",
    """\
晓雨你好，

书房的地板今天换好了。暖气漏水泡过的那一片（靠窗大概4平米）已经鼓起来了，只换那一块颜色对不上，所以按你们说的整间都换了，一共12平米。用的是跟主卧一样的橡木色强化地板，可惜原来那个型号停产了，新的颜色稍微浅一点。

旧地板我拉走了。

费用：材料430欧 + 人工390欧 = 820欧。保险公司要的照片我已经发到你微信上了。

张建国
0176 55102938
""",
)

mail(
    "f18u",
    "mail/2024-05-28-dixiashi-diban-xunjia.eml",
    XIAOYU_ZH,
    ZHANG,
    "地下室地板",
    "2024-05-28 21:03",
    """\
张师傅好，

我们想把地下室那间放杂物的房间（大概18平米）收拾出来，给Jan当工作间。现在是水泥地，有点潮。您能帮忙看看铺什么地板合适吗？顺便报个价。

六月哪个周六您方便都可以。

谢谢！
晓雨
""",
)

mail(
    "f18",
    "mail/2024-06-05-zhang-dixiashi-diban-baojia.eml",
    ZHANG,
    XIAOYU_ZH,
    "回复：地下室地板",
    "2024-06-05 20:48",
    """\
晓雨你好，

上周六看过了。地下室湿度还可以，但是水泥地还是会返潮，不建议铺强化地板。我的建议是：
1. 先刷一层防潮涂料
2. 铺SPC石塑地板（锁扣式，防水），带静音垫
3. 踢脚线用PVC的

面积18平米，材料加人工一共1980欧，含税。

今年我活比较多，秋天以后才排得上。你们考虑好了告诉我。

张建国
电话 0176 55102938
""",
    reply_to="f18u",
    quote_lang="zh",
)

mail(
    "f21",
    "mail/2025-01-08-zhang-dixiashi-kaigong-queren.eml",
    ZHANG,
    XIAOYU_ZH,
    "地下室地板2月17日开工",
    "2025-01-08 19:10",
    """\
晓雨你好，新年好！

跟你确认一下：地下室的地板我定在2月17日（星期一）开工，估计三天做完。价格还是按去年6月的报价，1980欧。

开工前请把那间房清空，暖气开到20度左右，防潮涂料干得快一点。

张建国
0176 55102938
""",
)

# --- floor fitters: Gareth Hughes (en) -------------------------------------------------------

mail(
    "f06",
    "mail/2020-02-11-hughes-quote-mias-room-floor.eml",
    HUGHES,
    XIAOYU,
    "Quote – vinyl floor for Mia's room",
    "2020-02-11 19:30",
    """\
Hi Xiaoyu,

Thanks for having me round on Saturday. As promised, here's the quote for Mia's room (approx. 14 m²):

- take up the old carpet and gripper rods, dispose of them
- level the screed where needed
- click vinyl, light oak look, 5 mm with integrated underlay
- new white skirting boards

Total: €1,120.00 incl. VAT

I could do it in the first week of March. It takes about a day and a half.

Cheers,
Gareth
""",
    sig=SIG_HUGHES,
)

mail(
    "f07",
    "mail/2020-03-06-hughes-mias-room-floor-done.eml",
    HUGHES,
    XIAOYU,
    "Mia's room floor – all done",
    "2020-03-06 17:55",
    """\
Hi Xiaoyu, hi Jan,

Mia's room is finished – the vinyl is down, skirting's on, and I fitted a new threshold strip at the door because the old one was cracked. You can move the furniture back in straight away, vinyl doesn't need to cure.

The spare planks (about 1 m²) are in a box under the stairs.

Invoice to follow, same as the quote.

Any problems, just give me a ring on 0160 9932417.

Cheers,
Gareth
""",
    cc=JAN,
)

mail(
    "f10",
    "mail/2021-11-09-hughes-quote-loft-boarding.eml",
    HUGHES,
    XIAOYU,
    "Loft boarding – quote",
    "2021-11-09 20:10",
    """\
Hi Xiaoyu,

Good to see you last week. Here's the quote for boarding out the loft as we discussed:

- raise the floor on 100 mm loft legs so the insulation doesn't get squashed
- 22 mm tongue-and-groove chipboard, about 26 m²
- new insulated loft hatch with a folding ladder

Total: €2,850.00 incl. VAT

Honestly, timber is still very expensive at the moment, so if you're not in a hurry it might be worth waiting until next year. Up to you.

Cheers,
Gareth
""",
    sig=SIG_HUGHES,
)

mail(
    "f14",
    "mail/2023-02-09-hughes-loft-floor-finished.eml",
    HUGHES,
    XIAOYU,
    "Loft floor finished",
    "2023-02-09 18:20",
    """\
Hi Xiaoyu,

All done up in the loft. The floor is boarded (26 m² on loft legs, as planned), and the new hatch and ladder are in. I've left a cable coiled by the hatch for a light – your electrician will need to connect it.

The price ended up at €2,990, as we agreed in December, because of the extra lining round the hatch.

Mind the ladder the first few times, it's steeper than the old one!

Cheers,
Gareth
Mobile 0160 9932417
""",
)

mail(
    "f20",
    "mail/2024-12-03-hughes-quote-leos-room-floor.eml",
    HUGHES,
    XIAOYU,
    "Quote: oak floor for Leo's room",
    "2024-12-03 21:15",
    """\
Hi Xiaoyu,

Thanks for the photos and measurements. Here's the quote for Leo's room (approx. 12 m²):

- take up the old laminate and check the subfloor
- engineered oak, 14 mm, brushed and oiled, glued down
- new oak skirting

Total: €1,560.00 incl. VAT

Earliest start would be Monday 10 February 2025. It's two days' work, and the room needs to stay empty for one more day after that.

Let me know if you want to go ahead and I'll order the boards.

Cheers,
Gareth
""",
    sig=SIG_HUGHES,
)

# --- carpenter: Petra Bauer (de) -------------------------------------------------------------

mail(
    "c01",
    "mail/2020-05-19-bauer-einbauschrank-fertig.eml",
    BAUER,
    XIAOYU,
    "Einbauschrank Dachschräge – fertig",
    "2020-05-19 17:10",
    """\
Hallo Frau Lin,

der Einbauschrank unter der Dachschräge im Kinderzimmer ist eingebaut: Birke Multiplex, weiß geölt, drei Türen mit Push-to-open. Die Türen sind noch nicht ganz fein eingestellt, weil sich das Holz noch setzt; ich komme in etwa vier Wochen kurz vorbei und justiere nach.

Die Rechnung über 2.870,00 € kommt separat.

Freundliche Grüße
Petra Bauer
""",
    sig=SIG_BAUER,
)

mail(
    "c02",
    "mail/2022-10-11-bauer-treppengelaender-repariert.eml",
    BAUER,
    XIAOYU,
    "Treppengeländer repariert",
    "2022-10-11 16:45",
    """\
Hallo Frau Lin,

das Treppengeländer wackelt nicht mehr. Der unterste Pfosten hing nur noch an zwei Schrauben, die Dübel waren ausgerissen. Ich habe den Pfosten mit einer Gewindestange neu in der Treppenwange verankert und zwei lose Sprossen nachgeleimt.

Die Rechnung über 265,00 € kommt per Post.

Freundliche Grüße
Petra Bauer
""",
    sig=SIG_BAUER,
)

# --- heating: Jürgen Kaiser (de) -------------------------------------------------------------

mail(
    "h01",
    "mail/2019-11-12-kaiser-wartung-gastherme.eml",
    KAISER,
    XIAOYU,
    "Wartung Gas-Brennwerttherme – Am Kirschgarten 7",
    "2019-11-12 15:30",
    """\
Sehr geehrte Frau Lin,

heute wurde Ihre Gas-Brennwerttherme (Baujahr 2011) gewartet: Brenner und Wärmetauscher gereinigt, Siphon gespült, Zündelektrode geprüft. Die Abgasmessung ist in Ordnung (CO 12 ppm). Der Anlagendruck war etwas niedrig, wir haben auf 1,6 bar nachgefüllt.

Hinweis: Das Ausdehnungsgefäß sollte in den nächsten ein bis zwei Jahren geprüft bzw. getauscht werden.

Die nächste Wartung empfehlen wir im November 2020; wir melden uns rechtzeitig.

Mit freundlichen Grüßen
Jürgen Kaiser
""",
    sig=SIG_KAISER,
)

mail(
    "h03",
    "mail/2020-11-17-kaiser-wartungsbericht-2020.eml",
    KAISER,
    XIAOYU,
    "Wartungsbericht 2020",
    "2020-11-17 16:05",
    """\
Sehr geehrte Frau Lin,

hier die Zusammenfassung der heutigen Wartung (Techniker: Herr Yilmaz):

- Brenner, Wärmetauscher und Siphon gereinigt
- Abgasmessung in Ordnung (CO 9 ppm, Abgasverlust 2 %)
- Ausdehnungsgefäß: Vordruck 0,7 bar, auf 1,0 bar nachgefüllt; Membran noch dicht, ein Tausch wird aber bald fällig
- Anlagendruck 1,7 bar

Kosten laut Wartungsvertrag: 189,00 € inkl. MwSt.
Nächste Wartung: November 2021.

Mit freundlichen Grüßen
Jürgen Kaiser
""",
    sig=SIG_KAISER,
)

mail(
    "h04",
    "mail/2021-02-08-kaiser-notdienst-zuendelektrode.eml",
    KAISER,
    XIAOYU,
    "Notdiensteinsatz vom 07.02.2021",
    "2021-02-08 09:20",
    """\
Sehr geehrte Frau Lin,

zur Dokumentation unseres Notdiensteinsatzes am Sonntag, 7. Februar 2021, 18:40–19:55 Uhr:

Störung: Therme schaltet auf Störung, keine Flammenbildung, Haus ohne Heizung und Warmwasser.
Ursache: Zündelektrode verschlissen und verrußt.
Maßnahme: Zündelektrode samt Dichtung getauscht, Brenner geprüft, Probelauf in Ordnung.

Notdienstzuschlag Sonntag: 95,00 €
Material und Arbeitszeit: 148,60 €
Gesamt: 243,60 € inkl. MwSt.

Bei Störungen außerhalb der Bürozeiten erreichen Sie unseren Notdienst unter 0170 3316482.

Mit freundlichen Grüßen
Jürgen Kaiser
""",
    sig=SIG_KAISER,
)

mail(
    "h15u",
    "mail/2024-11-04-anfrage-heizungswartung-2024.eml",
    XIAOYU,
    KAISER,
    "Heizungswartung 2024",
    "2024-11-04 08:47",
    """\
Sehr geehrter Herr Kaiser,

Sie haben bis 2020 unsere Gastherme gewartet. Herr Doyle, der das in den letzten Jahren gemacht hat, nimmt keine Gasthermen mehr an, daher würden wir gern wieder zu Ihnen kommen.

Hätten Sie in diesem Monat noch einen Termin für die Wartung frei? Am liebsten vormittags.

Mit freundlichen Grüßen
Xiaoyu Lin
Am Kirschgarten 7, 55129 Mainz
""",
)

mail(
    "h15c",
    "mail/2024-11-06-kaiser-termin-wartung.eml",
    KAISER,
    XIAOYU,
    "Re: Heizungswartung 2024",
    "2024-11-06 11:32",
    """\
Sehr geehrte Frau Lin,

schön, dass Sie wieder an uns denken. Wir haben Sie für Dienstag, 26. November 2024, zwischen 8 und 10 Uhr eingeplant. Es kommt unser Techniker Herr Yilmaz.

Mit freundlichen Grüßen
Jürgen Kaiser
""",
    sig=SIG_KAISER,
    reply_to="h15u",
)

mail(
    "h15",
    "mail/2024-11-26-kaiser-wartungsbericht-2024.eml",
    KAISER,
    XIAOYU,
    "Wartungsbericht 2024",
    "2024-11-26 13:40",
    """\
Sehr geehrte Frau Lin,

heute hat Herr Yilmaz Ihre Gas-Brennwerttherme gewartet:

- Brenner, Wärmetauscher und Siphon gereinigt, Zündelektrode vorbeugend getauscht
- Abgasmessung in Ordnung (CO 11 ppm)
- Ausdehnungsgefäß (2022 erneuert) in Ordnung, Vordruck 1,0 bar
- Anlagendruck 1,6 bar

Die Therme ist jetzt 13 Jahre alt und läuft zuverlässig.

Kosten: 214,00 € inkl. MwSt., die Rechnung folgt per Post.
Für Rückfragen: Büro 06131 578420, im Notfall 0170 3316482.

Mit freundlichen Grüßen
Jürgen Kaiser
""",
    sig=SIG_KAISER,
)

# --- heating: Ryan Doyle (en) ----------------------------------------------------------------

mail(
    "h06",
    "mail/2021-11-23-doyle-boiler-service.eml",
    DOYLE,
    XIAOYU,
    "Boiler service – 23 Nov",
    "2021-11-23 17:25",
    """\
Hi Xiaoyu,

Thanks for getting in touch, and sorry to hear Kaiser couldn't fit you in before February.

Your boiler had its annual service today:
- burner, heat exchanger and condensate trap cleaned
- flue gas readings fine
- system pressure topped up to 1.5 bar

The one thing I'd flag: the expansion vessel is on its way out (the pre-charge drops again within a few weeks). I'd replace it next year, roughly €320 fitted.

The invoice is €165.00, I'll send it separately.

Best,
Ryan
""",
    sig=SIG_DOYLE,
)

mail(
    "h09",
    "mail/2022-11-15-doyle-service-expansion-vessel.eml",
    DOYLE,
    XIAOYU,
    "Service done + new expansion vessel",
    "2022-11-15 18:00",
    """\
Hi Xiaoyu,

All done today:
- annual boiler service (cleaned, flue gas readings fine, CO 8 ppm)
- replaced the expansion vessel (18 litres) as discussed last year
- system refilled and bled, pressure 1.6 bar

Total €472.00 (service €165 + vessel and fitting €307).

The radiator in the downstairs loo still takes ages to warm up. It probably needs balancing at some point – not urgent.

Best,
Ryan
Mobile 0151 62209874
""",
)

mail(
    "h10",
    "mail/2023-05-30-doyle-heat-pump-quote.eml",
    DOYLE,
    XIAOYU,
    "Heat pump – quote",
    "2023-05-30 20:40",
    """\
Hi Xiaoyu, hi Jan,

As promised after the survey, here's the quote for replacing the gas boiler with an air-to-water heat pump:

- 10 kW monobloc heat pump, outdoor unit at the side of the house
- 200 l hot water cylinder and a small buffer tank
- two larger radiators (study and Leo's room)
- removal of the gas boiler; electrical work by a partner electrician

Total: €26,400 incl. VAT, before any subsidy. With the current federal grant you'd probably get 30–35 % back.

Earliest installation slot: October 2023.

No pressure – have a think.

Best,
Ryan
""",
    sig=SIG_DOYLE,
    cc=JAN,
)

mail(
    "h12",
    "mail/2023-11-21-doyle-boiler-service-2023.eml",
    DOYLE,
    XIAOYU,
    "Boiler service 2023",
    "2023-11-21 12:50",
    """\
Hi Xiaoyu,

Annual service done this morning. Everything looks healthy: burner and heat exchanger cleaned, CO 7 ppm, the new expansion vessel is holding its pressure nicely, system at 1.5 bar.

I also balanced the radiators like I mentioned last year, so the downstairs loo should warm up properly now.

Invoice €198.00 (service plus 45 minutes of balancing).

On the heat pump: totally understand that you want to wait. The quote is valid until the end of the year; after that I'd have to redo the numbers.

Best,
Ryan
""",
    sig=SIG_DOYLE,
)

mail(
    "h16",
    "mail/2024-12-10-doyle-updated-heat-pump-quote.eml",
    DOYLE,
    XIAOYU,
    "Updated heat pump quote",
    "2024-12-10 19:05",
    """\
Hi Xiaoyu,

As promised, the updated numbers for the heat pump (same system as last year's quote: 10 kW monobloc, 200 l cylinder, two larger radiators):

Total: €27,950 incl. VAT.

Prices have gone up a bit, but the grant is better now: with the base grant plus the speed bonus you'd most likely get 50 % back, so your share would be around €14,000.

Earliest installation: April 2025. And as I told you on the phone, I only do heat pumps now, so stick with Kaiser for the gas boiler in the meantime.

Best,
Ryan
""",
    sig=SIG_DOYLE,
)

# --- heating: Liu Wei (zh) -------------------------------------------------------------------

mail(
    "h02",
    "mail/2020-01-21-liu-nuanqipian-fangqi.eml",
    LIU,
    XIAOYU_ZH,
    "暖气片的问题修好了",
    "2020-01-21 19:40",
    """\
晓雨你好，

今天把你们家的暖气都看了一遍。主卧和书房的暖气片上半截不热，是因为里面有空气，我都放过气了。主卧那个恒温阀的阀芯卡住了，换了一个新的恒温头。

放完气系统压力掉了一点，我把锅炉的压力补到1.5巴。以后压力低于1巴的话可以自己补水，我在锅炉旁边贴了一张说明。

费用：人工90欧 + 恒温头35欧 = 125欧。

刘伟
手机 0163 7781045
""",
)

mail(
    "h07",
    "mail/2022-03-29-liu-maojinjia-nuanqipian-baojia.eml",
    LIU,
    XIAOYU_ZH,
    "卫生间毛巾架暖气片报价",
    "2022-03-29 21:00",
    """\
晓雨你好，

卫生间那个旧暖气片我量过了，宽50厘米，高120厘米。换成毛巾架式的（白色，带恒温阀），报价如下：
- 毛巾架暖气片 + 恒温阀：410欧
- 拆旧、安装、改接口、放水加水：270欧
合计：680欧

如果同意，我4月下旬可以来装，半天就够。

刘伟
0163 7781045
""",
)

mail(
    "h08",
    "mail/2022-04-26-liu-maojinjia-nuanqipian-zhuanghao.eml",
    LIU,
    XIAOYU_ZH,
    "毛巾架暖气片装好了",
    "2022-04-26 17:35",
    """\
晓雨你好，

卫生间的毛巾架暖气片今天装好了，试过水，没有漏。恒温阀我调在3档，大概22度。

旧的暖气片先放在车库里，下次来的时候帮你们带走。

按报价收680欧，发票我晚点发给你。

刘伟
""",
)

mail(
    "h11",
    "mail/2023-10-02-liu-shufang-nuanqi-loushui.eml",
    LIU,
    XIAOYU_ZH,
    "书房暖气漏水修好了",
    "2023-10-02 18:15",
    """\
晓雨你好，

书房暖气片下面漏水的原因找到了：进水阀门老化，接口的密封圈坏了，一直在慢慢渗水。我把阀门和接口都换了，现在不漏了。

靠窗那块地板已经泡鼓了，这个我管不了，你们找做地板的师傅看看吧。

费用：110欧。

刘伟
0163 7781045
""",
)

mail(
    "h13",
    "mail/2024-02-06-liu-lele-fangjian-nuanqi.eml",
    LIU,
    XIAOYU_ZH,
    "乐乐房间的暖气 / 我换号码了",
    "2024-02-06 20:20",
    """\
晓雨你好，

乐乐房间暖气的恒温头今天换好了。原来那个里面的感温元件坏了，所以暖气一直开到最大。新的恒温头带防拆卸的卡扣，小孩拧不下来。

费用：恒温头38欧 + 人工60欧 = 98欧。

另外跟你说一下，我换手机号了，新号码是 0152 90413376，旧的0163那个号下个月就停了。

刘伟
""",
)

# --- plumbing: Sabine Vogel (de) -------------------------------------------------------------

mail(
    "p01",
    "mail/2019-07-09-vogel-angebot-spuelkasten.eml",
    VOGEL,
    XIAOYU,
    "Angebot: WC-Spülkasten Gäste-WC",
    "2019-07-09 10:15",
    """\
Guten Tag Frau Lin,

vielen Dank für Ihren Anruf. Für den Austausch des defekten Unterputz-Spülkastens im Gäste-WC biete ich Ihnen an:

- Unterputz-Spülkasten inkl. Betätigungsplatte (weiß): 420,00 €
- Fliesen öffnen, Einbau, Wand schließen (ohne neue Fliesen): 470,00 €

Gesamt: 890,00 € inkl. MwSt.

Falls Sie noch Ersatzfliesen haben, legen Sie sie bitte bereit. Termin wäre am Donnerstag, 25. Juli, möglich.

Mit freundlichen Grüßen
Sabine Vogel
""",
    sig=SIG_VOGEL,
)

mail(
    "p02",
    "mail/2019-07-25-vogel-spuelkasten-eingebaut.eml",
    VOGEL,
    XIAOYU,
    "Spülkasten Gäste-WC eingebaut",
    "2019-07-25 16:20",
    """\
Guten Tag Frau Lin,

der neue Spülkasten im Gäste-WC ist eingebaut und dicht. Wir mussten nur vier Fliesen öffnen; drei konnten wir durch Ihre Ersatzfliesen ersetzen, bei der vierten ist der Farbton leicht anders.

Die Spülmenge ist auf 6 bzw. 3 Liter eingestellt.

Die Rechnung über 890,00 € kommt per Post.

Mit freundlichen Grüßen
Sabine Vogel
Tel. 06131 884512
""",
)

mail(
    "p05",
    "mail/2022-01-25-vogel-aussenwasserhahn.eml",
    VOGEL,
    XIAOYU,
    "Außenwasserhahn erneuert",
    "2022-01-25 15:00",
    """\
Guten Tag Frau Lin,

der geplatzte Außenwasserhahn an der Garage ist ersetzt. Eingebaut haben wir eine frostsichere Außenarmatur, die Sie im Winter nicht mehr absperren müssen. Die Leitung in der Garage haben wir zusätzlich gedämmt.

Kosten: 318,00 € inkl. MwSt.

Mit freundlichen Grüßen
Sabine Vogel
""",
    sig=SIG_VOGEL,
)

mail(
    "p08",
    "mail/2023-07-18-vogel-wartung-enthaertungsanlage.eml",
    VOGEL,
    XIAOYU,
    "Wartung Enthärtungsanlage",
    "2023-07-18 14:10",
    """\
Guten Tag Frau Lin,

heute haben wir Ihre Enthärtungsanlage im Keller gewartet: Harzbehälter desinfiziert, Salzvorrat aufgefüllt (2 Sack Regeneriersalz) und die Resthärte neu auf 8 °dH eingestellt.

Kosten: 149,00 € inkl. MwSt. zzgl. 2 Sack Salz à 9,90 €.

Mit freundlichen Grüßen
Sabine Vogel
""",
    sig=SIG_VOGEL,
)

mail(
    "p10",
    "mail/2024-08-22-vogel-kuechenarmatur-eckventile.eml",
    VOGEL,
    XIAOYU,
    "Küchenarmatur und Eckventile getauscht",
    "2024-08-22 15:35",
    """\
Guten Tag Frau Lin,

heute haben wir in der Küche die alte Armatur, die am Hebel tropfte, gegen die von Ihnen gekaufte neue Einhebelarmatur mit Brause getauscht. Dabei haben wir auch beide Eckventile erneuert, die ließen sich nicht mehr ganz zudrehen.

Kosten: 176,00 € inkl. MwSt. (Armatur von Ihnen gestellt).

Bei Fragen erreichen Sie mich direkt unter 06131 884512.

Mit freundlichen Grüßen
Sabine Vogel
""",
    sig=SIG_VOGEL,
)

# --- plumbing: Piotr Nowak (en) --------------------------------------------------------------

mail(
    "p03",
    "mail/2020-06-30-nowak-kitchen-sink-blockage.eml",
    NOWAK,
    XIAOYU,
    "Kitchen sink – blockage cleared",
    "2020-06-30 17:40",
    """\
Hello Mrs Lin,

The kitchen sink is draining again. The blockage was in the pipe behind the cabinet, about 2 m in (grease and coffee grounds). I cleaned it with the machine and replaced the old trap because it was cracked.

Small tip: please no coffee grounds or frying oil down the sink.

Price €145 incl. VAT, I'll email the invoice tomorrow.

Best regards
Piotr Nowak
""",
    sig=SIG_NOWAK,
)

mail(
    "p04",
    "mail/2021-04-16-nowak-dishwasher-leak-fixed.eml",
    NOWAK,
    XIAOYU,
    "Leak under the dishwasher – fixed",
    "2021-04-16 18:05",
    """\
Hello Mrs Lin,

Found the leak: the dishwasher's inlet hose was split at the connector, and the angle valve under the sink was dripping too. I replaced both (new hose with Aquastop, new angle valve) and checked the drain connection. Everything is dry now.

But the parquet in front of the dishwasher got a lot of water and some strips are already lifting. Leave the plinth off for a week so it can dry, and then get your floor fitter to have a look.

Price €168.40 incl. VAT.

Best regards
Piotr Nowak
0157 34420981
""",
)

mail(
    "p06",
    "mail/2022-09-13-nowak-quote-walk-in-shower.eml",
    NOWAK,
    XIAOYU,
    "Quote – walk-in shower",
    "2022-09-13 20:25",
    """\
Hello Mrs Lin,

Thank you for your time last week. Here is my quote for turning the bathtub upstairs into a walk-in shower:

- remove the bathtub and the tiles around it
- floor-level shower with linear drain, full waterproofing
- glass wall 120 cm, thermostatic shower set
- tiling (tiles of your choice, up to €40/m² included)

Total: €6,450 incl. VAT

It takes about 8 working days. My first free slot is in March 2023.

Best regards
Piotr Nowak
""",
    sig=SIG_NOWAK,
)

mail(
    "p07",
    "mail/2023-03-14-nowak-walk-in-shower-finished.eml",
    NOWAK,
    XIAOYU,
    "Walk-in shower finished",
    "2023-03-14 17:15",
    """\
Hello Mrs Lin, hello Mr Brenner,

The shower is finished! The silicone needs 24 hours, so please don't use it before Thursday morning.

The final price is €6,720: the quote plus €270, because we had to replace a piece of the old drain pipe under the floor.

Cleaning tip: squeegee the glass after showering, the water here is very hard.

Thank you for the coffee and the cake!

Piotr Nowak
0157 34420981
""",
    cc=JAN,
)

mail(
    "p09u",
    "mail/2024-05-17-bathroom-sink-leaking.eml",
    XIAOYU,
    NOWAK,
    "Bathroom sink leaking",
    "2024-05-17 20:31",
    """\
Hi Piotr,

Sorry to bother you again. The sink in the upstairs bathroom is leaking underneath – there's a small puddle in the cabinet every morning. Could you come by next week? Any afternoon works for me.

Thanks,
Xiaoyu
""",
)

mail(
    "p09",
    "mail/2024-05-21-nowak-bathroom-sink-fixed.eml",
    NOWAK,
    XIAOYU,
    "Re: Bathroom sink leaking",
    "2024-05-21 16:50",
    """\
Hi Xiaoyu,

Done. The washer in the trap connection had gone hard and the trap was sitting slightly crooked, so it dripped every time the basin emptied. I fitted a new brass trap and checked the tap connections as well. All dry now.

€95, I'll send the invoice.

Piotr
""",
    reply_to="p09u",
    quote_lang="en",
)

mail(
    "p11",
    "mail/2024-11-12-nowak-quote-guest-wc.eml",
    NOWAK,
    XIAOYU,
    "Quote – guest WC",
    "2024-11-12 19:45",
    """\
Hello Xiaoyu,

Here is the quote for renovating the guest WC downstairs:

- keep the concealed cistern (it's from 2019 and fine), new wall-hung toilet and flush plate
- small hand basin with a new tap
- new floor and wall tiles (tiles of your choice, up to €45/m² included)

Total: €3,900 incl. VAT

Earliest start: March 2025, about 5 working days.

Best regards
Piotr Nowak
""",
    sig=SIG_NOWAK,
)

# --- electricians: Lukas Hartmann (de) -------------------------------------------------------

mail(
    "e01",
    "mail/2019-05-22-hartmann-e-check-ergebnis.eml",
    HARTMANN,
    XIAOYU,
    "E-Check Am Kirschgarten 7 – Ergebnis",
    "2019-05-22 17:00",
    """\
Guten Tag Frau Lin, guten Tag Herr Brenner,

den E-Check Ihrer Elektroinstallation haben wir abgeschlossen. Ergebnis: im Großen und Ganzen in Ordnung, aber:

- zwei Steckdosen im Keller waren ohne Schutzleiter angeschlossen – haben wir gleich korrigiert
- für den Stromkreis Bad/Außensteckdosen fehlt ein FI-Schutzschalter; das sollte nachgerüstet werden (Angebot auf Wunsch)

Das Prüfprotokoll bekommen Sie per Post. Kosten: 310,00 € inkl. MwSt.

Mit freundlichen Grüßen
Lukas Hartmann
""",
    sig=SIG_HARTMANN,
    cc=JAN,
)

mail(
    "e03",
    "mail/2021-07-06-hartmann-fi-schutzschalter.eml",
    HARTMANN,
    XIAOYU,
    "FI-Schutzschalter nachgerüstet",
    "2021-07-06 16:25",
    """\
Guten Tag Frau Lin,

wie beim E-Check 2019 empfohlen, haben wir heute im Verteiler einen FI-Schutzschalter (30 mA, Typ A) für die Stromkreise Bad und Außensteckdosen nachgerüstet. Den alten FI im Obergeschoss, der immer wieder ohne erkennbaren Grund ausgelöst hat, haben wir gleich mit ersetzt. Alles geprüft und dokumentiert.

Kosten: 395,00 € inkl. MwSt.

Mit freundlichen Grüßen
Lukas Hartmann
Mobil 0176 20489177
""",
)

mail(
    "e05",
    "mail/2023-09-19-hartmann-angebot-wallbox.eml",
    HARTMANN,
    XIAOYU,
    "Angebot Wallbox",
    "2023-09-19 18:30",
    """\
Guten Tag Frau Lin,

hier unser Angebot Nr. A-2023-117 für die Wallbox in der Garage:

- Wallbox 11 kW mit Typ-2-Kabel (6 m): 890,00 €
- Zuleitung 5×6 mm² vom Hausanschluss in die Garage (ca. 14 m) inkl. Leitungsschutz und FI: 860,00 €
- Anmeldung beim Netzbetreiber und Inbetriebnahme: 140,00 €

Gesamt: 1.890,00 € inkl. MwSt.

Einen Termin könnten wir Ihnen ab Januar 2024 anbieten.

Mit freundlichen Grüßen
Lukas Hartmann
""",
    sig=SIG_HARTMANN,
)

mail(
    "e06",
    "mail/2024-01-23-hartmann-wallbox-installiert.eml",
    HARTMANN,
    XIAOYU,
    "Wallbox installiert",
    "2024-01-23 15:50",
    """\
Guten Tag Frau Lin,

die Wallbox in der Garage ist installiert, beim Netzbetreiber angemeldet und in Betrieb genommen. Die Ladeleistung steht auf 11 kW; die beiden RFID-Karten liegen im Sicherungskasten.

Endbetrag wie im Angebot A-2023-117: 1.890,00 €.

Mit freundlichen Grüßen
Lukas Hartmann
""",
    sig=SIG_HARTMANN,
)

mail(
    "e08",
    "mail/2024-12-02-hartmann-erinnerung-e-check.eml",
    HARTMANN,
    XIAOYU,
    "Erinnerung: E-Check wieder fällig",
    "2024-12-02 09:05",
    """\
Guten Tag Frau Lin,

Ihr letzter E-Check war im Mai 2019. Für privat genutzte Häuser empfehlen wir eine Wiederholungsprüfung alle vier Jahre, er wäre also wieder fällig.

Im Januar und Februar 2025 haben wir noch freie Termine. Die Kosten liegen voraussichtlich bei etwa 320 €.

Mit freundlichen Grüßen
Lukas Hartmann
""",
    sig=SIG_HARTMANN,
)

# --- electricians: Chen Ming (zh) ------------------------------------------------------------

mail(
    "e02",
    "mail/2020-10-13-chen-chufang-chazuo.eml",
    CHEN,
    XIAOYU_ZH,
    "厨房插座装好了",
    "2020-10-13 18:50",
    """\
晓雨你好，

厨房新加的三个插座今天装好了：两个在操作台上面（带USB），一个在冰箱后面。原来那一路已经很满了，所以我从配电箱新拉了一路，单独一个16安的断路器，标签也贴好了（"Küche Arbeitsplatte 2"）。

费用：材料85欧，人工240欧，合计325欧。

陈明
电话 0159 01938842
""",
)

mail(
    "e04",
    "mail/2022-06-14-chen-menkou-huwai-deng.eml",
    CHEN,
    XIAOYU_ZH,
    "门口的灯装好了",
    "2022-06-14 20:05",
    """\
晓雨你好，

大门口的户外灯和人体感应器装好了。感应距离我调到大概6米，亮灯时间2分钟，只有天黑以后才会亮。如果你们觉得太灵敏，可以自己调灯下面的两个小旋钮（SENS和TIME）。

费用一共210欧（灯是你们自己买的）。

陈明 0159 01938842
""",
)

mail(
    "e07u",
    "mail/2024-07-05-shufang-tiaozha.eml",
    XIAOYU_ZH,
    CHEN,
    "书房老是跳闸",
    "2024-07-05 22:14",
    """\
陈师傅您好，

最近书房的灯开了以后有时候一闪一闪的，昨天还跳闸了两次（就是配电箱里写着"Büro/Flur OG"的那个开关）。您这几天有空来看一下吗？

谢谢！
晓雨
""",
)

mail(
    "e07",
    "mail/2024-07-09-chen-shufang-tiaozha-xiuhao.eml",
    CHEN,
    XIAOYU_ZH,
    "Re: 书房老是跳闸",
    "2024-07-09 19:30",
    """\
晓雨你好，

问题找到了：书房天花板吊灯的接线盒里有一根线的接头松了，接触不良，发热把旁边的绝缘皮都烤黄了，所以灯会闪，严重的时候就跳闸。我把接线盒里的线头都重新剪过，用新的接线端子接好，吊灯也重新装了一遍。走廊那一路我顺便也查了，没有问题。

费用：人工120欧，材料15欧，一共135欧。

以后有问题随时打我电话：0159 01938842

陈明
""",
    reply_to="e07u",
    quote_lang="zh",
)

# ============================================================================================
# Ordinary set: family, friends, landlord, doctor, bank, schools
# ============================================================================================

mail(
    "o_roth1",
    "mail/2019-06-12-nebenkostenabrechnung-2018.eml",
    ROTH,
    XIAOYU,
    "Nebenkostenabrechnung 2018 – Kastanienallee 23, 2. OG links",
    "2019-06-12 10:40",
    """\
Sehr geehrte Frau Lin, sehr geehrter Herr Brenner,

anbei erhalten Sie die Nebenkostenabrechnung für das Jahr 2018 für Ihre ehemalige Wohnung Kastanienallee 23, 2. OG links, 55122 Mainz.

Gesamtkosten 2018 (Ihr Anteil): 2.346,40 €
davon Heizung und Warmwasser: 1.032,11 €
geleistete Vorauszahlungen: 2.160,00 €

Nachzahlung: 186,40 €

Bitte überweisen Sie den Betrag bis zum 15.07.2019 auf das Ihnen bekannte Konto der Hausverwaltung, Verwendungszweck "NK 2018 Kastanienallee 23 / Lin".

Die Abrechnung für 2019 (Januar bis März) erhalten Sie im kommenden Jahr; erst danach können wir die Mietkaution endgültig abrechnen.

Mit freundlichen Grüßen
Dieter Roth
Hausverwaltung Roth
""",
    cc=JAN,
)

mail(
    "o_roth2",
    "mail/2020-01-20-rueckzahlung-mietkaution.eml",
    ROTH,
    XIAOYU,
    "Rückzahlung Ihrer Mietkaution",
    "2020-01-20 11:15",
    """\
Sehr geehrte Frau Lin, sehr geehrter Herr Brenner,

nachdem nun auch die Nebenkosten für Januar bis März 2019 abgerechnet sind, können wir Ihre Mietkaution für die Wohnung Kastanienallee 23 zurückzahlen:

Kaution: 2.400,00 €
Zinsen 2016–2019: 14,35 €
abzüglich Nachzahlung Nebenkosten 01–03/2019: 95,60 €

Auszahlungsbetrag: 2.318,75 €

Der Betrag wurde heute auf Ihr Girokonto überwiesen. Damit ist das Mietverhältnis vollständig abgewickelt. Wir wünschen Ihnen im neuen Haus alles Gute.

Mit freundlichen Grüßen
Dieter Roth
Hausverwaltung Roth
""",
    cc=JAN,
)

mail(
    "o_linhao1",
    "mail/2019-12-28-linhao-chunjie-shipin.eml",
    LINHAO,
    XIAOYU_ZH,
    "春节视频的时间",
    "2019-12-28 21:30",
    """\
晓雨：

今年春节你们不回来，爸妈有点失落，不过也理解，乐乐还太小，坐那么久的飞机太累。

跟你说一下安排：除夕（1月24日）晚上北京时间八点，我们一家在爸妈那边吃年夜饭，到时候用微信视频，你们那边是中午一点。记得让米娅给外公外婆拜年。妈妈给两个孩子准备了红包，等你们明年回来再给。

哥
""",
    tz=SHANGHAI,
)

mail(
    "o_mama",
    "mail/2021-09-18-mama-zhongqiu-baoguo.eml",
    MAMA,
    XIAOYU_ZH,
    "中秋快乐，包裹寄出了",
    "2021-09-18 10:05",
    """\
晓雨：

中秋快乐！今天去邮局给你们寄了一个包裹，EMS，单号 EE482019375CN。里面有两盒月饼（一盒鲜肉的，一盒豆沙的）、半斤龙井茶、给米娅的一条裙子、给乐乐的一套秋衣，还有你爸给Jan买的一瓶黄酒。邮局说大概三个星期能到。

你爸最近身体还好，血压也稳定，每天早上去西湖边走一圈。

天凉了，你们注意身体，别太累。

妈妈
""",
    tz=SHANGHAI,
)

mail(
    "o_linhao2",
    "mail/2023-02-20-linhao-mama-qishi-dashou.eml",
    LINHAO,
    XIAOYU_ZH,
    "妈妈七十大寿的安排",
    "2023-02-20 22:10",
    """\
晓雨：

妈妈的七十大寿定在3月18日（星期六）中午，我在知味轩（北山街那家老店）订了两桌，十一点半开席，已经付了2000元定金。你们能回来最好，回不来的话到时候我们视频。

礼物的事：我想跟你一起给妈妈买一把按摩椅，大概一万二，我们一人一半，你看行不行？

哥
""",
    tz=SHANGHAI,
)

mail(
    "o_linhao3",
    "mail/2024-06-10-linhao-bama-hangban.eml",
    LINHAO,
    XIAOYU_ZH,
    "爸妈的航班信息",
    "2024-06-10 20:45",
    """\
晓雨：

爸妈去德国的机票订好了：

去程：7月6日（周六）国航 CA 935，上海浦东 13:50 起飞，法兰克福当地时间 19:25 到达，1号航站楼。
回程：8月3日（周六）同一航空公司，法兰克福 21:40 起飞。

爸爸的药我让他带了两个月的量。妈妈说要给你们带龙井和笋干，行李可能会超重，我再帮他们问问。

你们到时候去机场接一下，爸妈都不会说英语。

哥
""",
    tz=SHANGHAI,
)

mail(
    "o_julia1",
    "mail/2020-08-05-julia-grillen.eml",
    JULIA,
    XIAOYU,
    "Grillen bei uns am 15.8.?",
    "2020-08-05 21:12",
    """\
Hallo ihr Lieben,

wie wär's mit Grillen bei uns am Samstag, 15. August, ab 17 Uhr? Kinder natürlich mit, Mats freut sich schon auf Mia. Wir besorgen Würstchen und Halloumi. Bringt ihr vielleicht euren Gurkensalat mit, den chinesischen mit Knoblauch? Der war letztes Mal als Erstes weg.

Wegen Corona sitzen wir draußen im Garten, Platz ist genug.

Liebe Grüße
Julia
""",
    cc=JAN,
)

mail(
    "o_julia2",
    "mail/2023-04-27-julia-umgezogen-leipzig.eml",
    JULIA,
    XIAOYU,
    "Wir sind umgezogen!",
    "2023-04-27 19:48",
    """\
Hallo Xiaoyu, hallo Jan,

geschafft: Seit letzter Woche wohnen wir in Leipzig! Unsere neue Adresse:

Julia Krämer & Sven Albers
Kohlgartenstraße 31
04315 Leipzig

Festnetz haben wir noch keins, die Handynummern bleiben gleich. Die Kisten stehen noch überall, aber das Gästezimmer ist schon eingerichtet – wenn ihr mal in Leipzig seid, kommt vorbei!

Liebe Grüße, auch von Sven und Mats
Julia
""",
    cc=JAN,
)

mail(
    "o_tom1",
    "mail/2019-08-14-tom-visiting-mainz.eml",
    TOM,
    XIAOYU,
    "Visiting Mainz in September?",
    "2019-08-14 22:05",
    """\
Hi Xiaoyu & Jan,

Kate and I will be in Frankfurt for her cousin's wedding on Saturday 7 September, and we thought we could pop over to Mainz on the Sunday. Would that suit you? We'd love to see the new house (and Leo, of course – he must be huge by now).

We'd come by train around lunchtime and head back to Frankfurt in the evening.

Cheers,
Tom
""",
    tz=LONDON,
    cc=JAN,
)

mail(
    "o_tom2",
    "mail/2024-04-22-tom-frankfurt-may.eml",
    TOM,
    XIAOYU,
    "Frankfurt in May + new number",
    "2024-04-22 21:30",
    """\
Hi both,

I'm at a conference at the Messe in Frankfurt from 14 to 17 May. Any chance of dinner one evening? Wednesday the 15th would work best for me. I'm staying near the Hauptbahnhof, so I can easily get the S-Bahn over to Mainz.

Also, new work phone: +44 7700 900461. The old one died in a puddle.

Cheers,
Tom
""",
    tz=LONDON,
    cc=JAN,
)

mail(
    "o_zhouting",
    "mail/2023-09-12-zhouting-zhongqiu-juhui.eml",
    ZHOUTING,
    XIAOYU_ZH,
    "中秋聚会",
    "2023-09-12 13:25",
    """\
晓雨：

今年中秋咱们几家还是一起过吧！时间定在9月30日（周六）下午三点，在我家：Frankfurt-Bockenheim，Adalbertstraße 27，三楼。

每家带一个菜就行，我做盐水鸭，月饼我来买。孩子们可以在后院玩，记得给米娅和乐乐带一套换洗的衣服。

你们能来的话回我一下，我好算人数。

婷
""",
)

mail(
    "o_claire",
    "mail/2023-07-21-claire-plants-and-post.eml",
    CLAIRE,
    XIAOYU,
    "Plants and post while you're in China",
    "2023-07-21 18:40",
    """\
Hi Xiaoyu,

Of course we'll look after things while you're away! I'll water the plants on Tuesdays and Fridays and empty the letterbox, and Marc can put the bins out on Thursday evenings.

Could you drop the spare key through our letterbox before you leave? And please write down which plants mustn't get too much water – I still remember the orchid incident.

Have a wonderful trip and say hi to your parents!

Claire (No. 9)
""",
)

mail(
    "o_seidel1",
    "mail/2022-10-04-praxis-seidel-grippeimpfung.eml",
    SEIDEL,
    XIAOYU,
    "Terminbestätigung Grippeschutzimpfung",
    "2022-10-04 12:10",
    """\
Sehr geehrte Frau Lin,

hiermit bestätigen wir Ihren Termin zur Grippeschutzimpfung am Mittwoch, 19.10.2022, um 17:15 Uhr.

Bitte bringen Sie Ihren Impfpass und Ihre Versichertenkarte mit. Falls Sie gleichzeitig eine Corona-Auffrischimpfung wünschen, geben Sie uns bitte vorher telefonisch Bescheid.

Können Sie den Termin nicht wahrnehmen, sagen Sie bitte mindestens 24 Stunden vorher ab.
""",
    sig=SIG_SEIDEL,
)

mail(
    "o_seidel2",
    "mail/2024-02-27-praxis-seidel-check-up.eml",
    SEIDEL,
    XIAOYU,
    "Terminbestätigung Gesundheits-Check-up",
    "2024-02-27 11:50",
    """\
Sehr geehrte Frau Lin,

hiermit bestätigen wir Ihren Termin zum Gesundheits-Check-up am Dienstag, 12.03.2024, um 8:40 Uhr.

Bitte kommen Sie nüchtern (ab 20 Uhr am Vorabend nichts mehr essen, Wasser und ungesüßter Tee sind erlaubt) und bringen Sie eine Urinprobe (Morgenurin) mit. Die Blutabnahme erfolgt gleich zu Beginn, die Besprechung der Ergebnisse ca. eine Woche später.

Können Sie den Termin nicht wahrnehmen, sagen Sie bitte mindestens 24 Stunden vorher ab.
""",
    sig=SIG_SEIDEL,
)

mail(
    "o_bank1",
    "mail/2023-01-16-bank-jahreskontoauszug-darlehen.eml",
    BANK,
    XIAOYU,
    "Ihr Jahreskontoauszug 2022 – Baufinanzierung",
    "2023-01-16 07:30",
    """\
Sehr geehrte Frau Lin, sehr geehrter Herr Brenner,

in Ihrem Online-Postfach liegt der Jahreskontoauszug 2022 zu Ihrem Darlehen Nr. 7043 118 552 bereit. Die wichtigsten Werte:

Restschuld zum 31.12.2022: 312.480,17 €
gezahlte Zinsen 2022: 3.689,42 €
Tilgung 2022: 14.130,58 €
monatliche Rate: 1.485,00 €
Sollzins: 1,15 % p. a., fest bis 30.04.2029

Bitte prüfen Sie den Auszug. Für Ihre Unterlagen empfehlen wir, ihn herunterzuladen.

Mit freundlichen Grüßen
Ihre Rheinhessen Bank eG
Baufinanzierung

Diese E-Mail wurde automatisch erstellt. Bitte antworten Sie nicht auf diese Nachricht.
""",
    cc=JAN,
)

mail(
    "o_bank2",
    "mail/2024-11-05-bank-kontomodell-2025.eml",
    BANK,
    XIAOYU,
    "Änderung Ihres Kontomodells ab 1. Januar 2025",
    "2024-11-05 07:30",
    """\
Sehr geehrte Frau Lin,

zum 1. Januar 2025 passen wir die Preise unserer Kontomodelle an. Für Ihr Girokonto im Modell "Giro Komfort" bedeutet das:

monatlicher Grundpreis bisher: 6,50 €
monatlicher Grundpreis ab 01.01.2025: 7,90 €

Alle Überweisungen, die girocard und zwei Bargeldabhebungen pro Monat an fremden Automaten bleiben inklusive. Wenn Sie nicht einverstanden sind, können Sie bis zum 31.12.2024 widersprechen oder kostenfrei in das Modell "Giro Online" (3,50 €) wechseln.

Mit freundlichen Grüßen
Ihre Rheinhessen Bank eG

Diese E-Mail wurde automatisch erstellt. Bitte antworten Sie nicht auf diese Nachricht.
""",
)

_SENT = 1500.00
_FEE = 6.21
_RATE = 7.7926
_CNY = round((_SENT - _FEE) * _RATE, 2)

mail(
    "o_lumen",
    "mail/2024-01-25-lumen-transfer-arrived.eml",
    LUMEN,
    XIAOYU,
    "Your money has arrived: €1,500.00 to WANG XIULAN",
    "2024-01-25 06:12",
    f"""\
Hi Xiaoyu,

Good news – your transfer has arrived.

Transfer ID: LT-88213507
Sent: 24 January 2024
Recipient: WANG XIULAN, Bank of China account ending in 2046

You sent: €{_SENT:,.2f}
Our fee: €{_FEE:.2f}
Amount converted: €{_SENT - _FEE:,.2f}
Exchange rate: 1 EUR = {_RATE} CNY
Recipient got: ¥{_CNY:,.2f} CNY

Thanks for using Lumen Transfer.

The Lumen Transfer team
This is an automated message. Replies to this address are not read.
""",
)

mail(
    "o_schule1",
    "mail/2022-08-15-grundschule-einschulung.eml",
    SCHULE,
    XIAOYU,
    "Einschulung am 6. September 2022 – Klasse 1b",
    "2022-08-15 09:00",
    """\
Liebe Eltern unserer neuen Erstklässlerinnen und Erstklässler,

wir freuen uns sehr auf Ihre Kinder! Hier die wichtigsten Informationen zur Einschulung:

- Einschulungsfeier: Dienstag, 6. September 2022, 10:00 Uhr in der Turnhalle
- ökumenischer Gottesdienst vorher um 9:00 Uhr in der Kirche St. Pankratius (freiwillig)
- Ihr Kind kommt in die Klasse 1b, Klassenlehrerin ist Frau Okonkwo-Meier
- Die erste Schulstunde dauert etwa 45 Minuten; Sie können so lange im Schulhof warten, der Förderverein verkauft Kaffee und Kuchen.
- Ab Mittwoch, 7. September, ist Unterricht von 8:00 bis 11:45 Uhr.

Bitte denken Sie an Schulranzen, Federmappe und Hausschuhe.

Mit freundlichen Grüßen
Sekretariat der Grundschule Am Kirschgarten
""",
    cc=JAN,
)

mail(
    "o_schule2",
    "mail/2024-10-28-grundschule-elternabend-3b.eml",
    SCHULE,
    XIAOYU,
    "Einladung zum Elternabend der Klasse 3b",
    "2024-10-28 13:20",
    """\
Liebe Eltern der Klasse 3b,

hiermit lade ich Sie herzlich zum Elternabend ein:

Dienstag, 19. November 2024, 19:30 Uhr, Raum 104 (1. Stock, Altbau)

Themen:
1. Rückblick auf die ersten Wochen in Klasse 3
2. Lesewettbewerb und Bücherei-Dienst
3. erste Informationen zur Klassenfahrt im Mai
4. Wahl der Elternvertretung

Bitte geben Sie Ihrem Kind bis Freitag den Abschnitt zurück, ob Sie kommen.

Viele Grüße
K. Okonkwo-Meier, Klassenlehrerin 3b
""",
)

mail(
    "o_schule3",
    "mail/2024-12-09-grundschule-klassenfahrt-3b.eml",
    SCHULE,
    XIAOYU,
    "Klassenfahrt 3b nach Bacharach – Kosten und Anmeldung",
    "2024-12-09 14:05",
    """\
Liebe Eltern der Klasse 3b,

wie am Elternabend besprochen, fährt die Klasse 3b vom 12. bis 14. Mai 2025 in die Jugendherberge in Bacharach.

Die Kosten betragen 148 € pro Kind (Unterkunft mit Vollpension, Bus, Burgführung und Schiffsfahrt). Bitte überweisen Sie den Betrag bis zum 31. Januar 2025 an den Förderverein:

IBAN DE44 5519 0000 0712 3456 01
Verwendungszweck: Klassenfahrt 3b + Name des Kindes

Wenn die Kosten für Sie schwierig sind, sprechen Sie mich bitte vertraulich an; der Förderverein hilft.

Viele Grüße
K. Okonkwo-Meier, Klassenlehrerin 3b
""",
    cc=JAN,
)

mail(
    "o_zhongwen",
    "mail/2023-08-21-zhongwen-xuexiao-kaixue.eml",
    ZHONGWEN,
    XIAOYU_ZH,
    "美因茨中文学校2023/24学年秋季学期开学通知",
    "2023-08-21 20:00",
    """\
各位家长：

大家好！美因茨中文学校2023/24学年秋季学期将于9月9日（星期六）开学。

上课时间：每周六上午 9:30–12:00
上课地点：不变，Lerchenberg 学校B楼二层
学费：每学期185欧，教材费15欧，请于9月30日前转账，备注学生姓名和班级。
秋假：10月28日和11月4日停课。
期末考试：2024年1月20日。

新学期一年级开设两个班，分班名单请见学校网站。请家长们按时送孩子，谢谢配合！

美因茨中文学校 校务处
""",
)


# ============================================================================================
# Notes
# ============================================================================================

NOTES: dict[str, str] = {}

NOTES["notes/wlan.txt"] = """\
WLAN zu Hause
=============

Router: FRITZ!Box im Flurschrank (Erdgeschoss)
Netzwerkname (SSID): Kirschgarten7
Passwort: Holunderbluete-Sirup-19
Mesh-Repeater im Obergeschoss (Treppenabsatz), gleiche SSID

Gäste-WLAN (für Besuch, Handwerker, Babysitter):
SSID: Kirschgarten7-Gast
Passwort: apfelbaum4711
Gastzugang trennt Geräte voneinander, Drucker geht darüber nicht.

Router-Oberfläche: http://fritz.box
Kennwort steht auf dem Aufkleber unter dem Router.

Drucker im Arbeitszimmer: feste IP 192.168.178.40
Glasfaser-Anschluss seit 08/2022, Kundennummer beim Anbieter: 50 7712 9043
"""

NOTES["notes/zaehlerstaende.txt"] = """\
Zählerstände Am Kirschgarten 7
(immer am 31.12. ablesen, Foto in den Ordner "Haus")

Gas (Zähler im Keller, links neben der Therme)
31.12.2021   14.127 m³
31.12.2022   16.390 m³
31.12.2023   18.452 m³
31.12.2024   20.388 m³

Strom (Zählerschrank Flur)
31.12.2021   38.210 kWh
31.12.2022   41.806 kWh
31.12.2023   45.912 kWh
31.12.2024   52.377 kWh   (Wallbox seit Januar, daher mehr)

Wasser (Hauswasserzähler Keller)
31.12.2023   1.204 m³
31.12.2024   1.318 m³
"""

NOTES["notes/Apfelkuchen.md"] = """\
---
title: Omas versunkener Apfelkuchen
tags: [rezept, backen, kuchen]
date: 2020-09-27
---

# Omas versunkener Apfelkuchen

Von Jans Oma aus Rheinhessen, Springform 26 cm.

## Zutaten

- 125 g weiche Butter
- 125 g Zucker
- 1 Päckchen Vanillezucker
- 3 Eier
- 200 g Mehl
- 2 TL Backpulver
- 3 EL Milch
- 4 säuerliche Äpfel (Boskop)
- Puderzucker zum Bestäuben

## Zubereitung

1. Butter, Zucker und Vanillezucker schaumig rühren, Eier einzeln unterrühren.
2. Mehl und Backpulver mischen, abwechselnd mit der Milch unterrühren.
3. Teig in die gefettete Form streichen.
4. Äpfel schälen, vierteln, auf der Rundseite mehrmals einschneiden und mit der Rundseite nach oben in den Teig drücken.
5. Bei 180 °C Ober-/Unterhitze 40–45 Minuten backen (Stäbchenprobe).
6. Abkühlen lassen, mit Puderzucker bestäuben.

Tipp: Schmeckt am zweiten Tag noch besser. Mit Sahne.
"""

NOTES["notes/红烧肉.md"] = """\
---
title: 红烧肉（妈妈的做法）
tags: [菜谱, 家常菜]
date: 2021-01-30
---

# 红烧肉（妈妈的做法）

视频里妈妈一步一步教的，记下来免得忘了。

## 材料（四人份）

- 五花肉 600克（德国超市买 Schweinebauch ohne Knochen，土耳其超市的更好）
- 冰糖 40克
- 料酒 3汤匙
- 生抽 2汤匙
- 老抽 1汤匙（上色用）
- 姜 5片，葱 2根
- 八角 2个，桂皮 1小块
- 热水 适量（没过肉）

## 做法

1. 五花肉切3厘米见方的块，冷水下锅，加两片姜焯水，捞出洗净沥干。
2. 锅里少放一点油，小火放冰糖，炒到枣红色起小泡。
3. 倒入肉块快速翻炒上色。
4. 加料酒、生抽、老抽、姜、葱、八角、桂皮，翻匀。
5. 倒热水没过肉，大火烧开后转小火，盖盖炖60分钟。
6. 最后开大火收汁，汁浓了就出锅。

妈妈说：一定要加热水，加冷水肉会变硬。Jan 喜欢多放一点汁拌米饭。
"""

NOTES["notes/饺子馅.md"] = """\
---
title: 猪肉白菜饺子馅
tags: [菜谱, 饺子, 春节]
date: 2022-01-29
---

# 猪肉白菜饺子馅

大概能包80个，够我们一家吃两顿。

- 猪肉馅 500克（要肥瘦三七开，德国的 Hackfleisch vom Schwein 太瘦，最好请肉店现绞五花）
- 大白菜 半棵，约800克（切碎，加一勺盐腌15分钟，挤干水）
- 葱 3根，姜 一小块，都切末
- 生抽 2汤匙，蚝油 1汤匙，香油 2汤匙
- 盐 1茶匙，白胡椒粉 少许
- 花椒水 100毫升（分三次打进肉馅里，顺一个方向搅上劲）

最后放白菜和香油，拌匀就好，不要再使劲搅，不然会出水。

饺子皮：500克面粉 + 250毫升温水 + 一小撮盐，揉好醒30分钟。
"""

NOTES["notes/banana-bread.md"] = """\
# Banana bread (Kate's recipe)

Kate gave me this when they visited in 2019. Works every time, even with German flour.

- 3 very ripe bananas, mashed
- 75 g melted butter
- 100 g brown sugar (her recipe says 150 g, 100 is plenty)
- 1 egg, beaten
- 1 tsp vanilla extract
- 1 tsp baking soda (Natron, not Backpulver!)
- a pinch of salt
- 190 g plain flour (Type 405)
- a handful of chopped walnuts

Mix the butter into the bananas, then sugar, egg and vanilla. Sprinkle the soda and salt over, stir in the flour and the nuts. Loaf tin, lined with baking paper.

Oven 175 °C (fan 160 °C), 55–60 minutes, until a skewer comes out clean. Let it cool in the tin for 10 minutes.
"""

NOTES["notes/packing-list-china-2023.md"] = """\
---
title: Packing list – China, summer 2023
tags: [travel, china, family]
date: 2023-07-15
---

# Packing list – China, summer 2023

FRA → PVG on 26 July, back 24 August. Hangzhou with Mama and Baba, one week in Shanghai with 哥哥.

## Documents
- [x] passports (Mia's expires 2026, Leo's 2025!)
- [x] visas (collected 03/07)
- [x] international driving licence for Jan
- [ ] printouts: flight tickets, Mama's address in Chinese for taxis

## Gifts
- for Mama: 2 bottles of Riesling, hand cream, the Rheinhessen photo calendar
- for Baba: Jan's honey from the neighbour's bees, a good pocket knife
- for 哥哥's family: Haribo, Ritter Sport, LEGO set for 子航
- for Mama's neighbours: 6 packs of Milka

## Kids
- Mia: travel-sickness chewing gum, her glasses + spare pair, Switch and charger
- Leo: fever suppositories, plasters, Bruno the bear (DO NOT FORGET)
- sun cream 50+, mosquito spray, after-bite gel
- snacks for the flight

## Electronics
- 2 travel adapters (China uses type A/I, bring the universal ones)
- power bank (hand luggage only!)
- phone with WeChat + Alipay set up, test before leaving

## Don't forget at home
- spare key to Claire (No. 9)
- switch the heating to holiday mode
- cancel the newspaper 25/07 – 25/08
"""

NOTES["notes/Steuererklärung-2023.md"] = """\
---
title: Steuererklärung 2023
tags: [steuer, finanzen, elster]
date: 2024-08-20
---

# Steuererklärung 2023

Gemeinsame Veranlagung, abgegeben über ELSTER am 11.06.2024.
Bescheid vom 14.08.2024: **Erstattung 1.284,00 €**, am 19.08.2024 auf dem Girokonto eingegangen.
Bescheid geprüft, passt. Einspruchsfrist war bis 16.09.2024 – kein Einspruch.

## Werbungskosten Xiaoyu
- Fahrten zur Arbeit: 23 km einfach, 188 Tage (Rest Homeoffice)
- Homeoffice-Pauschale: 42 Tage × 6 € = 252 €
- Arbeitsmittel: Bürostuhl 289 €, Headset 79 €
- Fortbildung (Zertifikatskurs Softwaretest): 1.150 €, vom Arbeitgeber nicht erstattet

## Werbungskosten Jan
- Fahrten zur Arbeit: 38 km einfach, 212 Tage
- Gewerkschaftsbeitrag: 264 €
- Arbeitszimmer: nicht angesetzt (kein Mittelpunkt der Tätigkeit)

## Haushaltsnahe Dienstleistungen und Handwerkerleistungen (§ 35a)
- Arbeitskosten Handwerker 2023 laut Rechnungen: 2.410 € → 20 % = 482 € Steuerermäßigung
- Schornsteinfeger: 96 €
- Rechnungen liegen im Ordner "Haus 2023", alle überwiesen (Barzahlung zählt nicht!)

## Kinder
- Kinderbetreuungskosten Kita Leo: 2.160 € (davon zwei Drittel absetzbar)
- Kindergeld 2023: 250 € pro Monat und Kind

## Sonstiges
- Spenden: 250 € (Quittungen im Ordner)
- Krankenversicherung: Werte kommen automatisch von der Kasse

## Fürs nächste Jahr merken
- Belege gleich im Ordner sammeln, nicht erst im Mai suchen
- Frist für 2024 ohne Steuerberater: 31.07.2025
"""

NOTES["notes/家里人.md"] = """\
---
title: 家里人的信息
tags: [家人, 杭州, 上海]
date: 2024-03-02
---

# 家里人的信息

## 爸妈（杭州）

- 地址：浙江省杭州市西湖区桂语路36号3幢402室（打车时给司机看）
- 家里座机：0571-8702 5519
- 妈妈 王秀兰：手机 139 5718 2046，生日 3月18日
- 爸爸 林国强：手机 138 6811 4073，生日 11月2日
- 爸爸有高血压，每天早上吃一片氨氯地平（5毫克），不能吃柚子
- 妈妈对青霉素过敏！

## 哥哥一家（上海）

- 林浩：手机 137 1622 8850，微信同号
- 嫂子 周琳，侄子 林子航（2014年出生）
- 地址：上海市浦东新区锦绣东路88弄12号1101室

## 其他

- 家庭微信群："林家一家亲"
- 外婆的老房子在绍兴，舅舅在照看
- 给爸妈寄东西用EMS，写妈妈的名字和手机号
"""

NOTES["notes/Auto.md"] = """\
---
title: Auto
tags: [auto, elektroauto]
date: 2024-10-15
---

# Auto

- Modell: Elektro-Kompaktwagen, grau, gebraucht gekauft im Januar 2024 (Erstzulassung 05/2022)
- Kennzeichen: MZ-LB 318E
- Nächste Hauptuntersuchung (TÜV): Mai 2025
- Versicherung: Vollkasko, 500 € SB, Vertragsnummer KV-4471-2290-06

## Reifen

- Oktober 2024: Winterreifen montiert
- Sommerreifen eingelagert beim Autohaus Mainz-Süd, Einlagerungsnummer 4417
- Wechsel zurück auf Sommerreifen: ab Ostern (O bis O)

## Laden

- Wallbox in der Garage, 11 kW, RFID-Karte liegt im Sicherungskasten (zweite im Handschuhfach)
- Ladekarte für unterwegs: im Portemonnaie von Jan
- Reichweite im Winter real ca. 280 km, im Sommer ca. 380 km
"""

NOTES["notes/mia-birthday-2024.md"] = """\
---
title: Mia's 8th birthday party
tags: [family, mia, party]
date: 2024-02-10
---

# Mia's 8th birthday party

- Saturday 24 February 2024, 14:00–17:30, at home
- Theme: science lab (slime, volcano, invisible ink)
- 9 kids invited: Lotte, Emir, Hannah, Jonas, Yuki, Ben, Sophie, Mateo, Clara
- Pick-up at 17:30 – tell the parents in the class chat

## Food
- chocolate cake with raspberries (Jan bakes it on Friday)
- fruit skewers, popcorn, pizza at 17:00
- apple spritzer, water, no cola

## To buy
- lab goggles (10 pairs), white T-shirts to paint on as lab coats
- glue + shaving foam + contact lens solution for the slime
- small prizes for the treasure hunt
- goody bags: magnifying glass, gummy bears, a sticker sheet
"""


# ============================================================================================
# PDFs: a tiny writer (Helvetica, WinAnsiEncoding, text in cp1252)
# ============================================================================================


def _pdf_literal(text: str) -> bytes:
    out = bytearray(b"(")
    for byte in text.encode("cp1252"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 32 <= byte < 127:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    return bytes(out + b")")


def _pdf_text_string(text: str) -> bytes:
    """A text string for /Info: literal if ASCII, else UTF-16BE with a byte order mark."""
    if text.isascii():
        return _pdf_literal(text)
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def write_pdf(path: Path, lines: list[tuple[float, float, float, bool, str]], info: dict) -> None:
    """One A4 page. `lines` holds (x, y, size, bold, text); `info` the /Info entries."""
    content = bytearray()
    for x, y, size, bold, text in lines:
        font = b"/F2" if bold else b"/F1"
        content += b"BT %s %g Tf 1 0 0 1 %g %g Tm %s Tj ET\n" % (
            font,
            size,
            x,
            y,
            _pdf_literal(text),
        )
    info_entries = b" ".join(b"/%s %s" % (k.encode(), _pdf_text_string(v)) for k, v in info.items())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + bytes(content) + b"endstream",
        b"<< " + info_entries + b" >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    file_id = hashlib.md5(bytes(content)).hexdigest().upper().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        len(objects),
        file_id,
        file_id,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))


def _rows(top: float, step: float, rows: list) -> list[tuple[float, float, float, bool, str]]:
    """Lay out rows from `top` downwards; each row is a list of (x, text[, size[, bold]])."""
    lines = []
    y = top
    for row in rows:
        for cell in row:
            x, text, *rest = cell
            size = rest[0] if rest else 10
            bold = rest[1] if len(rest) > 1 else False
            lines.append((x, y, size, bold, text))
        y -= step
    return lines


def invoice_gruenwerk() -> tuple[list, dict]:
    lines = _rows(
        790,
        15,
        [
            [(50, "Grünwerk Garten- und Landschaftspflege", 15, True)],
            [(50, "Inh. Markus Thiel · Im Wiesengrund 12 · 55270 Ober-Olm · Tel. 06136 770415", 9)],
            [],
            [],
            [(50, "Familie Lin / Brenner"), (360, "Rechnung Nr. GW-2024-0412")],
            [(50, "Am Kirschgarten 7"), (360, "Rechnungsdatum: 12.04.2024")],
            [(50, "55129 Mainz"), (360, "Leistungsdatum: 09.04.2024")],
            [(360, "Kundennummer: 1187")],
            [],
            [(50, "Rechnung", 13, True)],
            [],
            [(50, "Sehr geehrte Familie Lin / Brenner,")],
            [(50, "für die ausgeführten Arbeiten erlauben wir uns zu berechnen:")],
            [],
            [
                (50, "Pos.", 10, True),
                (85, "Leistung", 10, True),
                (330, "Menge", 10, True),
                (400, "Einzelpreis", 10, True),
                (490, "Betrag", 10, True),
            ],
            [
                (50, "1"),
                (85, "Heckenschnitt Thuja, ca. 28 lfm, 1,80 m"),
                (330, "6,5 Std."),
                (400, "48,00 €"),
                (490, "312,00 €"),
            ],
            [
                (50, "2"),
                (85, "Abfuhr und Entsorgung Grünschnitt"),
                (330, "1,5 m³"),
                (400, "32,00 €"),
                (490, "48,00 €"),
            ],
            [(50, "3"), (85, "Anfahrtspauschale"), (330, "1"), (400, "25,00 €"), (490, "25,00 €")],
            [],
            [(330, "Nettobetrag"), (490, "385,00 €")],
            [(330, "zzgl. 19 % MwSt."), (490, "73,15 €")],
            [(330, "Rechnungsbetrag", 10, True), (490, "458,15 €", 10, True)],
            [],
            [
                (
                    50,
                    "Enthaltene Arbeits- und Fahrtkosten (§ 35a EStG): 337,00 € netto / 401,03 € brutto",
                )
            ],
            [],
            [
                (
                    50,
                    "Bitte überweisen Sie den Rechnungsbetrag bis zum 26.04.2024 auf folgendes Konto:",
                )
            ],
            [(50, "Raiffeisenbank Selztal · IBAN DE27 5506 1303 0004 8123 90 · BIC GENODED1SLZ")],
            [],
            [(50, "Vielen Dank für Ihren Auftrag!")],
            [(50, "Markus Thiel")],
        ],
    )
    info = {
        "Title": "Rechnung GW-2024-0412",
        "Author": "Grünwerk Garten- und Landschaftspflege",
        "Creator": "Rechnungsprogramm",
        "CreationDate": "D:20240412091500+02'00'",
    }
    return lines, info


def invoice_piano() -> tuple[list, dict]:
    lines = _rows(
        790,
        15,
        [
            [(50, "Emily Carter – Piano Lessons", 15, True)],
            [(50, "Gartenfeldstraße 19 · 55118 Mainz · emily.carter@klavier-mainz.example", 9)],
            [],
            [],
            [(50, "Bill to:"), (360, "Invoice No. 2024-117")],
            [(50, "Xiaoyu Lin"), (360, "Date: 30 September 2024")],
            [(50, "Am Kirschgarten 7"), (360, "Student: Mia Brenner")],
            [(50, "55129 Mainz")],
            [],
            [(50, "Invoice – autumn term 2024 (9 September – 16 December 2024)", 12, True)],
            [],
            [
                (50, "Description", 10, True),
                (330, "Qty", 10, True),
                (390, "Unit price", 10, True),
                (480, "Amount", 10, True),
            ],
            [
                (50, "Piano lesson, 30 minutes, Mondays 16:00"),
                (330, "12"),
                (390, "€ 38.00"),
                (480, "€ 456.00"),
            ],
            [
                (50, 'Workbook "Keyboard Steps", book 2'),
                (330, "1"),
                (390, "€ 12.50"),
                (480, "€ 12.50"),
            ],
            [],
            [(390, "Total", 10, True), (480, "€ 468.50", 10, True)],
            [],
            [(50, "No VAT is charged (small business, § 19 UStG).")],
            [(50, "Please transfer € 468.50 by 15 October 2024 to:")],
            [(50, "Emily Carter · IBAN DE61 1001 1001 2623 4471 09")],
            [],
            [
                (
                    50,
                    "Lessons cancelled less than 24 hours in advance cannot be made up or refunded.",
                )
            ],
            [(50, "No lessons during the autumn holidays (14 – 25 October).")],
            [],
            [(50, "Thank you – Mia is doing great!")],
        ],
    )
    info = {
        "Title": "Invoice 2024-117",
        "Author": "Emily Carter",
        "Creator": "Pages",
        "CreationDate": "D:20240930184000+02'00'",
    }
    return lines, info


PDFS = {
    "documents/Rechnung_GW-2024-0412_Gruenwerk.pdf": invoice_gruenwerk,
    "documents/Invoice_2024-117_piano_Mia.pdf": invoice_piano,
}


def main() -> None:
    for sub in ("mail", "notes", "documents"):
        target = ROOT / sub
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
    for item in MAILS.values():
        (ROOT / item["path"]).write_bytes(item["raw"].encode("utf-8"))
    for rel, text in NOTES.items():
        (ROOT / rel).write_bytes(text.encode("utf-8"))
    for rel, build in PDFS.items():
        lines, info = build()
        write_pdf(ROOT / rel, lines, info)
    print(f"{len(MAILS)} mails, {len(NOTES)} notes, {len(PDFS)} PDFs written to {ROOT}")


if __name__ == "__main__":
    main()
