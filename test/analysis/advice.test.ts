// The advice in messages, fixes and examples, per kind of signal and per way of naming the sender.
import { describe, expect, test } from "vitest";
import { analyzeSource, type Finding, type RuleId } from "../../src/analysis/index.js";

const IMPORTS = [
  "from django.conf import settings",
  "from django.contrib.auth import get_user_model",
  "from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save",
  "from django.dispatch import receiver",
  "",
];

/** The findings of one receiver with `body`, registered by `decorator`. */
function findingsOf(decorator: string, body: string[] = ["    pass"]): Finding[] {
  const source = [...IMPORTS, decorator, "def handler(sender, instance, **kwargs):", ...body];
  return analyzeSource(source.join("\n"), { file: "signals.py" }).findings;
}

function finding(findings: Finding[], ruleId: RuleId): Finding {
  const found = findings.find((candidate) => candidate.ruleId === ruleId);
  if (!found) throw new Error(`no ${ruleId} among ${findings.map((f) => f.ruleId).join(", ")}`);
  return found;
}

describe("the sender's model in advice", () => {
  test.each([
    ["settings.AUTH_USER_MODEL", "`post_save` of `User` (`settings.AUTH_USER_MODEL`)"],
    ["get_user_model()", "`post_save` of `User` (`get_user_model()`)"],
    ['"auth.User"', "`post_save` of `User`:"],
    ['"auth.user"', "`post_save` of `User` (`auth.user`)"],
    ['"auth.USER"', "`post_save` of `User` (`auth.USER`)"],
    ['"shop.Book"', "`post_save` of `Book`:"],
  ])("sender=%s keeps the sender as written and names the model", (sender, registration) => {
    const found = finding(
      findingsOf(`@receiver(post_save, sender=${sender})`),
      "model-signal-receiver",
    );
    const model = registration.includes("`Book`") ? "Book" : "User";
    expect(found.sender).toBe(sender.replaceAll('"', ""));
    expect(found.message).toContain(registration);
    expect(found.message).toContain(`\`${model}.objects.bulk_create(...)\``);
    expect(found.fix).toContain(
      `an ordinary function of the \`${model}\` and call \`handler(${model.toLowerCase()})\``,
    );
    expect(found.fix).toContain(`\`${model}Form.save()\` / \`${model}Admin.save_model()\``);
    expect(found.example).toContain(`class ${model}Form(forms.ModelForm):`);
    expect(`${found.message} ${found.fix} ${found.example}`).not.toMatch(
      /AUTH_USER_MODEL(Form|Admin|\.objects)|get_user_model\(\)(Form|\.objects)/,
    );
  });

  test.each([`r"shop.Book"`, `u'shop.Book'`, `"""shop.Book"""`])(
    "sender=%s: a string's contents, whatever its quotes and prefix",
    (sender) => {
      const [found] = findingsOf(`@receiver(post_save, sender=${sender})`);
      expect(found?.sender).toBe("shop.Book");
      expect(found?.message).toContain("`post_save` of `Book`:");
    },
  );

  // Django's own ImageField connects `post_init` with `sender=cls` in `contribute_to_class()`.
  test.each(["cls", "self.model", "sender"])(
    "sender=%s is a variable: named as the sender, never used as a model class",
    (sender) => {
      const found = finding(
        findingsOf(`@receiver(post_save, sender=${sender})`),
        "model-signal-receiver",
      );
      expect(found.sender).toBe(sender);
      expect(found.message).toContain(`\`post_save\` (sender \`${sender}\`):`);
      expect(found.message).toContain("`bulk_create()`");
      expect(found.fix).toContain(
        "Make `handler` an ordinary function of the instance and call `handler(instance)`",
      );
      const variable = sender.split(".").pop() ?? sender;
      expect(`${found.message} ${found.fix} ${found.example}`).not.toMatch(
        new RegExp(`\\b${variable}(Form|Admin|\\.objects)|every \`${variable}\``),
      );
    },
  );
  test("post_init with sender=cls speaks of model instances in prose", () => {
    const source = [
      "from django.db.models import signals",
      "class ImageField:",
      "    def contribute_to_class(self, cls, name):",
      "        signals.post_init.connect(self.update_dimension_fields, sender=cls)",
      "    def update_dimension_fields(self, instance, force=False, **kwargs):",
      "        pass",
    ].join("\n");
    const [found] = analyzeSource(source, { file: "files.py" }).findings;
    expect(found?.message).toBe(
      "`self.update_dimension_fields` runs on `post_init` (sender `cls`): every model instance a query loads pays for it, and reads with `.values()`/`.values_list()` and queries through `connection.cursor()` skip it. It runs hidden inside the model's `__init__()`, where readers of the calling code never see it.",
    );
  });
});

