// A generated Django project of `apps` x 30 modules, reproducible from its seed: each app has
// models with relations, forms, admin, views, serializers, signals, tasks that bypass the
// signals, and plain modules, so the index has real work and the archive a real size.

/** A small seeded PRNG (mulberry32): the same seed, the same project. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const MODULES_PER_APP = 30;
const FIXED_MODULES = 10;

function models(app: string, next: () => number): string {
  const fields = Array.from(
    { length: 4 + Math.floor(next() * 6) },
    (_, n) => `    field_${n} = models.CharField(max_length=${10 + n})`,
  );
  return `from django.db import models


class Category(models.Model):
    name = models.CharField(max_length=100)


class Item(models.Model):
    category = models.ForeignKey(Category, related_name="items", on_delete=models.CASCADE)
    count = models.IntegerField(default=0)
${fields.join("\n")}

    class Meta:
        db_table = "${app}_item"


class Tag(models.Model):
    items = models.ManyToManyField(Item, related_name="tags")
`;
}

function fixedModules(app: string, next: () => number): Record<string, string> {
  return {
    "__init__.py": "",
    "models.py": models(app, next),
    "apps.py": `from django.apps import AppConfig\n\n\nclass Config(AppConfig):\n    name = "${app}"\n`,
    "forms.py": `from django import forms\n\nfrom .models import Item\n\n\nclass ItemForm(forms.ModelForm):\n    class Meta:\n        model = Item\n        fields = "__all__"\n`,
    "admin.py": `from django.contrib import admin\n\nfrom .models import Item\n\n\n@admin.register(Item)\nclass ItemAdmin(admin.ModelAdmin):\n    list_display = ["id"]\n`,
    "views.py": `from django.views.generic import CreateView\n\nfrom .models import Item\n\n\nclass ItemCreate(CreateView):\n    model = Item\n    fields = "__all__"\n`,
    "serializers.py": `from rest_framework import serializers\n\nfrom .models import Item\n\n\nclass ItemSerializer(serializers.ModelSerializer):\n    class Meta:\n        model = Item\n        fields = "__all__"\n`,
    "handlers.py": `def recount(sender, instance, **kwargs):\n    category = instance.category\n    category.name = str(category.items.count())\n    category.save()\n`,
    "signals.py": `from django.db.models.signals import post_save\nfrom django.dispatch import receiver\n\nfrom .models import Tag\n\n\n@receiver(post_save, sender=Tag)\ndef touch(sender, instance, **kwargs):\n    pass\n`,
    "tasks.py": `from .models import Item\n\n\ndef reset():\n    Item.objects.filter(count__gt=0).update(count=0)\n    Item.objects.bulk_create([Item(count=1)])\n`,
  };
}

function plainModule(n: number, next: () => number): string {
  const functions = Array.from({ length: 8 + Math.floor(next() * 16) }, (_, f) => {
    const body = Array.from(
      { length: 3 + Math.floor(next() * 8) },
      (_, line) => `    value_${line} = argument * ${line} + ${Math.floor(next() * 1000)}`,
    );
    return `def helper_${n}_${f}(argument):\n${body.join("\n")}\n    return value_0\n`;
  });
  return `"""Helpers of module ${n}."""\nimport math\n\n\n${functions.join("\n\n")}`;
}

/** path -> text for `apps` apps (100 apps: 3,000 files). */
export function generateProject(apps: number, seed: number): Record<string, string> {
  const next = random(seed);
  const tree: Record<string, string> = { "manage.py": "import os\n" };
  for (let a = 0; a < apps; a++) {
    const app = `app_${a}`;
    for (const [name, text] of Object.entries(fixedModules(app, next))) {
      tree[`${app}/${name}`] = text;
    }
    for (let m = FIXED_MODULES; m < MODULES_PER_APP - (a === 0 ? 1 : 0); m++) {
      tree[`${app}/utils_${m}.py`] = plainModule(m, next);
    }
  }
  return tree;
}

/** The change a PR makes: app_0's apps.py connects handlers.recount for Item in ready(). */
export function connectingAppsModule(): string {
  return `from django.apps import AppConfig
from django.db.models.signals import post_save


class Config(AppConfig):
    name = "app_0"

    def ready(self):
        from . import handlers
        from .models import Item

        post_save.connect(handlers.recount, sender=Item)
`;
}
