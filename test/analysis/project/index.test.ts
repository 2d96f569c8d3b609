import { describe, expect, it } from "vitest";
import {
  analyzeSource,
  buildProjectIndex,
  bypassWritesOf,
  EMPTY_PROJECT,
  fieldsOf,
  handlerOf,
  manualSendsOf,
  modelByLabel,
  projectIndexBytes,
  resolveSender,
  reverseRelationsOf,
  saveSitesOf,
  updateProjectIndex,
  type ModelFacts,
} from "../../../src/analysis/index.js";
import { SHOP } from "./shop.js";

const project = buildProjectIndex(SHOP);

function model(label: string): ModelFacts {
  const found = modelByLabel(project, label);
  if (!found) throw new Error(`no model ${label}`);
  return found;
}

describe("models and senders", () => {
  it("knows the project's models with their app labels, tables and inherited fields", () => {
    const book = model("shop.Book");
    expect(book).toMatchObject({
      qualifiedName: "shop.models.Book",
      appLabel: "shop",
      own: true,
      abstract: false,
      table: "shop_books",
      location: { file: "shop/models.py", line: 18 },
    });
    expect(fieldsOf(project, book).map((field) => `${field.name}:${field.kind}`)).toEqual([
      "author:ForeignKey",
      "tags:ManyToManyField",
      "stock:IntegerField",
      "created_at:DateTimeField",
    ]);
    expect(book.managers).toEqual([{ name: "objects", className: "BookManager", line: 25 }]);
    expect(model("shop.Timestamped").abstract).toBe(true);
  });

  it("resolves senders however they are written", () => {
    const qualified = (path: string, sender: string) =>
      resolveSender(project, path, sender)?.model.qualifiedName;
    // imported inside ready(): an import in a function binds the name there, and counts
    expect(qualified("shop/apps.py", "Book")).toBe("shop.models.Book");
    expect(qualified("shop/tasks.py", "Book")).toBe("shop.models.Book");
    expect(qualified("api/views.py", "shop_models.Book")).toBe("shop.models.Book");
    expect(qualified("shop/tasks.py", "shop.Book")).toBe("shop.models.Book");
    expect(qualified("shop/tasks.py", 'apps.get_model("shop", "Book")')).toBe("shop.models.Book");
    expect(qualified("shop/tasks.py", "get_user_model()")).toBe("accounts.models.User");
    expect(qualified("shop/models.py", "settings.AUTH_USER_MODEL")).toBe("accounts.models.User");
    const through = resolveSender(project, "shop/tasks.py", "Book.tags.through");
    expect(through?.model.name).toBe("Book");
    expect(through?.through).toMatchObject({ field: { name: "tags" }, explicit: null });
    const imported = resolveSender(project, "accounts/models.py", "AbstractUser");
    expect(imported?.model).toMatchObject({ own: false, appLabel: "auth" });
  });

  it("knows the relations that point at a model", () => {
    const accessors = (label: string) =>
      reverseRelationsOf(project, model(label)).map(
        (relation) => `${relation.accessor}<-${relation.from.name}.${relation.field.name}`,
      );
    expect(accessors("shop.Author")).toEqual(["books<-Book.author"]);
    expect(accessors("catalog.Tag")).toEqual(["books<-Book.tags"]);
    expect(accessors("accounts.User")).toEqual(["author<-Author.user"]);
  });
});

describe("handlers, save sites, bypassing writes and sends", () => {
  it("finds a handler in another module, with its body facts", () => {
    const handler = handlerOf(project, "shop/apps.py", "handlers.update_num_books", 12);
    expect(handler).toMatchObject({ file: "shop/handlers.py", line: 4, name: "update_num_books" });
    expect(handler?.body?.methodCalls.map((call) => `${call.object}.${call.method}`)).toEqual([
      "author.books.count",
      "author.save",
    ]);
    // through a package's `from .receivers import *`
    expect(handlerOf(project, "shop/apps.py", "on_tag", 14)).toMatchObject({
      file: "shop/signals/receivers.py",
      line: 1,
    });
  });

  it("lists where a model is saved on purpose", () => {
    const sites = saveSitesOf(project, model("shop.Book")).map(
      (site) => `${site.kind} ${site.owner}.${site.method ?? ""} ${site.file}:${site.line}`,
    );
    expect(sites).toEqual([
      "form BookForm.save shop/forms.py:5",
      "inline AuthorAdmin.save_formset shop/admin.py:10",
      "admin BookAdmin.save_model shop/admin.py:14",
      "viewset BookViewSet.perform_create api/views.py:5",
      "function make_book. shop/tasks.py:20",
    ]);
  });

  it("lists the writes that skip a model's signals, with their code", () => {
    const writes = bypassWritesOf(project, model("shop.Book")).map(
      (write) => `${write.kind} ${write.file}:${write.line} ${write.code}`,
    );
    expect(writes).toEqual([
      "update shop/tasks.py:7 Book.objects.filter(author_id=author_id).update(stock=0)",
      "bulk_create shop/tasks.py:11 Book.objects.bulk_create([Book(**row) for row in rows])",
      "related update shop/tasks.py:13 author.books.update(stock=1)",
      'raw sql shop/tasks.py:15 cursor.execute("UPDATE shop_books SET stock = 0")',
    ]);
  });

  it("lists manual sends with their extra keywords", () => {
    expect(manualSendsOf(project, model("shop.Book"))).toEqual([
      {
        signal: "post_save",
        keywords: ["instance", "created", "imported"],
        file: "shop/tasks.py",
        line: 21,
        code: "post_save.send(sender=Book, instance=book, created=True, imported=True)",
        enclosing: "make_book",
      },
    ]);
  });
});