describe("the receiver as messages name it", () => {
  const registered = (connect: string) =>
    analyzeSource([...IMPORTS, connect].join("\n"), { file: "apps.py" }).findings;

  test("a lambda is the lambda, not a made-up function name", () => {
    const [found] = registered(
      "post_save.connect(lambda sender, **kw: cache.clear(), sender=Book, weak=False)",
    );
    expect(found?.message).toMatch(/^The lambda runs on `post_save` of `Book`/);
    expect(found?.fix).toContain(
      "Move the lambda's body into a function and call `book_post_save(book)`",
    );
  });

  test("a method keeps its object as written", () => {
    const [found] = registered(
      "class C:\n    def ready(self):\n        post_save.connect(self.model.on_save, sender=Book)",
    );
    expect(found?.message).toMatch(/^`self\.model\.on_save` runs on/);
    expect(found?.fix).toContain("call `self.model.on_save(book)`");
  });

  // A history manager connects `self.post_save`: stripping `self.` would read as the signal.
  test("a method named like a signal keeps its object in the advice", () => {
    const [found] = registered(
      "class History:\n    def finalize(self, sender):\n        post_save.connect(self.post_save, sender=sender)",
    );
    expect(found?.fix).toContain("call `self.post_save(instance)`");
  });
});

describe("through models as senders", () => {
  // nautobot: `@receiver(post_save, sender=CustomField.content_types.through)`
  test("save signals of a through model are about its rows, not the owning model", () => {
    const found = finding(
      findingsOf("@receiver(post_save, sender=CustomField.content_types.through)"),
      "model-signal-receiver",
    );
    expect(found.message).toContain("`post_save` (sender `CustomField.content_types.through`)");
    expect(`${found.message} ${found.fix}`).not.toMatch(/CustomField(Form|Admin|\.objects)/);
  });

  // openwisp: `sender=self.config_model.templates.through`
  test("m2m_changed of a variable's relation names no model", () => {
    const found = finding(
      findingsOf("@receiver(m2m_changed, sender=self.config_model.templates.through)"),
      "model-signal-receiver",
    );
    expect(found.message).toContain("(sender `self.config_model.templates.through`)");
    expect(`${found.message} ${found.fix}`).not.toMatch(/config_modelAdmin|`config_model\./);
  });

  test("m2m_changed without a sender names Django's own relations", () => {
    const found = finding(findingsOf("@receiver(m2m_changed)"), "receiver-without-sender");
    expect(found.message).toContain(
      "including Django's own (`User.groups`, `User.user_permissions`, `Group.permissions`)",
    );
  });
});

describe("save signals", () => {
  test("pre_save: the handler runs before the form's save writes the row", () => {
    const found = finding(
      findingsOf("@receiver(pre_save, sender=IPAddress)"),
      "model-signal-receiver",
    );
    expect(found.fix).toContain(
      "Make `handler` an ordinary function of the `IPAddress` and call `handler(ip_address)` explicitly where it must happen: from `IPAddressForm.save()` / `IPAddressAdmin.save_model()` or the view, before saving.",
    );
    expect(found.example).toBe(
      [
        "class IPAddressForm(forms.ModelForm):",
        "    def save(self, commit=True):",
        "        ip_address = super().save(commit=False)",
        "        handler(ip_address)",
        "        if commit:",
        "            ip_address.save()",
        "            self.save_m2m()",
        "        return ip_address",
      ].join("\n"),
    );
  });

  test("post_save: after saving", () => {
    const found = finding(
      findingsOf("@receiver(post_save, sender=VMInterface)"),
      "model-signal-receiver",
    );
    expect(found.fix).toContain("call `handler(vm_interface)`");
    expect(found.fix).toContain("or the view, after saving.");
    expect(found.example).toContain("        vm_interface = super().save(commit=commit)");
  });

  // wger creates a GymConfig only `if created`: the explicit call must still tell it.
  test("post_save with `created`: the explicit call passes whether the row was created", () => {
    const source = [
      ...IMPORTS,
      "@receiver(post_save, sender=Gym)",
      "def gym_config(sender, instance, created, **kwargs):",
      "    if created:",
      "        GymConfig.objects.create(gym=instance)",
    ].join("\n");
    const found = finding(
      analyzeSource(source, { file: "signals.py" }).findings,
      "model-signal-receiver",
    );
    expect(found.fix).toMatch(
      /^Make `gym_config` an ordinary function of the `Gym` and `created` and call `gym_config\(gym, created=created\)` explicitly/,
    );
    expect(found.example).toBe(
      [
        "class GymForm(forms.ModelForm):",
        "    def save(self, commit=True):",
        "        created = self.instance._state.adding",
        "        gym = super().save(commit=commit)",
        "        if commit:",
        "            gym_config(gym, created=created)",
        "        return gym",
      ].join("\n"),
    );
  });

  test("without a sender, pre_save's example calls the handler before saving", () => {
    const found = finding(findingsOf("@receiver(pre_save)"), "receiver-without-sender");
    expect(found.example).toBe("def save_book(book):\n    handler(book)\n    book.save()");
  });

  test("without a sender, save and delete signals are both spoken of", () => {
    const found = finding(
      findingsOf("@receiver([post_save, pre_delete])"),
      "receiver-without-sender",
    );
    expect(found.message).toContain("slows down each of those writes and deletes");
    expect(found.fix).toContain("from the code that saves or deletes the models");
  });
});

describe("delete signals", () => {
  test.each([
    ["post_delete", "after deleting"],
    ["pre_delete", "before deleting"],
  ])(
    "%s: call sites are the deleting view and the admin's deletes, not saving code",
    (signal, when) => {
      const found = finding(
        findingsOf(`@receiver(${signal}, sender=Category)`),
        "model-signal-receiver",
      );
      expect(found.fix).toContain(`${when}, from the view that deletes the \`Category\``);
      expect(found.fix).toContain("`CategoryAdmin.delete_model()`");
      expect(found.fix).toContain("`CategoryAdmin.delete_queryset()`");
      // QuerySet.delete() does send pre_delete/post_delete, per row; only database cascades do not.
      expect(found.fix).toContain("`QuerySet.delete()` sends the signal for every row it deletes");
      expect(found.message).toContain(
        "cascades done by the database itself (SQL `ON DELETE CASCADE`)",
      );
      expect(`${found.message} ${found.fix}`).not.toMatch(/bulk_create|Form\.save\(\)|save_model/);
      expect(found.message).toContain("`delete()` (of the instance or of a `QuerySet`)");
    },
  );

  test("the example calls the handler after the admin deletes for post_delete, before for pre_delete", () => {
    const lines = (signal: string) =>
      finding(findingsOf(`@receiver(${signal}, sender=Category)`), "model-signal-receiver")
        .example.split("\n")
        .map((line) => line.trim());
    const post = lines("post_delete");
    // After `delete()`, Django has set `obj.pk` to None: the example says so where it calls.
    expect(
      post.indexOf("handler(obj)  # obj.pk is None here: keep what it needs before deleting"),
    ).toBe(post.indexOf("super().delete_model(request, obj)") + 1);
    expect(post.indexOf("super().delete_queryset(request, queryset)")).toBeLessThan(
      post.indexOf("handler(category)"),
    );
    const pre = lines("pre_delete");
    expect(pre.indexOf("handler(obj)")).toBe(pre.indexOf("super().delete_model(request, obj)") - 1);
    expect(pre.indexOf("handler(category)")).toBeLessThan(
      pre.indexOf("super().delete_queryset(request, queryset)"),
    );
  });

  test("a receiver of save and delete signals gets both call sites", () => {
    const found = finding(
      findingsOf("@receiver([post_save, post_delete], sender=Category)"),
      "model-signal-receiver",
    );
    expect(found.fix).toContain("`CategoryForm.save()` / `CategoryAdmin.save_model()`");
    expect(found.fix).toContain("`CategoryAdmin.delete_model()`");
  });

  test("without a sender, the advice speaks of deleting", () => {
    const found = finding(findingsOf("@receiver(post_delete)"), "receiver-without-sender");
    expect(found.message).toContain("slows down each of those deletes");
    expect(found.fix).toContain("from the code that deletes the models");
    expect(found.example).toBe("def delete_book(book):\n    book.delete()\n    handler(book)");
  });

  test("a stored count recomputed on delete lists what skips delete signals", () => {
    const found = finding(
      findingsOf("@receiver(post_delete, sender=Book)", [
        "    author = instance.author",
        "    author.num_books = author.books.count()",
        "    author.save()",
      ]),
      "denormalized-aggregate",
    );
    expect(found.message).toContain("(database-level cascades, raw SQL)");
    expect(found.message).not.toContain("bulk_create");
  });
});

