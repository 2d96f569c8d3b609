// Advice and evidence from the project index: real call sites with file:line, the writes that
// already bypass a receiver, manual sends, handlers in other files, senders the project does not own.
import { describe, expect, test } from "vitest";
import { analyzeSource, type Finding } from "../../src/analysis/index.js";
import { buildProjectIndex } from "../../src/analysis/project/index.js";
import { SHOP } from "./project/shop.js";

function findingsIn(files: ReadonlyMap<string, string>, file: string): Finding[] {
  const project = buildProjectIndex(files);
  return analyzeSource(files.get(file) ?? "", { file, project }).findings;
}

function only(findings: Finding[], ruleId: string, receiver: string): Finding {
  const found = findings.filter((f) => f.ruleId === ruleId && f.receiver === receiver);
  expect(found).toHaveLength(1);
  return found[0] as Finding;
}

const shop = findingsIn(SHOP, "shop/apps.py");

describe("model-signal-receiver with the project", () => {
  const found = only(shop, "model-signal-receiver", "handlers.update_num_books");

  test("names the project's real places to call the function from, with file:line", () => {
    expect(found.fix).toContain(
      "after saving, for example from `BookForm.save()` (shop/forms.py:5), `AuthorAdmin.save_formset()` (shop/admin.py:10), `BookAdmin.save_model()` (shop/admin.py:14), `BookViewSet.perform_create()` (api/views.py:5) and `make_book()` (shop/tasks.py:20)",
    );
  });

  test("lists the writes that already skip the receiver as evidence", () => {
    expect(found.message).toContain("The project already skips it in 4 places.");
    expect(found.evidence).toEqual([
      {
        file: "shop/tasks.py",
        line: 7,
        code: "Book.objects.filter(author_id=author_id).update(stock=0)",
      },
      {
        file: "shop/tasks.py",
        line: 11,
        code: "Book.objects.bulk_create([Book(**row) for row in rows])",
      },
      { file: "shop/tasks.py", line: 13, code: "author.books.update(stock=1)" },
      {
        file: "shop/tasks.py",
        line: 15,
        code: 'cursor.execute("UPDATE shop_books SET stock = 0")',
      },
    ]);
  });

  test("tells to call the function where the project sends the signal itself", () => {
    expect(found.fix).toContain(
      "The project sends `post_save` with `imported=` (shop/tasks.py:21) itself: call `handlers.update_num_books(book)` at that place instead of sending the signal.",
    );
  });

  test("points at the handler defined in another file", () => {
    expect(found.handler).toEqual({ file: "shop/handlers.py", line: 4 });
  });

  test("the m2m_changed receiver of a through model is told the form and admin that set it", () => {
    const m2m = only(shop, "model-signal-receiver", "on_tag");
    expect(m2m.fix).toContain(
      "next to the calls that change the relation, and after the relation is set, for example from `BookForm.save()` (shop/forms.py:5) and `BookAdmin.save_related()` (shop/admin.py:14)",
    );
    expect(m2m.evidence).toBeUndefined();
  });
});

test("a body rule of a handler in another file names the statement's file and line", () => {
  const found = only(shop, "signal-recursion", "handlers.restock");
  expect(found.message).toContain("calls `instance.save()` (shop/handlers.py:12) inside");
  expect(found.line).toBe(13);
});

const BARE = new Map([
  ["blog/__init__.py", ""],
  [
    "blog/models.py",
    [
      "from django.db import models",
      "",
      "class Tag(models.Model):",
      "    name = models.CharField(max_length=20)",
      "",
      "class Post(models.Model):",
      "    tags = models.ManyToManyField(Tag)",
      "",
      "class Comment(models.Model):",
      '    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")',
      "",
    ].join("\n"),
  ],
  [
    "blog/signals.py",
    [
      "from allauth.account.models import EmailAddress",
      "from django.db.models.signals import post_delete, post_save",
      "from django.dispatch import receiver",
      "from .models import Post",
      "",
      "@receiver(post_save, sender=Post)",
      "def count(sender, instance, **kwargs):",
      "    instance.n_comments = instance.comments.count()",
      "    instance.n_tags = instance.tags.count()",
      "",
      "@receiver(post_delete, sender=Post)",
      "def forget(sender, instance, **kwargs):",
      "    cache.delete(instance.pk)",
      "",
      "@receiver(post_save, sender=EmailAddress)",
      "def on_email(sender, instance, **kwargs):",
      "    sync(instance)",
      "",
    ].join("\n"),
  ],
]);