describe("analysis with a project", () => {
  it("reads a handler's body where it is defined and says where that is", () => {
    const source = SHOP.get("shop/apps.py") ?? "";
    const alone = analyzeSource(source, { file: "shop/apps.py" });
    const withProject = analyzeSource(source, { file: "shop/apps.py", project });
    expect(alone.findings.map((f) => f.ruleId)).not.toContain("signal-recursion");
    const recursion = withProject.findings.filter((f) => f.ruleId === "signal-recursion");
    expect(recursion.map((f) => [f.receiver, f.line, f.handler])).toEqual([
      ["handlers.restock", 13, { file: "shop/handlers.py", line: 10 }],
    ]);
    expect(withProject.receivers[1]).toMatchObject({
      senderModel: "shop.models.Book",
      handler: { file: "shop/handlers.py", line: 10, name: "restock" },
    });
  });

  it("gives the same result as per file with EMPTY_PROJECT", () => {
    const source = SHOP.get("shop/apps.py") ?? "";
    expect(analyzeSource(source, { file: "shop/apps.py", project: EMPTY_PROJECT })).toEqual(
      analyzeSource(source, { file: "shop/apps.py" }),
    );
  });
});

describe("updating", () => {
  it("re-reads only the changed files and leaves the base index as it was", () => {
    const before = project.modules.get("shop/forms.py");
    const updated = updateProjectIndex(
      project,
      new Map([
        ["shop/handlers.py", "def restock(sender, **kwargs):\n    pass\n"],
        ["shop/tasks.py", null],
      ]),
    );
    expect(updated.modules.get("shop/forms.py")).toBe(before);
    expect(updated.modules.has("shop/tasks.py")).toBe(false);
    expect(project.modules.has("shop/tasks.py")).toBe(true);
    expect(bypassWritesOf(updated, model("shop.Book"))).toEqual([]);
    expect(bypassWritesOf(project, model("shop.Book"))).toHaveLength(4);
    expect(projectIndexBytes(updated)).toBeLessThan(projectIndexBytes(project));
  });
});

describe("the user model", () => {
  const user = (settings: string, appsPy?: string) => {
    const files = new Map([
      ["config/settings.py", settings],
      ["forum/__init__.py", ""],
      [
        "forum/models.py",
        "from django.contrib.auth.models import AbstractUser\n\n\nclass User(AbstractUser):\n    pass\n",
      ],
    ]);
    if (appsPy !== undefined) files.set("forum/apps.py", appsPy);
    return resolveSender(buildProjectIndex(files), "forum/models.py", "get_user_model()");
  };

  it("is found under the label its AppConfig sets (Misago's misago_users.User)", () => {
    const apps =
      'from django.apps import AppConfig\n\n\nclass ForumConfig(AppConfig):\n    name = "forum"\n    label = "forum_users"\n';
    const found = user('AUTH_USER_MODEL = "forum_users.User"\n', apps);
    expect(found?.model.qualifiedName).toBe("forum.models.User");
    expect(found?.model.own).toBe(true);
  });

  it("is unknown, never Django's auth.User, when the settings name one the index cannot find", () => {
    expect(user('AUTH_USER_MODEL = "elsewhere.User"\n')).toBeNull();
  });

  it("is Django's auth.User when the settings name none", () => {
    expect(user("DEBUG = True\n")?.model.qualifiedName).toBe("django.contrib.auth.models.User");
  });
});
