"""Browsing by time: /archive/ lists the years with counts, /archive/<year>/
that year's articles by month, linked from the nav and the footer."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import read_page


def _article_dates(site: Path) -> dict[str, str]:
    """Article URL → its date, from the article pages themselves."""
    dates = {}
    for path in (site / "articles").glob("*/index.html"):
        times = read_page(path).find_all("time")
        dates[f"/articles/{path.parent.name}/"] = times[0]["datetime"] or ""
    return dates


def test_archive_lists_each_year_with_its_count_newest_first(sample_site: Path) -> None:
    site = sample_site / "site"
    dates = _article_dates(site)
    html = (site / "archive/index.html").read_text(encoding="utf-8")
    listed = re.findall(r'href="/archive/(\d{4})/">\d{4}</a> <span class="count">(\d+) article',
                        html)
    expected = sorted({d[:4] for d in dates.values()}, reverse=True)
    assert [year for year, _ in listed] == expected
    for year, count in listed:
        assert int(count) == sum(d.startswith(year) for d in dates.values())


def test_a_year_shows_its_articles_by_month_newest_first(sample_site: Path) -> None:
    site = sample_site / "site"
    dates = _article_dates(site)
    for year_page in (site / "archive").glob("*/index.html"):
        year = year_page.parent.name
        page = read_page(year_page)
        shown = [a["href"] for a in page.find_all("a")
                 if (a["href"] or "").startswith("/articles/")]
        assert sorted(shown) == sorted(u for u, d in dates.items() if d.startswith(year))
        shown_dates = [dates[u] for u in shown]
        assert shown_dates == sorted(shown_dates, reverse=True)
        months = [h for t, h in page.elements if t == "h2"]
        assert len(months) == len({d[:7] for d in shown_dates})


def test_archive_is_linked_from_nav_and_footer_and_marked_current(sample_site: Path) -> None:
    site = sample_site / "site"
    for path in ("index.html", "archive/2025/index.html"):
        html = (site / path).read_text(encoding="utf-8")
        nav, footer = html.split('<nav aria-label="Site">')[1], html.split("<footer")[-1]
        assert 'href="/archive/"' in nav.split("</nav>")[0] and 'href="/archive/"' in footer
    links = read_page(site / "archive/2025/index.html").find_all("a")
    assert [a["href"] for a in links if a.get("aria-current") == "true"] == ["/archive/"]
