"""``{% bar_chart %}`` and ``{% trend_chart %}``: the charts of ``reports.charts`` in a
``<figure>`` with a caption and the same numbers as a table (``templates/reports/charts/``).

    {% load charts %}
    {% bar_chart by_country value="count" title=_("Top partner countries") link_url=country_link %}
    {% trend_chart trend series="delegations_inbound,delegations_outbound" title=… %}

A callable given through the context (``link_url``, ``value``, ``formatter``) must be
wrapped in ``reports.charts.template_callable``, or the template calls it on the spot."""

from django import template
from django.template.loader import render_to_string

from reports import charts

register = template.Library()


@register.simple_tag
def bar_chart(
    rows,
    value="count",
    title="",
    description="",
    link_url=None,
    formatter=None,
    currency=None,
    previous=None,
    row_note=None,
    limit=None,
    label_header=None,
    value_header=None,
    previous_header=None,
    table_open=False,
):
    """A horizontal bar chart of ``rows`` (see ``reports.charts.bar_chart``);
    ``table_open`` shows its table open on screen too."""
    chart = charts.bar_chart(
        rows,
        value=value,
        title=title,
        description=description,
        link_url=link_url,
        formatter=formatter,
        currency=currency,
        previous=previous,
        row_note=row_note,
        limit=limit,
        label_header=label_header,
        value_header=value_header,
        previous_header=previous_header,
    )
    return render_to_string(
        "reports/charts/bar_chart.html", {"chart": chart, "table_open": table_open}
    )


@register.simple_tag
def trend_chart(
    rows,
    series="delegations_inbound,delegations_outbound",
    title="",
    description="",
    link_url=None,
    formatter=None,
    label_header=None,
    table_open=False,
):
    """A column chart by month of ``rows`` (see ``reports.charts.trend_chart``);
    ``series`` a list of ``(attribute, label)`` pairs or a string ``"a,b"`` /
    ``"a:Label,b:Label"``."""
    chart = charts.trend_chart(
        rows,
        series=series,
        title=title,
        description=description,
        link_url=link_url,
        formatter=formatter,
        label_header=label_header,
    )
    return render_to_string(
        "reports/charts/trend_chart.html", {"chart": chart, "table_open": table_open}
    )
