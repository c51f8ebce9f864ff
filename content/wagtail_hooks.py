"""The editorial workflow as its users meet it in the Wagtail admin.

- While a page is in the review-and-approval workflow, nobody sees a plain «Publicar»:
  for an approver it would publish and silently cancel the workflow. The approver's path
  is the workflow's own «Aprobar y publicar».
- A workflow action sent from a page that has moved on (approved, rejected or cancelled
  by someone else, or a form sent twice) does nothing and says so, instead of saving the
  stale form as a draft or failing.
- After «Aprobar y publicar» the message says the page was approved and published.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks

WORKFLOW_ACTION = "action-workflow-action"


def _in_workflow(page) -> bool:
    state = getattr(page, "current_workflow_state", None)
    return state is not None and state.current_task_state is not None


@hooks.register("construct_page_action_menu")
def only_the_workflow_publishes(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.pk and _in_workflow(page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_edit_page")
def refuse_a_stale_workflow_action(request, page):
    if request.method != "POST" or not request.POST.get(WORKFLOW_ACTION):
        return None
    task = page.current_workflow_task
    wanted = request.POST.get("workflow-action-name")
    available = [name for name, *_ in task.get_actions(page, request.user)] if task else []
    if wanted in available:
        request._convive_workflow_action = wanted
        return None
    messages.warning(request, (
        f"No se hizo nada: la página «{page.get_admin_display_title()}» ya no está en la etapa "
        "en la que usted la abrió (otra persona la aprobó, la rechazó o canceló el flujo, o el "
        "formulario se envió dos veces). Revise su estado actual."))
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


@hooks.register("after_edit_page")
def say_what_the_approval_did(request, page):
    if getattr(request, "_convive_workflow_action", None) != "approve":
        return None
    page.refresh_from_db()
    if page.live and not page.has_unpublished_changes:
        # Wagtail has just queued its generic «ha sido actualizada»; this one replaces it
        # (the storage API offers no removal, hence its queue).
        storage = messages.get_messages(request)
        storage._queued_messages = [m for m in storage._queued_messages
                                    if "actualizad" not in str(m.message)]
        messages.success(request, f"«{page.get_admin_display_title()}» quedó aprobada y "
                                  "publicada en el portal.")
    return None
