import pytest

pytestmark = pytest.mark.django_db


def test_the_programme_officer_sees_the_whole_region_unsuppressed(client, world, paula, django_assert_max_num_queries):
    client.force_login(paula)
    with django_assert_max_num_queries(45):
        response = client.get("/werk/monitoring/regio/?van=2026-01&tot=2026-02")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="img"' in body and "<title" in body and "<table>" in body
    assert "style=" not in body.split("<main", 1)[-1]


def test_the_region_filters_by_province_and_municipality(client, world, paula):
    client.force_login(paula)
    assert client.get("/werk/monitoring/regio/?provincie=40000&van=2026-01&tot=2026-02").status_code == 200
    response = client.get("/werk/monitoring/regio/?gemeente=41002&van=2026-01&tot=2026-01")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "van=2026-13",
        "van=2026-03&tot=2026-01",
        "van=2001-01&tot=2010-01",
        "provincie=99999",
        "gemeente=00000",
        "gegeven=x",
    ],
)
def test_an_impossible_filter_gets_400_with_a_message(client, world, paula, query):
    client.force_login(paula)
    response = client.get("/werk/monitoring/regio/?" + query)
    assert response.status_code == 400
    assert "Er is een probleem" in response.content.decode()


def test_a_chart_table_downloads_as_csv(client, world, paula):
    client.force_login(paula)
    response = client.get("/werk/monitoring/regio/?van=2026-01&tot=2026-02&tabel=maanden&formaat=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert b"2026-01;33" in b"".join(response.streaming_content)


def test_a_coordinator_of_another_municipality_gets_404_on_the_regional_dashboard(client, world, charlie):
    client.force_login(charlie)
    assert client.get("/werk/monitoring/regio/").status_code == 404


def test_a_read_only_colleague_of_a_municipality_does_not_get_the_regional_dashboard(client, world, bob):
    client.force_login(bob)
    assert client.get("/werk/monitoring/regio/").status_code == 404
    assert client.get("/werk/monitoring/").status_code == 200


def test_the_coordinator_sees_her_own_municipality_and_its_peers(client, world, alice, django_assert_max_num_queries):
    client.force_login(alice)
    with django_assert_max_num_queries(60):
        response = client.get("/werk/monitoring/?van=2026-01&tot=2026-02")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Gent" in body and "per 1.000 inwoners" in body


def test_the_public_dashboard_hides_small_counts(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        response = client.get("/cijfers/?jaar=2026")
    assert response.status_code == 200
    csv = b"".join(client.get("/cijfers/gemeenten/41002/?jaar=2026&tabel=maanden&formaat=csv").streaming_content)
    assert b"2026-01;3" not in csv  # Aalst's 3 contacts are hidden


def test_the_open_data_download_marks_hidden_cells(client, world):
    response = client.get("/cijfers/open-data/help-contacts/?jaar=2026&formaat=csv")
    text = response.content.decode("utf-8-sig")
    assert "41002;Aalst" in text
    assert ";afgeschermd" in text
    assert client.get("/cijfers/open-data/help-contacts/?jaar=2026&formaat=xlsx").status_code == 200
    assert client.get("/cijfers/open-data/help-contacts/?jaar=1900").status_code == 400
    assert client.get("/cijfers/open-data/nothing/").status_code == 404
