"""Every demo login opens every page its menu offers (and each list's first record) without an error."""

from __future__ import annotations

import re

import pytest

from app.demo import DEMO_LOGINS

LINK = re.compile(r'href="(/[a-z][^"#?]*/(?:list/|me|form)[^"]*)"')
SHOW = re.compile(r'href="(/[a-z]+view/show/\d+)"')
PORTAL = re.compile(r'href="(/portal/[a-z]*)"')


@pytest.mark.parametrize("username", [login[0] for login in DEMO_LOGINS])
def test_every_menu_page_opens(browser, username):
    b = browser(username)
    home = b.get("/", follow_redirects=True).get_data(as_text=True)  # teachers land in the portal
    links = sorted(set(LINK.findall(home)) | set(PORTAL.findall(home)))
    assert links, "the menu offers nothing"
    for url in links:
        response = b.get(url, follow_redirects=True)
        assert response.status_code in (200, 403), f"{username} {url}: {response.status_code}"
        shows = SHOW.findall(response.get_data(as_text=True))[:1]
        for show in shows:
            detail = b.get(show)
            assert detail.status_code in (200, 403), f"{username} {show}: {detail.status_code}"
