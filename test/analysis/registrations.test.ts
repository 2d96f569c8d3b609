import { describe, expect, test } from "vitest";
import { analyzeSource, type Receiver } from "../../src/analysis/index.js";

function receivers(source: string): Receiver[] {
  return analyzeSource(source, { file: "app/signals.py" }).receivers;
}

describe("receivers resolved from imports", () => {
  test("a decorator gives the function's name, signals, sender and the decorator's position", () => {
    const source = [
      "from django.db.models.signals import post_save, post_delete",
      "from django.dispatch import receiver",
      "",
      "class Handlers:",
      "    @receiver([post_save, post_delete], sender=Book)",
      "    def on_change(sender, instance, **kwargs):",
      "        pass",
    ].join("\n");
    expect(receivers(source)).toEqual([
      {
        name: "on_change",
        signals: ["post_save", "post_delete"],
        sender: "Book",
        line: 5,
        column: 5,
        kind: "decorator",
        isModelSignal: true,
      },
    ]);
  });

  test("a connect call gives the handler as written and a string sender without quotes", () => {
    const source = [
      "from django.db.models import signals",
      "def ready():",
      "    signals.pre_delete.connect(sync.handlers.on_delete, 'shop.Book', weak=False)",
    ].join("\n");
    expect(receivers(source)).toEqual([
      {
        name: "sync.handlers.on_delete",
        signals: ["pre_delete"],
        sender: "shop.Book",
        line: 3,
        column: 5,
        kind: "connect",
        isModelSignal: true,
      },
    ]);
  });

  test("legitimate signals are receivers that are not model signals", () => {
    const source = [
      "from django.contrib.auth import user_logged_in",
      "from allauth.account.signals import user_signed_up",
      "from django.dispatch import receiver",
      "user_logged_in.connect(log_login)",
      "@receiver(user_signed_up)",
      "def welcome(request, user, **kwargs): pass",
    ].join("\n");
    expect(
      receivers(source).map(({ name, signals, isModelSignal }) => ({
        name,
        signals,
        isModelSignal,
      })),
    ).toEqual([
      { name: "log_login", signals: ["user_logged_in"], isModelSignal: false },
      { name: "welcome", signals: ["user_signed_up"], isModelSignal: false },
    ]);
  });

  test("a star import of the signals module resolves bare names", () => {
    const source = "from django.db.models.signals import *\npost_save.connect(f, sender=Book)\n";
    expect(receivers(source).map((receiver) => receiver.signals)).toEqual([["post_save"]]);
  });

  test("signals imported inside AppConfig.ready() resolve", () => {
    const source = [
      "class ShopConfig(AppConfig):",
      "    def ready(self):",
      "        from django.db.models.signals import post_save",
      "        from . import handlers",
      "        post_save.connect(handlers.on_save, sender=self.get_model('Book'))",
    ].join("\n");
    expect(receivers(source).map(({ name, sender }) => ({ name, sender }))).toEqual([
      { name: "handlers.on_save", sender: "self.get_model('Book')" },
    ]);
  });
});

describe("receiver applied by a call", () => {
  test("receiver(signal, sender=X)(fn) registers fn with the call's signal and sender", () => {
    const source = [
      "from django.db.models.signals import post_save, post_delete",
      "from django.dispatch import receiver",
      "def on_change(sender, instance, **kwargs):",
      "    instance.save()",
      "receiver([post_save, post_delete], sender=Book)(on_change)",
      "receiver(post_save, sender='shop.Author') (handlers.on_author)",
    ].join("\n");
    expect(receivers(source)).toEqual([
      {
        name: "on_change",
        signals: ["post_save", "post_delete"],
        sender: "Book",
        line: 5,
        column: 1,
        kind: "connect",
        isModelSignal: true,
      },
      {
        name: "handlers.on_author",
        signals: ["post_save"],
        sender: "shop.Author",
        line: 6,
        column: 1,
        kind: "connect",
        isModelSignal: true,
      },
    ]);
    const findings = analyzeSource(source, { file: "app/signals.py" }).findings;
    expect(findings.filter((f) => f.ruleId === "signal-recursion").map((f) => f.line)).toEqual([4]);
  });

  test("a receiver call that is not applied at once, or to more than a name, registers nothing", () => {
    const source = [
      "from django.db.models.signals import post_save",
      "from django.dispatch import receiver",
      "decorate = receiver(post_save, sender=Book)",
      "receiver(post_save, sender=Book)(make_handler())",
    ].join("\n");
    expect(receivers(source)).toEqual([]);
  });
});

