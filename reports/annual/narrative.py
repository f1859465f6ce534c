"""The report's narrative: a few paragraphs in the voice of the department's own summaries
(the seeds: "in the period of 2020–2025, Can Tho City welcomed 2,012 foreign delegations…;
the city leaders signed 25 documents…"), written from the report's figures, in its
language.

Rules: every number is a figure of the report (nothing is counted here); a clause whose
figure is zero or absent is left out, so a year without press delegations says nothing
about the press and a year without aid has no aid paragraph; numbers are grouped as the
language writes them (1.234 in Vietnamese, 1,234 in English); a change reads "up 8% on
2024" / "tăng 8% so với năm 2024"; money reads in billions or millions of dong and of
dollars, as the seeds write it.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

BILLION = Decimal(10) ** 9
MILLION = Decimal(10) ** 6


@dataclass
class Facts:
    """What the narrative is written from: the report's figures (``Figure`` values by key,
    see ``reports.annual.content``) and the names the breakdowns put first."""

    period_label: str  # "2025", "2020–2025", "Q1 2025"…
    previous_label: str  # "" when not compared
    kind: str  # "year", "years", "quarter", "month" or "custom"
    figures: dict
    delegation_countries: list = field(default_factory=list)  # most delegations first
    country_count: int = 0  # countries the delegations came from or went to
    agreement_countries: list = field(default_factory=list)
    agreement_country_count: int = 0
    agreement_sectors: list = field(default_factory=list)
    aid_countries: list = field(default_factory=list)  # donors, largest commitment first
    aid_given_countries: list = field(default_factory=list)
    missing_rates: bool = False


# Numbers and words


def number(value):
    """``1.234`` in Vietnamese, ``1,234`` in English."""
    return number_format(value, force_grouping=True)


def _scaled(amount, size):
    """``amount / size`` with one decimal below 100 (none when it is whole), none above."""
    value = Decimal(amount) / size
    places = 0 if abs(value) >= 100 else 1
    value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        places = 0
    return number_format(value, decimal_pos=places, force_grouping=True)


def money_vnd(amount):
    """ "37.000 tỷ đồng" / "37,000 billion VND"; millions below a billion."""
    amount = Decimal(amount)
    if abs(amount) >= BILLION:
        return _("{amount} billion VND").format(amount=_scaled(amount, BILLION))
    if abs(amount) >= MILLION:
        return _("{amount} million VND").format(amount=_scaled(amount, MILLION))
    return _("{amount} VND").format(amount=number(amount.quantize(Decimal(1), ROUND_HALF_UP)))


def money_usd(amount):
    """ "25 triệu USD" / "25 million USD"; the whole amount below a million."""
    amount = Decimal(amount)
    if abs(amount) >= BILLION:
        return _("{amount} billion USD").format(amount=_scaled(amount, BILLION))
    if abs(amount) >= MILLION:
        return _("{amount} million USD").format(amount=_scaled(amount, MILLION))
    return _("{amount} USD").format(amount=number(amount.quantize(Decimal(1), ROUND_HALF_UP)))


def names(items):
    """ "Japan, Korea and France"."""
    items = [str(item) for item in items if item]
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _lower_first(text):
    """A sector's name inside a sentence: "agriculture", "y tế", but "ODA" stays as it
    is."""
    first_word = text.split(" ", 1)[0]
    if len(first_word) > 1 and first_word.isupper():
        return text  # an acronym
    return text[:1].lower() + text[1:]


def _capitalise(text):
    return text[:1].upper() + text[1:]


def _sentence(text):
    text = _capitalise(text.strip())
    return text if text.endswith((".", "…")) else text + "."


def _clauses(clauses):
    """ "a; b; and c"."""
    clauses = [clause for clause in clauses if clause]
    if len(clauses) < 2:
        return "".join(clauses)
    return "; ".join(clauses[:-1]) + "; " + _("and {clause}").format(clause=clauses[-1])


# The period and the change


def opening(facts):
    """ "In 2025" / "Năm 2025"; "In 2020–2025" / "Giai đoạn 2020–2025"; "In Q1 2025"."""
    if facts.kind == "year":
        return _("In {year}").format(year=facts.period_label)
    if facts.kind == "years":
        return pgettext("several years", "In {period}").format(period=facts.period_label)
    return pgettext("a quarter, a month or a range of days", "In {period}").format(
        period=facts.period_label
    )


def change(facts, value, previous):
    """ " (up 8% on 2024)", " (down 3% on 2024)", " (the same as in 2024)", and past three
    times the previous figure " (compared with 7 in 2024)"; nothing when there is no
    previous value to compare with (none, or zero)."""
    if previous is None or not previous or value is None:
        return ""
    against = facts.previous_label
    year = facts.kind == "year"
    if value == previous:
        text = (
            pgettext("compared with a year", "the same as in {previous}")
            if year
            else pgettext("compared with a period", "the same as in {previous}")
        )
        return f" ({text.format(previous=against)})"
    if value > 3 * previous > 0:
        # "up 3,214%" says less than the figure it grew from.
        text = (
            pgettext("compared with a year", "compared with {count} in {previous}")
            if year
            else pgettext("compared with a period", "compared with {count} in {previous}")
        )
        return f" ({text.format(count=number(previous), previous=against)})"
    percent = abs(Decimal(value - previous) * 100 / Decimal(previous))
    whole = percent.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if whole:
        shown = number_format(whole, decimal_pos=0, force_grouping=True)
    else:
        shown = number_format(
            percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), decimal_pos=1
        )
    shown = f"{shown}%"
    if value > previous:
        text = (
            pgettext("compared with a year", "up {percent} on {previous}")
            if year
            else pgettext("compared with a period", "up {percent} on {previous}")
        )
    else:
        text = (
            pgettext("compared with a year", "down {percent} on {previous}")
            if year
            else pgettext("compared with a period", "down {percent} on {previous}")
        )
    return f" ({text.format(percent=shown, previous=against)})"


def _value(facts, key):
    figure = facts.figures.get(key)
    return (figure.value or 0) if figure is not None else 0


def _previous(facts, key):
    figure = facts.figures.get(key)
    return figure.previous if figure is not None else None


def _compared(facts, key):
    return change(facts, _value(facts, key), _previous(facts, key))


# The paragraphs


def _activities(facts):
    """Delegations and conferences: the seeds' first paragraph."""
    clauses = []
    inbound = _value(facts, "delegations.inbound")
    if inbound:
        clause = ngettext(
            "welcomed {count} foreign delegation",
            "welcomed {count} foreign delegations",
            inbound,
        ).format(count=number(inbound))
        clause += _compared(facts, "delegations.inbound")
        press = _value(facts, "delegations.inbound_press")
        if press:
            clause += ngettext(
                ", including {count} foreign press delegation",
                ", including {count} foreign press delegations",
                press,
            ).format(count=number(press))
        clauses.append(clause)
    outbound = _value(facts, "delegations.outbound")
    if outbound:
        clause = ngettext(
            "sent {count} delegation abroad", "sent {count} delegations abroad", outbound
        ).format(count=number(outbound))
        clauses.append(clause + _compared(facts, "delegations.outbound"))

    permitted = _value(facts, "conferences.hosted_permitted")
    held = _value(facts, "conferences.hosted_held")
    if permitted:
        clause = ngettext(
            "allowed {count} international conference or seminar to be organised in the city",
            "allowed {count} international conferences and seminars to be organised in the city",
            permitted,
        ).format(count=number(permitted))
        clause += _compared(facts, "conferences.hosted_permitted")
        if held:
            clause += ngettext(
                ", of which {count} was held", ", of which {count} were held", held
            ).format(count=number(held))
    elif held:
        clause = ngettext(
            "hosted {count} international conference or seminar",
            "hosted {count} international conferences and seminars",
            held,
        ).format(count=number(held))
        clause += _compared(facts, "conferences.hosted_held")
    else:
        clause = ""
    if clause:
        participants = _value(facts, "conferences.participants")
        foreign = _value(facts, "conferences.participants_foreign")
        if participants and held:
            clause += ngettext(
                ", with {count} participant", ", with {count} participants", participants
            ).format(count=number(participants))
            if foreign:
                clause += _(" ({count} of them from abroad)").format(count=number(foreign))
        clauses.append(clause)
    attended = _value(facts, "conferences.attended")
    if attended:
        clauses.append(
            ngettext(
                "attended {count} international conference elsewhere",
                "attended {count} international conferences elsewhere",
                attended,
            ).format(count=number(attended))
        )
    if not clauses:
        return []
    paragraph = [
        _sentence(
            _("{opening}, the city {clauses}").format(
                opening=opening(facts), clauses=_clauses(clauses)
            )
        )
    ]
    if facts.delegation_countries and (inbound or outbound):
        listed = names(facts.delegation_countries)
        if facts.country_count > len(facts.delegation_countries):
            text = ngettext(
                "The delegations came from or went to {count} country, above all {names}.",
                "The delegations came from or went to {count} countries, above all {names}.",
                facts.country_count,
            ).format(count=number(facts.country_count), names=listed)
        else:
            text = _("The delegations came from or went to {names}.").format(names=listed)
        paragraph.append(text)
    return [" ".join(paragraph)]


