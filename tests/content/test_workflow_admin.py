"""The workflow in the Wagtail admin: one clear button for the approver, and a stale or
repeated action that does nothing and says so."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from content.models import ProcessCardPage

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def in_approval(demo):
    page = ProcessCardPage.objects.get(code="C-AR-01")
    page.version = "9"
    page.change_description = "Se ajustan los responsables."
    page.save_revision(user=user("editora"))
    state = page.get_workflow().start(page, user("editora"))
    review = state.current_task_state
    review.task.specific.on_action(review, user("revisor"), "approve")
    return page


def action_names(html):
    return set(re.findall(r'name="(action-[a-z-]+)"', html)) | set(
        re.findall(r'data-workflow-action-name="([a-z-]+)"', html)) | set(
        re.findall(r'name="workflow-action-name" value="([a-z-]+)"', html))


def test_the_approver_sees_approve_and_publish_but_no_plain_publish(client, in_approval):
    client.force_login(user("aprobador"))
    html = client.get(f"/cms/pages/{in_approval.pk}/edit/").content.decode()
    assert "action-publish" not in action_names(html)
    assert "Aprobar y publicar" in html


def test_a_page_out_of_any_workflow_keeps_publish_for_approvers(client, demo):
    page = ProcessCardPage.objects.get(code="C-GS-01")
    client.force_login(user("aprobador"))
    html = client.get(f"/cms/pages/{page.pk}/edit/").content.decode()
    assert "action-publish" in action_names(html)


def test_approving_twice_publishes_once_and_says_what_happened(client, in_approval):
    page = in_approval
    client.force_login(user("aprobador"))
    task_state = page.current_workflow_state.current_task_state
    first = client.post(f"/cms/pages/workflow/action/{page.pk}/approve/{task_state.pk}/")
    assert first.status_code == 302
    page.refresh_from_db()
    assert page.live and page.version == "9"
    revisions = page.revisions.count()
    url = f"/cms/pages/{page.pk}/edit/"
    # The edit page's «Aprobar y publicar», sent again from a tab opened before.
    second = client.post(url, {"action-workflow-action": "1", "workflow-action-name": "approve"})
    assert second.status_code == 302 and second["Location"].endswith(url)
    shown = [str(m) for m in get_messages(second.wsgi_request)]
    assert any("No se hizo nada" in m for m in shown), shown
    assert page.revisions.count() == revisions  # nothing saved from the stale form


def test_after_approve_and_publish_the_message_says_so(rf, in_approval):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    from content.wagtail_hooks import say_what_the_approval_did

    page = in_approval
    task_state = page.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, user("aprobador"), "approve")
    request = rf.post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request._convive_workflow_action = "approve"
    request._messages.add(constants.SUCCESS, "La página 'X' ha sido actualizada.")
    say_what_the_approval_did(request, page)
    shown = [m.message for m in request._messages]
    assert shown == [f"«{page.title}» quedó aprobada y publicada en el portal."]


def test_a_workflow_action_after_cancellation_does_nothing(client, in_approval):
    page = in_approval
    page.current_workflow_state.cancel(user=user("editora"))
    client.force_login(user("aprobador"))
    revisions = page.revisions.count()
    response = client.post(f"/cms/pages/{page.pk}/edit/",
                           {"action-workflow-action": "1", "workflow-action-name": "approve"})
    assert response.status_code == 302
    assert page.revisions.count() == revisions
