// Generates the receiver-dense benchmark corpus: Django apps whose signals.py files use every
// registration form the engine knows, with bodies that trigger every rule. Deterministic: the same
// seed writes the same bytes, so figures from different runs compare.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

const APPS = 200;
const MODULES_PER_APP = 2;
const MODELS_PER_MODULE = 6;

/** A small seeded PRNG (mulberry32): reproducible variety without Math.random. */
export function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  "Tag",
];

function modelName(random, app, index) {
  return `${NOUNS[Math.floor(random() * NOUNS.length)]}${app}x${index}`.replace("_", "y");
}

function modelClasses(models) {
  return models.map(
    (name, i) => `
class ${name}(models.Model):
    title = models.CharField(max_length=200)
    num_items = models.IntegerField(default=0)
    tags = models.ManyToManyField("Tag${i}", related_name="${name.toLowerCase()}_set")
    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE)

    def __str__(self):
        return self.title
`,
  );
}

// One receiver per template; every template is a registration form from issue 2.
const RECEIVER_TEMPLATES = [
  (m, i) => `
@receiver(post_save, sender=${m})
def on_${i}_saved(sender, instance, created, **kwargs):
    for tag in instance.tags.all():
        tag.touch()
`,
  (m, i) => `
@receiver([pre_save, post_delete], sender=${m})
def on_${i}_changed(sender, instance, **kwargs):
    if instance.title == "":
        raise ValueError("title required")
`,
  (m, i) => `
@dispatch.receiver(post_save, sender=${m})
def on_${i}_recount(sender, instance, **kwargs):
    owner = instance.owner
    owner.num_items = ${m}.objects.filter(owner=owner).count()
    owner.save()
`,
  (m, i) => `
@on(signals.post_save, sender="shop.${m}")
def on_${i}_lazy(sender, instance, **kwargs):
    instance.save()
`,
  (m, i) => `
def handle_${i}(sender, instance, **kwargs):
    instance.owner.delete()


post_delete.connect(handle_${i}, sender=${m}, dispatch_uid="handle_${i}")
`,
  (m, i) => `
s.pre_save.connect(receiver=lambda sender, instance, **kw: None, sender=${m}, weak=False)
models.signals.m2m_changed.connect(audit.m2m_${i}, sender=${m}.tags.through)
`,
  (_m, i) => `
@receiver(post_save)
def on_anything_${i}(sender, instance, **kwargs):
    log(sender, instance)


@receiver(user_logged_in)
def on_login_${i}(sender, request, user, **kwargs):
    remember(user)
`,
];

// Models and receivers in one module, as many Django apps write them (and m2m fields are known).
function receiverModule(random, models, app) {
  const header = `import django.db.models.signals as s
from django import dispatch
from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.db.models import signals
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.dispatch import receiver as on

from . import audit
`;
  const bodies = [];
  for (let i = 0; i < models.length * RECEIVER_TEMPLATES.length; i++) {
    const template = RECEIVER_TEMPLATES[i % RECEIVER_TEMPLATES.length];
    const model = models[Math.floor(random() * models.length)];
    bodies.push(template(model, `${app}_${i}`));
  }
  const ready = `

class App${app}Config(AppConfig):
    name = "app${app}"

    def ready(self):
${models.map((m) => `        post_save.connect(self.on_save, sender=${m})`).join("\n")}

    def on_save(self, sender, instance, **kwargs):
        instance.save(update_fields=["title"])
`;
  return header + modelClasses(models).join("\n") + bodies.join("\n") + ready;
}

export function generateCorpus(directory, seed = 20261127) {
  const random = seeded(seed);
  rmSync(directory, { recursive: true, force: true });
  for (let app = 0; app < APPS; app++) {
    const appDirectory = path.join(directory, `app${app}`);
    mkdirSync(appDirectory, { recursive: true });
    for (let module = 0; module < MODULES_PER_APP; module++) {
      const tag = `${app}_${module}`;
      const models = Array.from({ length: MODELS_PER_MODULE }, (_, i) => modelName(random, tag, i));
      writeFileSync(
        path.join(appDirectory, `receivers${module}.py`),
        receiverModule(random, models, tag),
      );
    }
  }
}