describe("look-alikes that register nothing", () => {
  test.each([
    [
      "a project's own Signal()",
      "from django.dispatch import Signal, receiver\npost_save = Signal()\n@receiver(post_save, sender=Book)\ndef f(**kw): pass\npost_save.connect(f)\n",
    ],
    [
      "blinker signals",
      "from blinker import signal\npost_save = signal('post_save')\npost_save.connect(f, sender=Book)\n",
    ],
    [
      "Flask signals",
      "from flask.signals import request_finished\nrequest_finished.connect(log, app)\n",
    ],
    [
      "PyQt clicked.connect",
      "from PyQt5.QtWidgets import QPushButton\nbutton.clicked.connect(self.on_click)\n",
    ],
    ["db.connect()", "import sqlite3\ndb = sqlite3.connect('x.db')\ndb.connect()\n"],
    [
      "send and disconnect",
      "from django.db.models.signals import post_save\npost_save.send(sender=Book, instance=b)\npost_save.disconnect(f, sender=Book)\n",
    ],
    [
      "text in strings and comments",
      "from django.db.models.signals import post_save\n# post_save.connect(f)\nx = '@receiver(post_save)'\n",
    ],
    [
      "a relative module named like Django's",
      "from .django.db.models.signals import post_save\npost_save.connect(f, sender=Book)\n",
    ],
    [
      "an undecorated function named receiver",
      "from django.db.models.signals import post_save\ndef receiver(*a): pass\n@receiver(post_save, sender=Book)\ndef f(**kw): pass\n",
    ],
  ])("%s", (_name, source) => {
    expect(receivers(source)).toEqual([]);
  });
});

describe("connect calls in loops over literal lists", () => {
  test("registers once per signal of the list", () => {
    const source = [
      "from django.db.models.signals import post_delete, post_save",
      "",
      "def invalidate(sender, **kwargs):",
      "    pass",
      "",
      "for signal in (post_save, post_delete):",
      "    signal.connect(invalidate, sender=Book)",
      "",
    ].join("\n");
    expect(
      receivers(source).map((r) => `${r.line} ${r.signals.join()} ${r.name} ${r.sender}`),
    ).toEqual(["7 post_save invalidate Book", "7 post_delete invalidate Book"]);
  });

  test("registers each (signal, handler) pair", () => {
    const source = [
      "from django.db.models import signals",
      "",
      "def on_save(sender, **kwargs):",
      "    pass",
      "",
      "HANDLERS = []",
      "for signal, handler in [",
      "    (signals.post_save, on_save),",
      "    (signals.pre_delete, handlers.on_delete),",
      "]:",
      "    signal.connect(handler, sender=Book)",
      "",
    ].join("\n");
    expect(receivers(source).map((r) => `${r.line} ${r.signals.join()} ${r.name}`)).toEqual([
      "11 post_save on_save",
      "11 pre_delete handlers.on_delete",
    ]);
  });

  test("registers nothing for a loop over anything but a literal", () => {
    const source = [
      "from django.db.models.signals import post_save",
      "for signal in SIGNALS:",
      "    signal.connect(handler, sender=Book)",
      "",
    ].join("\n");
    expect(receivers(source)).toEqual([]);
  });
});