describe("denormalized-aggregate counts what the code counts", () => {
  const fixOf = (value: string) =>
    finding(
      findingsOf("@receiver(post_save, sender=Annotation)", [
        `    instance.task.cancelled = ${value}`,
        "    instance.task.save()",
      ]),
      "denormalized-aggregate",
    ).fix;

  // label-studio stores the count of cancelled annotations on the task.
  test.each([
    [
      "instance.task.annotations.all().filter(was_cancelled=True).count()",
      'Task.objects.annotate(cancelled=Count("annotations", filter=Q(annotations__was_cancelled=True)))',
    ],
    [
      "instance.task.annotations.exclude(state='done', ground_truth=False).count()",
      "Task.objects.annotate(cancelled=Count(\"annotations\", filter=~Q(annotations__state='done', annotations__ground_truth=False)))",
    ],
    [
      "instance.task.annotations.filter(Q(a=1) | Q(b=2)).filter(c=3).count()",
      'Task.objects.annotate(cancelled=Count("annotations", filter=Q(...) & Q(annotations__c=3)))',
    ],
    ["instance.task.annotations.count()", 'Task.objects.annotate(cancelled=Count("annotations"))'],
  ])("%s", (value, annotation) => {
    expect(fixOf(value)).toBe(
      `Drop the \`cancelled\` field and compute it when reading: \`${annotation}\`.`,
    );
  });
});

