"""Editorial roles: who drafts, who reviews, who approves and publishes.

Mirrors the seeds' formalization block (elaboró / revisó / aprobó).
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

DRAFTERS = "Redactores"
REVIEWERS = "Revisores"
APPROVERS = "Aprobadores"

# Wagtail page permissions per group, granted on the whole portal tree.
PAGE_PERMISSIONS = {
    DRAFTERS: ["add_page", "change_page"],
    REVIEWERS: ["add_page", "change_page", "lock_page"],
    APPROVERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Model permissions every editorial group needs to use /cms/.
COMMON_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


def ensure_editorial_groups(root: Page) -> dict[str, Group]:
    groups = {}
    for name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in COMMON_PERMISSIONS:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission
            )
        groups[name] = group
    return groups


WORKFLOW_NAME = "Elaboró, revisó y aprobó"
# (task name, group that acts on it), in order.
WORKFLOW_TASKS = [("Revisión", REVIEWERS), ("Aprobación y publicación", APPROVERS)]


def ensure_editorial_workflow(root: Page, groups: dict[str, Group]) -> Workflow:
    """Drafted by an editor, reviewed, then approved and published.

    The workflow is attached to the portal root, so it governs every page;
    completing the last task publishes the revision.
    """
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    for order, (task_name, group_name) in enumerate(WORKFLOW_TASKS):
        task, _ = GroupApprovalTask.objects.get_or_create(name=task_name)
        task.groups.set([groups[group_name]])
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task.task_ptr, defaults={"sort_order": order}
        )
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return workflow
