"""Fill the database with synthetic records for performance work (see ``core.generate``)."""

from django.core.management.base import BaseCommand, CommandError

from core.generate import PER_SCALE, Generator


class Command(BaseCommand):
    help = (
        "Generate synthetic records: --scale 1 is about one city over ten years "
        "(4,000 delegations), --scale 250 about the whole country. Deterministic for a seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = one city-decade.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same rows.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, scale, seed, no_progress, **options):
        if scale <= 0:
            raise CommandError("--scale must be greater than zero.")
        sizes = ", ".join(f"{what} {round(n * scale):,}" for what, n in PER_SCALE.items())
        self.stdout.write(f"Generating scale {scale:g}, seed {seed}: {sizes}")
        generator = Generator(scale, seed, progress=not no_progress, stream=self.stderr)
        rows = generator.run()
        total = sum(rows.values())
        for label, count in sorted(rows.items()):
            self.stdout.write(f"  {label:<40} {count:>10,}")
        rate = total / max(generator.seconds, 1e-6)
        self.stdout.write(
            self.style.SUCCESS(
                f"{total:,} rows in {generator.seconds:,.1f} s: {rate:,.0f} rows per second."
            )
        )