describe("denormalized-aggregate written with update()", () => {
  test("an aggregate computed in Python: the manager's model, the aggregate's field", () => {
    const found = finding(
      findingsOf("@receiver(post_save, sender=VirtualDisk)", [
        "    vm = instance.virtual_machine",
        "    VirtualMachine.objects.filter(pk=vm.pk).update(",
        '        disk=vm.virtualdisks.aggregate(Sum("size"))["size__sum"]',
        "    )",
      ]),
      "denormalized-aggregate",
    );
    expect(found.message).toContain("stores an aggregate in `VirtualMachine.disk`");
    expect(found.message).toContain("concurrent saves overwrite each other's results");
    expect(found.fix).toBe(
      'Drop the `disk` field and compute it when reading: `VirtualMachine.objects.annotate(disk=Sum("virtual_disks__size"))`.',
    );
  });

  test("an F() counter is atomic: no race is claimed", () => {
    const found = finding(
      findingsOf("@receiver(post_save, sender=Book)", [
        '    Author.objects.filter(pk=instance.author_id).update(num_books=F("num_books") + 1)',
      ]),
      "denormalized-aggregate",
    );
    expect(found.message).toContain("stores a count in `Author.num_books`");
    expect(found.message).not.toContain("concurrent");
    expect(found.fix).toContain('`Author.objects.annotate(num_books=Count("books"))`');
  });

  test("an aggregate's name in a comment is not read as the aggregate", () => {
    const found = finding(
      findingsOf("@receiver(post_save, sender=Book)", [
        "    Author.objects.filter(pk=1).update(num_books=len(  # Sum('a')",
        "        instance.books.all()))",
      ]),
      "denormalized-aggregate",
    );
    expect(found.fix).toContain('annotate(num_books=Count("books"))');
  });
});

describe("m2m_changed", () => {
  const findings = findingsOf("@receiver(m2m_changed, sender=Article.tags.through)", [
    "    raise ValueError(instance)",
  ]);

  test("names the model and the relation, not `through`", () => {
    const found = finding(findings, "model-signal-receiver");
    expect(found.message).toContain("`m2m_changed` of `Article.tags`");
    expect(found.message).toContain("writes through `Article.tags.through`");
    expect(found.message).not.toContain("Note that");
    expect(found.message).toContain("`article.tags.add()`/`remove()`/`set()`/`clear()`");
  });

  test("advises the .add()/.remove()/.set()/.clear() call sites and the form's m2m save", () => {
    const found = finding(findings, "model-signal-receiver");
    expect(found.fix).toContain("`article.tags.add()` / `.remove()` / `.set()` / `.clear()` calls");
    expect(found.fix).toContain("`form.save_m2m()`");
    expect(found.fix).toContain("`ArticleAdmin.save_related()`");
    expect(`${found.fix} ${found.example}`).not.toMatch(/save_model|bulk_create|ArticleForm/);
    expect(found.example).toBe(
      "def set_tags(article, tags):\n    article.tags.set(tags)\n    handler(article)",
    );
  });

  // netbox: `@receiver(m2m_changed, sender=TaggedItem)`; the instance is the tagged object.
  test("a through model as the sender is not the instance's model", () => {
    const found = finding(
      findingsOf("@receiver(m2m_changed, sender=TaggedItem)"),
      "model-signal-receiver",
    );
    expect(found.message).toContain("`m2m_changed` (sender `TaggedItem`)");
    // netbox's TaggedItem is a through model; nautobot's `sender=ComputedField` never fires.
    expect(found.message).toContain(
      "Note that Django sends `m2m_changed` with a relation's through model as `sender` (`Article.tags.through`): this receiver runs only if `TaggedItem` is one.",
    );
    expect(found.fix).toContain(
      "Make `handler` an ordinary function of the instance and call `handler(instance)`",
    );
    expect(`${found.message} ${found.fix} ${found.example}`).not.toMatch(
      /tagged_item|TaggedItemAdmin|TaggedItemForm/,
    );
  });

  test("a raise escapes from the relation's manager call, not from save()", () => {
    const found = finding(findings, "receiver-raises");
    expect(found.message).toContain(
      "from the middle of `article.tags.add()`/`remove()`/`set()`/`clear()`",
    );
    expect(found.message).not.toContain("`save()`");
    expect(found.example).toContain("article.tags.set(tags)");
  });
});

describe("receiver-raises per signal", () => {
  test("a post_delete receiver raises after the row is deleted", () => {
    const found = finding(
      findingsOf("@receiver(post_delete, sender=Book)", ["    raise ValueError()"]),
      "receiver-raises",
    );
    expect(found.message).toContain("from the middle of `delete()`");
    expect(found.message).toContain("The row is already deleted when it raises.");
  });

  test("a post_save receiver raises after the row is written", () => {
    const found = finding(
      findingsOf("@receiver(post_save, sender=Book)", ["    raise ValueError()"]),
      "receiver-raises",
    );
    expect(found.message).toContain("from the middle of `save()`");
    expect(found.message).toContain("The row is already written when it raises.");
  });
});

