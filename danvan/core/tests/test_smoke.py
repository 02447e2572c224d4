import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_vietnamese(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