def _agreements(facts, first):
    city = _value(facts, "agreements.city")
    unit = _value(facts, "agreements.unit")
    sentences = []
    if city and unit:
        clause = ngettext(
            "city leaders signed {city} agreement and the city's departments and units {unit}",
            "city leaders signed {city} agreements and the city's departments and units {unit}",
            city,
        ).format(city=number(city), unit=number(unit))
        clause += _(", {count} in all").format(count=number(city + unit))
    elif city:
        clause = ngettext(
            "city leaders signed {count} agreement", "city leaders signed {count} agreements", city
        ).format(count=number(city))
    elif unit:
        clause = ngettext(
            "the city's departments and units signed {count} international agreement",
            "the city's departments and units signed {count} international agreements",
            unit,
        ).format(count=number(unit))
    else:
        clause = ""
    if clause:
        total_before = None
        if _previous(facts, "agreements.city") is not None:
            total_before = (_previous(facts, "agreements.city") or 0) + (
                _previous(facts, "agreements.unit") or 0
            )
        clause += change(facts, city + unit, total_before)
        if facts.agreement_countries:
            listed = names(facts.agreement_countries)
            if facts.agreement_country_count > len(facts.agreement_countries):
                clause += ngettext(
                    ", with partners in {count} country such as {names}",
                    ", with partners in {count} countries such as {names}",
                    facts.agreement_country_count,
                ).format(count=number(facts.agreement_country_count), names=listed)
            else:
                clause += _(", with partners in {names}").format(names=listed)
        if facts.agreement_sectors:
            clause += _(", in the fields of {sectors}").format(
                sectors=names(_lower_first(sector) for sector in facts.agreement_sectors)
            )
        if first:
            text = _("{opening}, {clause}").format(opening=opening(facts), clause=clause)
        else:
            text = _("Through its foreign relations, {clause}").format(clause=clause)
        sentences.append(_sentence(text))
    in_force = _value(facts, "agreements.in_force")
    if in_force:
        sentences.append(
            ngettext(
                "At the end of the period, {count} agreement was in force.",
                "At the end of the period, {count} agreements were in force.",
                in_force,
            ).format(count=number(in_force))
        )
    current = _value(facts, "relationships.current")
    if current:
        text = ngettext(
            "The city had {count} relationship with a foreign locality or network",
            "The city had {count} relationships with foreign localities and networks",
            current,
        ).format(count=number(current))
        active = _value(facts, "relationships.active")
        if active:
            text += _(", {count} of them active").format(count=number(active))
        new = _value(facts, "relationships.new_in_period")
        if new:
            text += ngettext(
                "; {count} was established in the period",
                "; {count} were established in the period",
                new,
            ).format(count=number(new))
        sentences.append(_sentence(text))
    return [" ".join(sentences)] if sentences else []