describe("a receiver that queues a task", () => {
  const receiverFinding = (decorator: string, body: string[]) =>
    finding(findingsOf(decorator, body), "model-signal-receiver");

  test("is told to queue it on commit, in the receiver's own names", () => {
    const found = receiverFinding("@receiver(post_save, sender=Book)", [
      "    index_book.delay(instance.pk, instance_id=instance.id)",
    ]);
    expect(found.message).toContain(
      "It also queues `index_book.delay()` from inside `save()`: when the save runs in a transaction (the admin opens one, as do `ATOMIC_REQUESTS` and `atomic()`), a worker can run the task before the change is committed",
    );
    expect(found.fix).toContain(
      "In `handler`, queue the task only once the transaction commits: `transaction.on_commit(partial(index_book.delay, instance.pk, instance_id=instance.id))` (`from functools import partial`).",
    );
  });

  test.each([
    ["pre_save", "before the row is even written"],
    ["post_delete", "inside the transaction that writes the change"],
    ["m2m_changed", "inside the transaction that writes the change"],
  ])("on %s, says when the task is queued", (signal, when) => {
    const found = receiverFinding(`@receiver(${signal}, sender=Book)`, ["    sync.delay()"]);
    expect(found.message).toContain(`It also queues \`sync.delay()\` ${when}: a worker`);
  });

  test.each([
    [
      "post_delete",
      "tasks.purge.apply_async(args=[instance.pk])",
      "partial(tasks.purge.apply_async, args=[instance.pk])",
    ],
    ["m2m_changed", "sync.delay()", "sync.delay"],
    ["post_save", "sync.delay(\n        instance.pk,\n    )", "partial(sync.delay, instance.pk)"],
    ["post_save", "sync.delay(\n        instance.pk,  # the id\n    )", "partial(sync.delay, ...)"],
  ])("on %s too", (signal, call, deferred) => {
    const found = receiverFinding(`@receiver(${signal}, sender=Book)`, [`    ${call}`]);
    expect(found.fix).toContain(`\`transaction.on_commit(${deferred})\``);
  });

  test.each([
    ["already deferred", ["    transaction.on_commit(lambda: index_book.delay(instance.pk))"]],
    ["deferred with partial", ["    on_commit(partial(index_book.delay, instance.pk))"]],
    ["in a comment", ["    # index_book.delay(instance.pk)", "    pass"]],
    ["in a nested function", ["    def later():", "        index_book.delay(1)", "    later()"]],
  ])("is not told when the task is %s", (_case, body) => {
    const found = receiverFinding("@receiver(post_save, sender=Book)", body);
    expect(found.message).not.toContain("queues");
    expect(found.fix).not.toContain("on_commit");
  });

  test("init signals run outside a write's transaction and are not told", () => {
    const imports = "from django.db.models.signals import post_init\n";
    const source = `${imports}@receiver(post_init, sender=Book)\ndef handler(sender, instance, **kwargs):\n    warm.delay(instance.pk)\n`;
    const found = analyzeSource(`from django.dispatch import receiver\n${source}`, {
      file: "signals.py",
    }).findings;
    expect(finding(found, "model-signal-receiver").message).not.toContain("queues");
  });
});

describe("a receiver that only Django's weak reference keeps", () => {
  const source = `from django.apps import AppConfig
from django.db.models.signals import post_save
from django.dispatch import receiver

post_save.connect(lambda sender, instance, **kw: print(instance), sender=Book)
post_save.connect(lambda sender, instance, **kw: print(instance), sender=Book, weak=False)
post_save.connect(lambda sender, instance, **kw: print(instance), Book, False)
post_save.connect(lambda sender, instance, **kw: print(instance), sender=Book, weak=settings.WEAK)
post_save.connect(lambda sender, instance, **kw: print(instance), sender=Book, weak=True)


def module_level(sender, instance, **kwargs):
    pass


post_save.connect(module_level, sender=Book)


class ShopConfig(AppConfig):
    def ready(self):
        def audit(sender, instance, **kwargs):
            pass

        post_save.connect(audit, sender=Book)
        post_save.connect(module_level, sender=Book)
        post_save.connect(self.on_save, sender=Book)

        @receiver(post_save, sender=Author)
        def nested(sender, instance, **kwargs):
            pass

        @receiver(post_save, sender=Author, weak=False)
        def kept(sender, instance, **kwargs):
            pass

    def on_save(self, sender, instance, **kwargs):
        pass
`;
  const messages = new Map(
    analyzeSource(source, { file: "apps.py" })
      .findings.filter((found) => found.ruleId === "model-signal-receiver")
      .map((found) => [found.line, found.message]),
  );
  const notes = new Map(
    [...messages].map(([line, message]) => [
      line,
      /Note that Django holds.*/.exec(message)?.[0] ?? null,
    ]),
  );

  test("a collected lambda gets no other rule's finding, not even for its missing sender", () => {
    const lambda =
      "from django.db.models.signals import post_save\npost_save.connect(lambda sender, instance, **kw: instance.save())\n";
    const rules = analyzeSource(lambda, { file: "apps.py" }).findings.map((f) => f.ruleId);
    expect(rules).toEqual(["model-signal-receiver"]);
  });

  test("a lambda connected without weak=False never runs, and is told so first", () => {
    expect(messages.get(9)?.startsWith("The lambda never runs:")).toBe(true);
    expect(messages.get(5)).toBe(
      "The lambda never runs: Django holds a receiver by a weak reference unless `weak=False` is passed, and nothing else refers to it, so it is garbage-collected right after `connect()`. Kept with `weak=False`, it would run on `post_save` of `Book`: `Book.objects.bulk_create(...)`, `Book.objects.filter(...).update(...)`, raw SQL and other programs writing the database skip it. It would run hidden inside `save()`, where readers of the calling code never see it.",
    );
  });

  test("a local function, connected or decorated, stops running when its function returns", () => {
    for (const [line, name] of [
      [24, "audit"],
      [28, "nested"],
    ] as const) {
      expect(notes.get(line)).toContain(`and \`${name}\` is defined inside a function:`);
    }
  });

  test("weak=False, an unknown weak=, module-level functions and methods get no note", () => {
    for (const line of [6, 7, 8, 16, 25, 26, 32]) {
      expect(messages.get(line)).toMatch(/ runs on `post_save` of `(Book|Author)`: /);
      expect(notes.get(line)).toBeNull();
    }
  });
});

