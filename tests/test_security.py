"""Security by default: logins are throttled with a clear message, every HTML page carries a
Content-Security-Policy and a Permissions-Policy, and the admin and API docs need no inline script."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a long pass phrase for staff"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("federation", password=PASSWORD, is_staff=True, is_superuser=True)


def login(client, password, username="federation"):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})


def test_wrong_passwords_lock_the_login_with_a_clear_message_even_for_the_right_one(staff, settings):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "guess").status_code == 200  # the form again, with its error
    locked = login(client, "guess")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "réessayez dans 15 minutes" in text and 'role="alert"' in text
    # The right password is refused too while the lock lasts.
    assert login(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lock_is_per_username_and_address(staff, django_user_model, settings):
    django_user_model.objects.create_user("other", password=PASSWORD, is_staff=True)
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "guess")
    assert login(client, PASSWORD, username="other").status_code == 302  # another username still logs in
    elsewhere = Client(REMOTE_ADDR="10.0.0.7")
    assert login(elsewhere, PASSWORD).status_code == 302  # the same username from another address too


def test_a_successful_login_before_the_limit_resets_the_count(staff, settings):
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "guess")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "guess")
    assert login(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/v1/docs/"])
def test_html_pages_carry_a_csp_and_a_permissions_policy(path):
    response = Client().get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/admin/", "/api/v1/docs/", "/admin/competitions/draw/"])
def test_pages_need_no_inline_script_so_they_work_under_the_csp(staff, path):
    client = Client()
    client.force_login(staff)
    page = client.get(path).content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    inline = [body for attributes, body in scripts if "src=" not in attributes and "application/json" not in attributes]
    assert [body for body in inline if body.strip()] == []