def _aid(facts, first):
    sentences = []
    count = _value(facts, "aid.received.count")
    committed_vnd = _value(facts, "aid.received.committed.vnd")
    committed_usd = _value(facts, "aid.received.committed.usd")
    if count:
        clause = ngettext(
            "the city attracted {count} project or non-project aid",
            "the city attracted {count} projects and non-project aid",
            count,
        ).format(count=number(count))
        clause += _compared(facts, "aid.received.count")
        oda = _value(facts, "aid.received.oda")
        if oda:
            clause += ngettext(
                ", including {count} ODA project", ", including {count} ODA projects", oda
            ).format(count=number(oda))
        if committed_vnd:
            clause += _(", with commitments of {vnd} ({usd})").format(
                vnd=money_vnd(committed_vnd), usd=money_usd(committed_usd)
            )
        if facts.aid_countries:
            clause += _(", from donors in {names}").format(names=names(facts.aid_countries))
        if first:
            text = _("{opening}, {clause}").format(opening=opening(facts), clause=clause)
        else:
            text = _("During this period, {clause}").format(clause=clause)
        sentences.append(_sentence(text))
    disbursed_vnd = _value(facts, "aid.received.disbursed.vnd")
    if disbursed_vnd:
        sentences.append(
            _("Disbursements received in the period came to {vnd} ({usd}).").format(
                vnd=money_vnd(disbursed_vnd),
                usd=money_usd(_value(facts, "aid.received.disbursed.usd")),
            )
        )
    given = _value(facts, "aid.given.count")
    if given:
        text = ngettext(
            "The city gave {count} aid project or donation",
            "The city gave {count} aid projects and donations",
            given,
        ).format(count=number(given))
        given_vnd = _value(facts, "aid.given.committed.vnd")
        if given_vnd:
            text += _(" worth {vnd} ({usd})").format(
                vnd=money_vnd(given_vnd), usd=money_usd(_value(facts, "aid.given.committed.usd"))
            )
        if facts.aid_given_countries:
            text += _(" to partners in {names}").format(names=names(facts.aid_given_countries))
        sentences.append(_sentence(text))
    if sentences and facts.missing_rates:
        sentences.append(
            _(
                "Some amounts have no exchange rate for their date: they are left out of "
                "these totals, and the missing rates are listed with the breakdowns."
            )
        )
    return [" ".join(sentences)] if sentences else []


def narrative(report_figures, language):
    """The paragraphs (plain text) of ``report_figures`` (a ``Facts``), in ``language``."""
    with translation.override(language):
        paragraphs = _activities(report_figures)
        paragraphs += _agreements(report_figures, first=not paragraphs)
        paragraphs += _aid(report_figures, first=not paragraphs)
        if not paragraphs:
            paragraphs.append(
                _(
                    "No delegation, agreement, conference or aid project is recorded for {period}."
                ).format(period=report_figures.period_label)
            )
        return paragraphs