describe("a receiver whose sender is an abstract model of the same file", () => {
  const models = `from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver


class Timestamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Book(Timestamped):
    """
    class Meta:
        abstract = True
    """

    class Meta:
        abstract = False
        ordering = ["title"]
`;
  const findingOf = (decorator: string, body = "    pass") =>
    finding(
      analyzeSource(
        `${models}\n\n${decorator}\ndef touch(sender, instance, created, **kwargs):\n${body}\n`,
        {
          file: "models.py",
        },
      ).findings,
      "model-signal-receiver",
    );

  test("never runs, and is told to override save() in the abstract model", () => {
    const found = findingOf("@receiver(post_save, sender=Timestamped)", "    print(created)");
    expect(found.message).toBe(
      "`touch` never runs: `Timestamped` is an abstract model, and Django sends `post_save` with the saved instance's own class as `sender` (a subclass of `Timestamped`), never an abstract one.",
    );
    expect(found.fix).toBe(
      "To run `touch` for every subclass, override `save()` in `Timestamped` and call `touch` from it: the subclasses inherit it.",
    );
    expect(found.example).toBe(
      [
        "class Timestamped(models.Model):",
        "    def save(self, *args, **kwargs):",
        "        created = self._state.adding",
        "        super().save(*args, **kwargs)",
        "        touch(self, created=created)",
      ].join("\n"),
    );
  });

  test("pre_save and post_delete call it before saving and after deleting", () => {
    const found = findingOf("@receiver([pre_save, post_delete], sender=Timestamped)");
    expect(found.message).toContain("with the saved or deleted instance's own class");
    expect(found.fix).toContain("override `save()` and `delete()` in `Timestamped`");
    expect(found.example).toBe(
      [
        "class Timestamped(models.Model):",
        "    def save(self, *args, **kwargs):",
        "        touch(self)",
        "        super().save(*args, **kwargs)",
        "",
        "    def delete(self, *args, **kwargs):",
        "        super().delete(*args, **kwargs)",
        "        touch(self)  # self.pk is None here",
      ].join("\n"),
    );
  });

  test.each([
    ["a concrete model, whatever its docstring says", "@receiver(post_save, sender=Book)"],
    ["m2m_changed, whose sender is a through model", "@receiver(m2m_changed, sender=Timestamped)"],
  ])("is the usual advice for %s", (_case, decorator) => {
    expect(findingOf(decorator).message).not.toContain("abstract");
  });

  test.each(["\n", "\r\n"])(
    "is read from the model's own Meta, never from a docstring or a nested class (%j)",
    (newline) => {
      const source = ABSTRACT_CASES.replaceAll("\n", newline);
      const never = analyzeSource(source, { file: "models.py" })
        .findings.filter((found) => found.message.includes("never runs"))
        .map((found) => found.receiver);
      expect(never).toEqual(["one_line", "blank_line_in_meta"]);
    },
  );

  test("gets no other rule's finding: its body never runs", () => {
    const source = `${models}\n\n@receiver(pre_save, sender=Timestamped)\ndef touch(sender, instance, **kwargs):\n    instance.save()\n    raise ValueError("no")\n`;
    const rules = analyzeSource(source, { file: "models.py" }).findings.map((f) => f.ruleId);
    expect(rules).toEqual(["model-signal-receiver"]);
  });
});

const ABSTRACT_CASES = `from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver


class Concrete(models.Model):
    class Admin:
        class Meta:
            abstract = True

    def __str__(self):
        return f"{self.pk}"


class Doc(models.Model):
    """
    class Meta:
        abstract = True
    """

    def __str__(self):
        return f"{self.pk}"


class Strung(models.Model):
    class Meta:
        """abstract = True"""


class OneLine(models.Model):
    class Meta: abstract = True


class Spaced(models.Model):
    class Meta:
        ordering = ["title"]

        abstract = True


@receiver(post_save, sender=Concrete)
def nested_meta(sender, instance, **kwargs): pass
@receiver(post_save, sender=Doc)
def docstring(sender, instance, **kwargs): pass
@receiver(post_save, sender=Strung)
def string_in_meta(sender, instance, **kwargs): pass
@receiver(post_save, sender=OneLine)
def one_line(sender, instance, **kwargs): pass
@receiver(post_save, sender=Spaced)
def blank_line_in_meta(sender, instance, **kwargs): pass
`;

