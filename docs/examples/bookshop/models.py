# The example behind docs/examples/*.md and the README: a small bookshop whose pull request adds
# a signal receiver that keeps a count on the author. `npm run docs:examples` renders what the
# app posts about it, reading the rest of the bookshop beside it (its form, admin and tasks).
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver


class Author(models.Model):
    name = models.CharField(max_length=200)
    num_books = models.PositiveIntegerField(default=0)


class Book(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")


@receiver(post_save, sender=Book)
def update_num_books(sender, instance, created, **kwargs):
    if created:
        author = instance.author
        author.num_books = author.books.count()
        author.save()
