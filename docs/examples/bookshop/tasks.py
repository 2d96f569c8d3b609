from .models import Book


def import_books(author, titles):
    Book.objects.bulk_create([Book(author=author, title=title) for title in titles])


def move_books(from_author, to_author):
    Book.objects.filter(author=from_author).update(author=to_author)