describe("an m2m_changed receiver and its action", () => {
  const messageOf = (parameters: string, body: string[]) =>
    finding(
      analyzeSource(
        [
          ...IMPORTS,
          "@receiver(m2m_changed, sender=Article.tags.through)",
          `def handler(${parameters}):`,
          ...body,
        ].join("\n"),
        { file: "signals.py" },
      ).findings,
      "model-signal-receiver",
    ).message;

  test("that never reads it is told it does its work twice, and that pk_set can be None", () => {
    const message = messageOf("sender, instance, action, pk_set, **kwargs", [
      "    for pk in pk_set:",
      "        reindex(pk)",
    ]);
    expect(message).toContain(
      "It never reads `action`, so it does its work twice for every change: before and after each `add()`, `remove()` and `clear()` (`pre_add`, `post_add`, `pre_remove`, ...). For `clear()`, `pk_set` is `None`.",
    );
    expect(messageOf("sender, instance, **kwargs", ["    cache.clear()"])).toMatch(
      /twice for every change: .*\.\.\.\)\.$/,
    );
  });

  test.each([
    [
      "a parameter",
      "sender, instance, action, **kwargs",
      ['    if action == "post_add":', "        cache.clear()"],
    ],
    [
      "a keyword argument",
      "sender, **kwargs",
      ['    if kwargs["action"] == "post_add":', "        cache.clear()"],
    ],
  ])("that reads it as %s is not told", (_case, parameters, body) => {
    expect(messageOf(parameters, body)).not.toContain("action");
  });

  test.each([
    ["passes its keyword arguments on", "sender, **kwargs", ["    handle_tags(sender, **kwargs)"]],
    ["does nothing", "sender, instance, **kwargs", ['    """Later."""', "    pass"]],
  ])("that %s is not told", (_case, parameters, body) => {
    expect(messageOf(parameters, body)).not.toContain("never reads");
  });

  test("whose comment names action is still told", () => {
    expect(
      messageOf("sender, instance, **kwargs", [
        "    # action does not matter here",
        "    cache.clear()",
      ]),
    ).toContain("It never reads `action`");
  });

  test("written as a lambda that reads it is not told", () => {
    const source = [
      "from django.db.models.signals import m2m_changed",
      'm2m_changed.connect(lambda sender, instance, action, **kw: instance.touch() if action == "post_add" else None, sender=Article.tags.through, weak=False)',
    ].join("\n");
    const found = finding(
      analyzeSource(source, { file: "signals.py" }).findings,
      "model-signal-receiver",
    );
    expect(found.message).not.toContain("never reads");
  });
});

