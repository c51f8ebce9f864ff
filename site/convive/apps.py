from django.apps import AppConfig


class ConviveConfig(AppConfig):
    """Project level: deploy commands, metrics of background tasks."""

    name = "convive"
    verbose_name = "Convive"

    def ready(self):
        from django_tasks.signals import task_finished

        from convive import mail, metrics

        task_finished.connect(metrics.task_finished, dispatch_uid="convive-task-metrics")
        task_finished.connect(mail.forget_sent_message, dispatch_uid="convive-forget-mail")
