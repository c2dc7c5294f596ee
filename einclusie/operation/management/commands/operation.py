"""einclusie operation load: load (or update) the self-assessment framework shipped with the product."""

from django.core.management.base import BaseCommand

from einclusie.operation import services


class Command(BaseCommand):
    help = "Load the self-assessment framework of the local operation (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])
        parser.add_argument("--file", default=str(services.FRAMEWORK_FILE), help="a framework JSON file")

    def handle(self, *args, **options):
        framework = services.framework_load(options["file"])
        questions = sum(block.questions.count() for block in framework.blocks.all())
        self.stdout.write(f"framework {framework.code}: {framework.blocks.count()} blocks, {questions} statements")