describe("a receiver without a sender that picks its models out itself", () => {
  const withoutSender = (body: string[], connect = false) => {
    const header = "def handler(sender, instance, **kwargs):";
    const source = connect
      ? [...IMPORTS, header, ...body, "", "", "pre_save.connect(handler)"]
      : [...IMPORTS, "@receiver(pre_save)", header, ...body];
    return finding(
      analyzeSource(source.join("\n"), { file: "signals.py" }).findings,
      "receiver-without-sender",
    );
  };

  test("with an early return, is told to override the model's own save()", () => {
    const found = withoutSender([
      '    """Keep the flag set."""',
      "    if not isinstance(instance, Provider):",
      "        return",
      "    instance.is_backchannel = True",
    ]);
    expect(found.message).toContain(
      "Its own check picks out `Provider` (subclasses included): for every other model, Django calls it for nothing.",
    );
    expect(found.fix).toBe(
      "Call `handler(instance)` from the code that saves `Provider`, or, closer to the model, override `save()` in `Provider` and call `handler` from it: its subclasses inherit it, and no other model pays for the check.",
    );
    expect(found.example).toBe(
      [
        "class Provider(models.Model):",
        "    def save(self, *args, **kwargs):",
        "        handler(self)",
        "        super().save(*args, **kwargs)",
      ].join("\n"),
    );
  });

  test.each([
    [
      ["    if not issubclass(sender, (Invoice, billing.Order)): return", "    log(instance)"],
      ["Invoice", "billing.Order"],
    ],
    [
      ["    if isinstance(instance, Invoice) and instance.total:", "        log(instance)"],
      ["Invoice"],
    ],
    [
      [
        "    if sender is not Invoice or not instance.total:",
        "        return",
        "    log(instance)",
      ],
      ["Invoice"],
    ],
  ])("reads the checked classes from %j", (body, classes) => {
    expect(withoutSender(body).message).toContain(
      `Its own check picks out ${classes.map((name) => `\`${name}\``).join(", ")}`,
    );
  });

  test("with one branch per model, is told to pass each as the sender", () => {
    const found = withoutSender([
      "    if sender == Delegate:",
      "        instance.user.compute_rank()",
      "    elif sender is Vote:",
      "        instance.update()",
    ]);
    expect(found.message).toContain("Its own check picks out `Delegate`, `Vote`: for every");
    expect(found.fix).toBe(
      "Call `handler(instance)` from the code that saves `Delegate`, `Vote`; at the very least pass `sender=Delegate` and `sender=Vote` (one registration each), so that Django calls `handler` for those models only.",
    );
    expect(found.example).toBe(
      [
        "@receiver(pre_save, sender=Delegate)",
        "@receiver(pre_save, sender=Vote)",
        "def handler(sender, instance, **kwargs):",
        "    ...",
      ].join("\n"),
    );
  });

  test.each([
    [
      "a check that guards only part of the body",
      ["    if isinstance(instance, Invoice):", "        log(instance)", "    audit(instance)"],
    ],
    [
      "a check that or widens",
      ["    if isinstance(instance, Invoice) or created:", "        log(instance)"],
    ],
    [
      "an else branch",
      [
        "    if sender is Invoice:",
        "        log(instance)",
        "    else:",
        "        audit(instance)",
      ],
    ],
    ["a constant, not a model", ["    if sender in AUDITED:", "        log(instance)"]],
    [
      "models.Model itself",
      ["    if not isinstance(instance, models.Model):", "        return", "    log(instance)"],
    ],
    ["a check in a string", ['    """if sender is Invoice:"""', "    log(instance)"]],
    [
      "an or after and",
      [
        "    if isinstance(instance, Invoice) and instance.a or instance.b:",
        "        log(instance)",
      ],
    ],
    [
      "a dict's colon",
      ["    if isinstance(instance, Invoice) and {1: 2} or True:", "        log(instance)"],
    ],
  ])("is the usual advice for %s", (_case, body) => {
    const found = withoutSender(body);
    expect(found.message).not.toContain("Its own check");
    expect(found.fix).toContain("at the very least pass `sender=<Model>`");
  });

  test("an identity check returning early is told to pass the sender", () => {
    const found = withoutSender([
      "    if sender is not Invoice or instance.archived:",
      "        return",
      "    log(instance)",
    ]);
    expect(found.message).toContain("Its own check picks out `Invoice`: for every");
    expect(found.fix).toContain("at the very least pass `sender=Invoice`");
  });

  test("deletes are told what an overridden delete() misses", () => {
    const source = [
      ...IMPORTS,
      "@receiver(post_delete)",
      "def handler(sender, instance, **kwargs):",
      "    if isinstance(instance, Attachment):",
      "        instance.file.delete(save=False)",
    ].join("\n");
    const found = finding(
      analyzeSource(source, { file: "signals.py" }).findings,
      "receiver-without-sender",
    );
    expect(found.fix).toContain(
      "override `delete()` in `Attachment` and call `handler` from it: its subclasses inherit it, and no other model pays for the check. `QuerySet.delete()` and cascades do not call `delete()`",
    );
  });

  test.each([
    ["m2m_changed, whose sender is a through model", "m2m_changed"],
    ["post_init, where an override of save() does not apply", "post_init"],
  ])("keeps the generic fix for %s", (_case, signal) => {
    const source = [
      "from django.db.models.signals import m2m_changed, post_init",
      "from django.dispatch import receiver",
      `@receiver(${signal})`,
      "def handler(sender, instance, **kwargs):",
      "    if not isinstance(instance, Book):",
      "        return",
      "    instance.touch()",
    ].join("\n");
    const found = finding(
      analyzeSource(source, { file: "signals.py" }).findings,
      "receiver-without-sender",
    );
    expect(found.fix).toContain("at the very least pass `sender=<Model>`");
  });

  test("connected with connect(), is shown one connect() per model", () => {
    const found = withoutSender(
      ["    if sender in (Delegate, Vote):", "        log(instance)"],
      true,
    );
    expect(found.example).toBe(
      ["pre_save.connect(handler, sender=Delegate)", "pre_save.connect(handler, sender=Vote)"].join(
        "\n",
      ),
    );
  });
});

describe("a pre_save receiver that reads its row back", () => {
  const receiverOf = (decorator: string, body: string[]) =>
    finding(findingsOf(decorator, body), "model-signal-receiver");

  test.each([
    "sender.objects.get(pk=instance.pk)",
    "Book.objects.get(id=instance.id)",
    "instance.__class__._default_manager.get(pk=instance.pk)",
    "type(instance).objects.get(pk = instance.pk)",
  ])("through %s is told the form already knows what changed", (read) => {
    const found = receiverOf("@receiver(pre_save, sender=Book)", [
      "    try:",
      `        old = ${read}`,
      "    except Book.DoesNotExist:",
      "        return",
      "    notify(old, instance)",
    ]);
    expect(found.message).toContain(
      `It reads the stored row again (\`${read}\`) to compare old and new values: an extra query inside \`save()\`.`,
    );
    expect(found.fix).toContain(
      "Compare the values where they change: `BookForm` knows which fields changed (`self.changed_data`) and what they were (`self.initial`).",
    );
  });

  test.each([
    [
      "post_save, where the row is the new one",
      "@receiver(post_save, sender=Book)",
      "    old = Book.objects.get(pk=instance.pk)",
    ],
    [
      "another row",
      "@receiver(pre_save, sender=Book)",
      "    author = Author.objects.get(pk=instance.author_id)",
    ],
    [
      "another model that shares the primary key",
      "@receiver(pre_save, sender=Book)",
      "    profile = Profile.objects.get(pk=instance.pk)",
    ],
    ["a cache's get()", "@receiver(pre_save, sender=Book)", "    old = cache.get(instance.pk)"],
  ])("is not told for %s", (_case, decorator, line) => {
    expect(receiverOf(decorator, [line]).message).not.toContain("reads the stored row");
  });
});
