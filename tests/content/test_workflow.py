"""Editors draft, reviewers review, approvers publish; publishing writes change control."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from content.models import ProcessCardPage
from content.roles import WORKFLOW_NAME

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def actions(task_state, page, username):
    return [name for name, *_ in task_state.task.specific.get_actions(page, user(username))]


def test_only_approvers_can_publish_directly(demo):
    page = ProcessCardPage.objects.get(code="C-AR-01")
    assert page.permissions_for_user(user("editora")).can_edit()
    assert not page.permissions_for_user(user("editora")).can_publish()
    assert not page.permissions_for_user(user("revisor")).can_publish()
    assert page.permissions_for_user(user("aprobador")).can_publish()
    assert not page.permissions_for_user(user("analista")).can_edit()


def test_new_version_goes_through_review_and_approval_and_lands_in_change_control(demo):
    page = ProcessCardPage.objects.get(code="C-AR-01")
    versions_before = [row["version"] for row in page.change_control]
    published_version = page.version
    page.version = "7"
    page.change_description = "Se actualizan las políticas de operación."
    page.save_revision(user=user("editora"))
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME

    state = workflow.start(page, user("editora"))
    review = state.current_task_state
    assert review.task.name == "Revisión"
    assert actions(review, page, "editora") == []
    assert "approve" in actions(review, page, "revisor")
    assert "approve" not in actions(review, page, "aprobador")
    review.task.specific.on_action(review, user("revisor"), "approve")

    state.refresh_from_db()
    approval = state.current_task_state
    assert approval.task.name == "Aprobación y publicación"
    assert actions(approval, page, "revisor") == []
    page.refresh_from_db()
    assert page.version == published_version  # unchanged until approval
    approval.task.specific.on_action(approval, user("aprobador"), "approve")

    page.refresh_from_db()
    assert page.live and page.version == "7"
    rows = page.change_control
    assert [row["version"] for row in rows] == versions_before + ["7"]
    assert rows[-1]["description"] == "Se actualizan las políticas de operación."


def test_rejected_review_does_not_publish(demo):
    page = ProcessCardPage.objects.get(code="C-AR-01")
    published_version = page.version
    page.version = "8"
    page.change_description = "Cambio propuesto."
    page.save_revision(user=user("editora"))
    state = page.get_workflow().start(page, user("editora"))
    review = state.current_task_state
    review.task.specific.on_action(review, user("revisor"), "reject")
    page.refresh_from_db()
    assert page.version == published_version
    assert "8" not in [row["version"] for row in page.change_control]


def test_a_new_version_needs_its_own_change_description(demo):
    page = ProcessCardPage.objects.get(code="C-GS-01")
    page.version = "7"  # description left as the one of version 6
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "change_description" in error.value.message_dict


def test_corrections_within_a_version_do_not_add_rows(demo):
    page = ProcessCardPage.objects.get(code="C-GS-01")
    rows = page.change_control
    page.objective += " (corrección de estilo)"
    page.save_revision(user=user("aprobador")).publish(user=user("aprobador"))
    assert ProcessCardPage.objects.get(pk=page.pk).change_control == rows
