"""No dead link in either built edition: every local link, script, stylesheet, image
and anchor of every page, and every ``url()`` of the stylesheets, resolves inside its
own site (see tests/site_links.py)."""

import pytest
from site_links import dead_links


@pytest.mark.site
@pytest.mark.parametrize("edition", ["site", "student_site"])
def test_every_local_link_of_the_built_site_resolves(edition, request):
    dead = dead_links(request.getfixturevalue(edition))
    assert not dead, f"{len(dead)} dead links:\n" + "\n".join(dead)
