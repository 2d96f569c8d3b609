// Real findings from the engine, for the reporters to render.
import { analyzeSource } from "../../src/analysis/index.js";
import type { Finding } from "../../src/analysis/index.js";

const SOURCE = `from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import Book


@receiver(post_save, sender=Book)
def update_author_stats(sender, instance, **kwargs):
    pass


def check_title(sender, instance, **kwargs):
    raise ValueError("no title")


pre_save.connect(check_title)
`;

export function sampleFindings(file = "shop/signals.py"): Finding[] {
  const { findings } = analyzeSource(SOURCE, { file });
  if (findings.length < 3) throw new Error("the sample should produce several findings");
  return findings;
}

/** The first finding of the sample. */
export function sampleFinding(file?: string): Finding {
  const [first] = sampleFindings(file);
  if (!first) throw new Error("no sample finding");
  return first;
}

/** `items[index]`, failing the test when it is missing. */
export function itemAt<T>(items: readonly T[] | undefined, index: number): T {
  const item = items?.[index];
  if (item === undefined) throw new Error(`no item at ${index}`);
  return item;
}