describe("a project that saves the model nowhere it can see", () => {
  const findings = findingsIn(BARE, "blog/signals.py");

  test("says where to look instead of inventing classes, and that nothing bypasses it yet", () => {
    const found = only(findings, "model-signal-receiver", "count");
    expect(found.fix).toContain("after saving, from the code that saves a `Post`.");
    expect(found.message).toContain(
      "No code of the project writes `Post` rows without the signal yet.",
    );
    expect(`${found.fix}\n${found.example}`).not.toContain("PostForm");
    expect(found.evidence).toBeUndefined();
  });

  test("a delete receiver's example is a function, not an invented admin", () => {
    const found = only(findings, "model-signal-receiver", "forget");
    expect(found.example).toBe(
      "def delete_post(post):\n    post.delete()\n    forget(post)  # post.pk is None here",
    );
  });

  test("a reverse ForeignKey is not many-to-many; the real one is", () => {
    const reads = findings.filter((f) => f.ruleId === "m2m-read-in-save-signal");
    expect(reads.map((f) => f.message)).toEqual([
      expect.stringContaining("reads `instance.tags.count()`"),
    ]);
    expect(reads[0]?.fix).toContain("`sender=Post.tags.through`");
  });

  test("a receiver of an installed package's model is the legitimate case", () => {
    const found = only(findings, "model-signal-receiver", "on_email");
    expect(found.message).toContain(
      "`EmailAddress` is a model of `allauth`, not of this project: its forms, admin and `save()` are not the project's to change",
    );
    expect(found.fix).toContain("allauth sends `email_confirmed`");
    expect(found.fix).not.toContain("EmailAddressForm");
  });
});

test("a handler of an installed package is called, never made the project's own function", () => {
  const files = new Map([
    ["jobs/__init__.py", ""],
    [
      "jobs/models.py",
      [
        "from django.db import models",
        "from django.db.models import signals",
        "from django_celery_beat import models as beat",
        "",
        "class Job(models.Model):",
        "    name = models.CharField(max_length=20)",
        "",
        "signals.pre_save.connect(beat.PeriodicTasks.changed, sender=Job)",
        "",
      ].join("\n"),
    ],
  ]);
  const found = only(
    findingsIn(files, "jobs/models.py"),
    "model-signal-receiver",
    "beat.PeriodicTasks.changed",
  );
  expect(found.fix).toMatch(
    /^`beat\.PeriodicTasks\.changed` belongs to `django_celery_beat`, not to the project: call it \(with the arguments it takes\) explicitly where it must happen: before saving, from the code that saves a `Job`\./,
  );
});

describe("what the project's code really does", () => {
  const models = `from django.db import models


class Author(models.Model):
    num_books = models.IntegerField(default=0)


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
`;
  const signals = `from django.db.models import Count
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Author, Book


@receiver(post_save, sender=Book)
def update_num_books(sender, instance, **kwargs):
    Book.objects.filter(pk=instance.pk).update(title=instance.title.strip())
    author = instance.author
    author.num_books = author.book_set.count()
    author.save()
`;
  const elsewhere = `from .models import Book


class Cart:
    def merge(self, other):
        self.books.update(other.books)


def archive(author):
    Book.objects.filter(author=author).update(title="")
`;
  const views = `from django.views.generic import CreateView, DetailView
from rest_framework import viewsets

from .models import Book


class BookDetail(DetailView):
    model = Book


class BookCreate(CreateView):
    model = Book


class BookReadOnly(viewsets.ReadOnlyModelViewSet):
    queryset = Book.objects.all()


class BookActions(viewsets.GenericViewSet):
    queryset = Book.objects.all()
`;
  const files = new Map([
    ["shop/__init__.py", ""],
    ["shop/models.py", models],
    ["shop/signals.py", signals],
    ["shop/cart.py", elsewhere],
    ["shop/views.py", views],
  ]);
  const found = findingsIn(files, "shop/signals.py");

  test("the receiver's own update() and a dict's update() are not evidence of a bypass", () => {
    const receiver = only(found, "model-signal-receiver", "update_num_books");
    expect(receiver.evidence).toEqual([
      {
        file: "shop/cart.py",
        line: 10,
        code: 'Book.objects.filter(author=author).update(title="")',
      },
    ]);
  });

  test("views that never save are not places to call it from", () => {
    const { fix } = only(found, "model-signal-receiver", "update_num_books");
    expect(fix).toContain("`BookCreate.form_valid()` (shop/views.py:11)");
    expect(fix).not.toContain("BookDetail");
    expect(fix).not.toContain("BookReadOnly");
    // A GenericViewSet has only the actions it defines itself: no perform_create() to extend.
    expect(fix).not.toContain("BookActions");
  });

  test("the suggested annotate() uses the relation's query name, not its accessor", () => {
    const { fix } = only(found, "denormalized-aggregate", "update_num_books");
    expect(fix).toContain('Author.objects.annotate(num_books=Count("book"))');
  });
});
