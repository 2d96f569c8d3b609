// Generates the benchmark's Django project: 300 apps of ten modules each (3,000 files), shaped like
// real apps: models related across apps, forms, admins, views, serializers, tasks that write
// without signals. One app in ten has receivers (about 2.5 model-signal registrations per 100
// files; issue 12 counted 1.8 in eight real projects), half of them connected in apps.py to a
// handler of signals.py. Deterministic: the same seed writes the same bytes.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { seeded } from "./corpus.js";

const APPS = 300;
const MODELS_PER_APP = 4;
const NOUNS = [
  "Book",
  "Author",
  "Order",
  "Invoice",
  "Ticket",
  "Profile",
  "Store",
  "Shelf",
  "Review",
];
const FIELDS = [
  "title = models.CharField(max_length=200)",
  "slug = models.SlugField(unique=True)",
  "price = models.DecimalField(max_digits=10, decimal_places=2, default=0)",
  "stock = models.IntegerField(default=0)",
  'notes = models.TextField(blank=True, default="")',
  "created_at = models.DateTimeField(auto_now_add=True)",
  "is_active = models.BooleanField(default=True)",
];

function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

function modelsOf(app) {
  return Array.from(
    { length: MODELS_PER_APP },
    (_, i) => `${NOUNS[(app + i) % NOUNS.length]}${app}x${i}`,
  );
}

function modelsModule(random, app) {
  const [first, ...rest] = modelsOf(app);
  const previous = app > 0 ? `"app${app - 1}.${modelsOf(app - 1)[0]}"` : '"auth.User"';
  const model = (name, relations) => {
    const fields = Array.from({ length: 3 + Math.floor(random() * 4) }, () => pick(random, FIELDS));
    return `
class ${name}(TimeStamped):
    """A ${name.toLowerCase()} of app ${app}: \`${name}.objects.update()\` in a docstring is no write."""

${[...new Set(fields)].map((field) => `    ${field}`).join("\n")}
${relations.map((relation) => `    ${relation}`).join("\n")}
    objects = ${name}Manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.pk}: {self.title if hasattr(self, 'title') else ''}"

    def get_absolute_url(self):
        return reverse("app${app}:${name.toLowerCase()}-detail", kwargs={"pk": self.pk})
`;
  };
  return `from django.conf import settings
from django.db import models
from django.urls import reverse


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

${[first, ...rest]
  .map(
    (name) => `
class ${name}QuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


${name}Manager = models.Manager.from_queryset(${name}QuerySet)
`,
  )
  .join("")}
${model(first, [
  `owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="app${app}_items")`,
  `upstream = models.ForeignKey(${previous}, null=True, on_delete=models.SET_NULL)`,
])}
${rest
  .map((name, i) =>
    model(name, [
      `parent = models.ForeignKey(${[first, ...rest][i]}, on_delete=models.CASCADE, related_name="${name.toLowerCase()}s")`,
      `tags = models.ManyToManyField("app${app}.${first}", blank=True, related_name="tagged_${name.toLowerCase()}")`,
    ]),
  )
  .join("\n")}`;
}

function formsModule(app) {
  return `from django import forms

from .models import ${modelsOf(app).join(", ")}
${modelsOf(app)
  .map(
    (name) => `

class ${name}Form(forms.ModelForm):
    class Meta:
        model = ${name}
        fields = "__all__"

    def clean_title(self):
        title = self.cleaned_data.get("title", "")
        if len(title) < 3:
            raise forms.ValidationError("Too short")
        return title`,
  )
  .join("")}
`;
}

function adminModule(app) {
  const [first, ...rest] = modelsOf(app);
  return `from django.contrib import admin

from . import models
${rest
  .map(
    (name) => `

class ${name}Inline(admin.TabularInline):
    model = models.${name}
    extra = 0`,
  )
  .join("")}


@admin.register(models.${first})
class ${first}Admin(admin.ModelAdmin):
    list_display = ["id", "created_at"]
    search_fields = ["id"]
    inlines = [${rest.map((name) => `${name}Inline`).join(", ")}]

    def save_model(self, request, obj, form, change):
        obj.owner = request.user
        super().save_model(request, obj, form, change)
`;
}

function viewsModule(app) {
  const [first, second] = modelsOf(app);
  return `from django.shortcuts import get_object_or_404, redirect
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from rest_framework import viewsets

from .forms import ${first}Form
from .models import ${first}, ${second}
from .serializers import ${first}Serializer


class ${first}ListView(ListView):
    model = ${first}
    paginate_by = 25

    def get_queryset(self):
        return super().get_queryset().select_related("owner")


class ${first}CreateView(CreateView):
    form_class = ${first}Form
    success_url = "/"


class ${first}UpdateView(UpdateView):
    model = ${first}
    fields = ["title"]


class ${first}DetailView(DetailView):
    model = ${first}


class ${first}ViewSet(viewsets.ModelViewSet):
    queryset = ${first}.objects.all()
    serializer_class = ${first}Serializer


def archive(request, pk):
    item = get_object_or_404(${first}, pk=pk)
    ${second}.objects.filter(parent=item).update(is_active=False)
    return redirect(item.get_absolute_url())


def duplicate(request, pk):
    original = get_object_or_404(${first}, pk=pk)
    copy = ${first}(title=original.title, owner=request.user)
    copy.save()
    return redirect(copy.get_absolute_url())
`;
}

