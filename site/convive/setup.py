"""What a deploy needs in its database before anyone can work: the portal's root,
the roles with their permissions and the editorial workflow.

Project level on purpose: it composes what each app owns (content, records,
citizens, redaction) without any app importing another app's setup or demo.
Idempotent: every step reads before it writes, so a rerun changes nothing and
leaves no audit entry. ``load_demo`` runs this first and only adds demo data.
"""

from django.db import transaction

from citizens import roles as citizen_roles
from content import roles as editorial_roles
from content.site import ensure_home
from records import roles as staff_roles
from redaction import roles as redaction_roles


@transaction.atomic
def setup_roles():
    """Create or repair the site root, every group and the workflow; return the home page."""
    home = ensure_home()
    groups = editorial_roles.ensure_editorial_groups(home)
    editorial_roles.ensure_editorial_workflow(home, groups)
    staff_roles.ensure_staff_groups()
    citizen_roles.ensure_citizen_groups()
    redaction_roles.ensure_redaction_permissions()
    return home
