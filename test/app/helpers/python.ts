// Python modules of a small Django project ("library": books and authors), built per test.

export const IMPORTS = `from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Author, Book
`;

export interface ReceiverSpec {
  handler: string;
  sender: string;
}

export function receiverSource({ handler, sender }: ReceiverSpec): string {
  return `

@receiver(post_save, sender=${sender})
def ${handler}(sender, instance, created, **kwargs):
    instance.author.touch()
`;
}

/** A signals module with these receivers, each registered by a one-line decorator. */
export function signalsModule(receivers: readonly ReceiverSpec[]): string {
  return IMPORTS + receivers.map(receiverSource).join("");
}

/** The article's example: a receiver that keeps a denormalized count. */
export const UPDATE_NUM_BOOKS = `${IMPORTS}

@receiver(post_save, sender=Book)
def update_num_books(sender, instance, created, **kwargs):
    author = instance.author
    author.num_books = author.books.count()
    author.save()
`;

/** Ordinary code with no signal in it. */
export function plainModule(name: string, extra = ""): string {
  return `def ${name}(value):
    return value + 1
${extra}`;
}