function serializersModule(app) {
  return `from rest_framework import serializers

from .models import ${modelsOf(app).join(", ")}
${modelsOf(app)
  .map(
    (name) => `

class ${name}Serializer(serializers.ModelSerializer):
    class Meta:
        model = ${name}
        fields = "__all__"
        read_only_fields = ["created_at"]`,
  )
  .join("")}
`;
}

function signalsModule(app, decorated) {
  const [first, second, third] = modelsOf(app);
  const handlers = `def update_${first.toLowerCase()}_stock(sender, instance, created, **kwargs):
    parent = instance.parent
    parent.stock = parent.${second.toLowerCase()}s.count()
    parent.save()


def touch_${third.toLowerCase()}(sender, instance, **kwargs):
    if instance.stock < 0:
        raise ValueError("negative stock")
    instance.save()
`;
  if (!decorated) return `${handlers}`;
  return `from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from .models import ${first}, ${second}, ${third}
from .tasks import reindex


@receiver(post_save, sender=${second})
${handlers.replace("\n\n\ndef touch", `\n\n\n@receiver(pre_delete, sender=${third})\ndef touch`)}

@receiver(post_save, sender=${first})
def queue_reindex(sender, instance, **kwargs):
    reindex.delay(instance.pk)
`;
}

function utilsModule(app) {
  const [first, second] = modelsOf(app);
  return `from django.db.models import Count

from .models import ${first}, ${second}


def ${first.toLowerCase()}_counts():
    return ${first}.objects.annotate(n=Count("${second.toLowerCase()}s")).values_list("pk", "n")


def create_${second.toLowerCase()}(parent, **fields):
    return ${second}.objects.create(parent=parent, **fields)
`;
}

function appsModule(app, signals) {
  const [, second, third] = modelsOf(app);
  const connects = !signals
    ? "        pass\n"
    : signals === "decorated"
      ? "        from . import signals  # noqa: F401  (registers the receivers)\n"
      : `        from . import signals
        from .models import ${second}, ${third}

        post_save.connect(signals.update_${modelsOf(app)[0].toLowerCase()}_stock, sender=${second})
        pre_delete.connect(signals.touch_${third.toLowerCase()}, sender="app${app}.${third}")
`;
  const imports =
    signals === "connected" ? "from django.db.models.signals import post_save, pre_delete\n" : "";
  return `from django.apps import AppConfig
${imports}

class App${app}Config(AppConfig):
    name = "app${app}"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
${connects}`;
}

function tasksModule(app) {
  const [first, second] = modelsOf(app);
  return `from celery import shared_task
from django.db import connection

from .models import ${first}, ${second}


@shared_task
def reindex(pk):
    item = ${first}.objects.get(pk=pk)
    item.${second.toLowerCase()}s.update(stock=0)
    return item.pk


@shared_task
def import_rows(rows):
    ${second}.objects.bulk_create([${second}(**row) for row in rows], batch_size=500)


def reset_stock():
    with connection.cursor() as cursor:
        cursor.execute("UPDATE app${app}_${second.toLowerCase()} SET stock = 0")
`;
}

function urlsModule(app) {
  const [first] = modelsOf(app);
  return `from django.urls import path

from . import views

app_name = "app${app}"
urlpatterns = [
    path("", views.${first}ListView.as_view(), name="${first.toLowerCase()}-list"),
    path("new/", views.${first}CreateView.as_view(), name="${first.toLowerCase()}-create"),
    path("<int:pk>/", views.${first}DetailView.as_view(), name="${first.toLowerCase()}-detail"),
    path("<int:pk>/edit/", views.${first}UpdateView.as_view(), name="${first.toLowerCase()}-update"),
    path("<int:pk>/archive/", views.archive, name="${first.toLowerCase()}-archive"),
]
`;
}

/** Writes the project under `directory` (replacing it); returns its number of files. */
export function generateDjangoProject(directory) {
  rmSync(directory, { recursive: true, force: true });
  const random = seeded(20261207);
  const files = new Map([
    [
      "manage.py",
      "import os\nimport sys\n\nif __name__ == '__main__':\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n",
    ],
    ["config/__init__.py", ""],
    [
      "config/settings.py",
      `INSTALLED_APPS = [${Array.from({ length: APPS }, (_, app) => `"app${app}"`).join(", ")}]\n`,
    ],
  ]);
  for (let app = 0; app < APPS; app++) {
    const signals = app % 10 !== 0 ? null : app % 20 === 0 ? "decorated" : "connected";
    const modules = {
      "__init__.py": "",
      "apps.py": appsModule(app, signals),
      "models.py": modelsModule(random, app),
      "forms.py": formsModule(app),
      "admin.py": adminModule(app),
      "views.py": viewsModule(app),
      "serializers.py": serializersModule(app),
      ...(signals
        ? { "signals.py": signalsModule(app, signals === "decorated") }
        : { "utils.py": utilsModule(app) }),
      "tasks.py": tasksModule(app),
      "urls.py": urlsModule(app),
    };
    for (const [name, text] of Object.entries(modules)) files.set(`app${app}/${name}`, text);
  }
  for (const [file, text] of files) {
    const absolute = path.join(directory, file);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
  }
  return files.size;
}
