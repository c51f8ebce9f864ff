"""Background work of citizen services, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task


@task()
def deliver_notice(notice_id: int) -> str:
    from citizens.services import notices

    return notices.deliver(notice_id)
